import { randomBytes } from 'node:crypto';

/** Twilio's SID prefixes the sandbox hands out. */
export type SidPrefix = 'AC' | 'SM' | 'MM' | 'CA' | 'MG' | 'HX' | 'PN';

/** A Twilio-shaped SID: the two-letter prefix and 32 lowercase hex digits (34 characters). */
export function newSid(prefix: SidPrefix): string {
  return prefix + randomBytes(16).toString('hex');
}

/** True when `value` is a well-formed SID with this prefix (the spec's `^XX[0-9a-fA-F]{32}$`). */
export function isSid(value: unknown, prefix: SidPrefix): value is string {
  return typeof value === 'string' && new RegExp(`^${prefix}[0-9a-fA-F]{32}$`).test(value);
}
