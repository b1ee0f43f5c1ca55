import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { z } from 'zod';

/**
 * Phones and emails as the product counts them: a phone counts only when libphonenumber-js's
 * `isValidPhoneNumber` says it is a valid number (default region from the practice file), and it is
 * then written in E.164; an email counts when it is syntactically valid.
 */

/** The number in E.164, or undefined when it is not a valid number. */
export function normalizePhone(raw: string | undefined, defaultRegion: string): string | undefined {
  if (raw === undefined) return undefined;
  const trimmed = raw.trim();
  if (trimmed.length === 0) return undefined;
  // One parse, as `isValidPhoneNumber` does it (extract: false: the whole field must be the
  // number), then its E.164 form: parsing twice was half the audit's reachability time.
  const parsed = parsePhoneNumberFromString(trimmed, {
    defaultCountry: defaultRegion as CountryCode,
    extract: false,
  });
  return parsed?.isValid() ? parsed.number : undefined;
}

const EmailSchema = z.email();

/** The email trimmed and lower-cased, or undefined when it is not a syntactically valid address. */
export function normalizeEmail(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const trimmed = raw.trim().toLowerCase();
  if (trimmed.length === 0) return undefined;
  return EmailSchema.safeParse(trimmed).success ? trimmed : undefined;
}
