/**
 * Dates and free text as the front desk reads them. Calendar dates (`YYYY-MM-DD`: last visit,
 * recall due) have no time zone and are shown as written; instants (next appointment, outreach)
 * are shown in the HubSpot account's time zone.
 */

export interface Formatting {
  /** BCP 47 locale of the HubSpot user. */
  locale: string;
  /** IANA time zone of the HubSpot account. */
  timeZone: string;
}

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `2025-03-04` → `Mar 4, 2025` (en-US); null → `—`. Anything unreadable is shown masked. */
export function formatDate(value: string | null, f: Formatting): string {
  if (value === null) return '—';
  const m = LOCAL_DATE.exec(value);
  if (!m) return formatInstant(value, f);
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return new Intl.DateTimeFormat(f.locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}

/** An ISO instant → `Mar 4, 2025, 9:30 AM` in the account's zone; null → `—`. */
export function formatInstant(value: string | null, f: Formatting): string {
  if (value === null) return '—';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return maskPhoneNumbers(value);
  return new Intl.DateTimeFormat(f.locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: f.timeZone,
  }).format(date);
}

/**
 * Nine or more digits, with at most two separators between two of them (`+44 7700 900123`,
 * `(555) 010-0199`): the card never shows a phone number, even if a reply summary or a message
 * from the service were to carry one. Dates as the card writes them have fewer digits.
 */
const PHONE_LIKE = /\+?\(?\d(?:[\s().-]{0,2}\d){8,}/g;

/** Replaces anything shaped like a phone number with `[number hidden]`. */
export function maskPhoneNumbers(text: string): string {
  return text.replace(PHONE_LIKE, '[number hidden]');
}
