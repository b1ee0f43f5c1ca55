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
