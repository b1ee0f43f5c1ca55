import { normalizePhone } from '../domain/contact-details.ts';
/** The little TwiML the service answers Twilio with, escaped. */
export function escapeXml(text: string): string {
  return text.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!,
  );
}

/** `<Response>` with one `<Message>` (or none). */
export function messageTwiml(text: string | undefined): string {
  return text
    ? `<?xml version="1.0" encoding="UTF-8"?><Response><Message>${escapeXml(text)}</Message></Response>`
    : '<?xml version="1.0" encoding="UTF-8"?><Response/>';
}

/**
 * The office's number as <Dial> wants it: E.164. The practice file may write it nationally
 * ("(617) 555-0142"), which Twilio reads right only for US numbers.
 */
export function dialable(phone: string, defaultRegion: string): string {
  return normalizePhone(phone, defaultRegion) ?? phone;
}
