import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * One-tap booking links: `<PUBLIC_BASE_URL>/b/<token>`. The token carries no patient data: an
 * opaque id (an HMAC of the patient key, so the same patient always gets the same id), the day it
 * expires, and a signature over both. The service maps the id back to the patient itself.
 *
 * Links roll over every `periodDays` so that a link in an old message stops working after at
 * most two periods, while a patient's link stays the same within a period (the sync does not
 * rewrite every contact every day).
 */
export interface BookingTokenOptions {
  secret: string;
  periodDays?: number;
}

const DAY_MS = 86_400_000;

const mac = (secret: string, text: string): Buffer =>
  createHmac('sha256', secret).update(text).digest();

/** The opaque id of a patient's links (stable for a given secret). */
export function bookingLinkId(patientKey: string, secret: string): string {
  return mac(secret, `booking-link-id:${patientKey}`).subarray(0, 12).toString('base64url');
}

/** A token for `patientKey`, issued at `now`. */
export function issueBookingToken(
  patientKey: string,
  now: Date,
  options: BookingTokenOptions,
): string {
  const period = options.periodDays ?? 90;
  const day = Math.floor(now.getTime() / DAY_MS);
  const expiresDay = (Math.floor(day / period) + 2) * period;
  const id = bookingLinkId(patientKey, options.secret);
  const body = `${id}.${expiresDay.toString(36)}`;
  return `${body}.${mac(options.secret, `booking-link:${body}`).subarray(0, 16).toString('base64url')}`;
}

export type TokenCheck =
  { ok: true; id: string } | { ok: false; reason: 'malformed' | 'tampered' | 'expired' };

/** Checks a token's signature (in constant time) and expiry. */
export function verifyBookingToken(
  token: string,
  now: Date,
  options: BookingTokenOptions,
): TokenCheck {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]+$/.test(p)))
    return { ok: false, reason: 'malformed' };
  const [id, expires, signature] = parts as [string, string, string];
  const expected = mac(options.secret, `booking-link:${id}.${expires}`).subarray(0, 16);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'tampered' };
  if (parseInt(expires, 36) * DAY_MS <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, id };
}
