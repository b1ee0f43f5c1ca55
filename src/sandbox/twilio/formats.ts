import { parsePhoneNumberFromString, type PhoneNumber } from 'libphonenumber-js/max';

/**
 * Date and number formats exactly as Twilio writes them. The 2010 API dates are RFC 2822 in GMT
 * (`Thu, 24 Aug 2023 05:01:45 +0000`); the Content API writes ISO 8601 without milliseconds.
 */
export function rfc2822(date: Date): string {
  return date.toUTCString().replace(/GMT$/, '+0000');
}

export function rfc2822OrNull(date: Date | null): string | null {
  return date === null ? null : rfc2822(date);
}

export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A price as Twilio shows it: negative (a charge), five decimals, as a string (`-0.00790`). */
export function price(amount: number): string {
  return (-amount).toFixed(5);
}

/** `whatsapp:+1415…` → `+1415…`: the phone number behind a channel address. */
export function bareNumber(address: string): string {
  return address.startsWith('whatsapp:') ? address.slice('whatsapp:'.length) : address;
}

/** A parsed number only when libphonenumber's full metadata says it is a valid E.164 number. */
export function parseValidE164(address: string): PhoneNumber | undefined {
  const parsed = parsePhoneNumberFromString(bareNumber(address));
  return parsed?.isValid() ? parsed : undefined;
}

/**
 * How Twilio formats a number for display on a Call (`to_formatted`): national format inside
 * North America, E.164 elsewhere.
 */
export function displayFormat(address: string): string {
  const parsed = parseValidE164(address);
  if (!parsed) return address;
  return parsed.countryCallingCode === '1' ? parsed.formatNational() : parsed.number;
}
