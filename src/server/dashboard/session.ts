import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The dashboard's login: one shared token from the configuration, and a session cookie that is
 * an expiry signed with a key derived from that token. Nothing is kept on the server, every
 * instance can check a cookie, and changing the token signs everyone out.
 */

export const SESSION_COOKIE = 'reactivate_dashboard';
/** A working day and then some: the front desk logs in once a day. */
export const DEFAULT_SESSION_TTL_MS = 12 * 60 * 60 * 1000;

const VERSION = 'v1';

/** The signing key of session cookies, derived from the dashboard token. */
export function sessionKey(token: string): Buffer {
  return createHmac('sha256', token).update('reactivate dashboard session key').digest();
}

/**
 * Compares a typed token with the configured one in constant time: both are hashed first, so
 * neither their contents nor their lengths change how long the comparison takes.
 */
export function tokenMatches(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

function signature(key: Buffer, expiresAt: number): Buffer {
  return createHmac('sha256', key).update(`${VERSION}.${expiresAt}`).digest();
}

/** A cookie value valid until `now + ttlMs`: `v1.<expiry ms>.<base64url HMAC>`. */
export function issueSession(key: Buffer, now: Date, ttlMs = DEFAULT_SESSION_TTL_MS): string {
  const expiresAt = now.getTime() + ttlMs;
  return `${VERSION}.${expiresAt}.${signature(key, expiresAt).toString('base64url')}`;
}

/** True when `value` was issued with `key` and has not expired at `now`. */
export function verifySession(key: Buffer, value: string | undefined, now: Date): boolean {
  if (!value) return false;
  const match = /^v1\.(\d{1,16})\.([A-Za-z0-9_-]{43})$/.exec(value);
  if (!match) return false;
  const expiresAt = Number(match[1]);
  // Compared as text: base64url's last character has spare bits, so decoding first would accept
  // several spellings of one signature.
  const given = Buffer.from(match[2]!);
  const expected = Buffer.from(signature(key, expiresAt).toString('base64url'));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false;
  return expiresAt > now.getTime();
}

/** One cookie's value from a Cookie header (the first of that name), URI-decoded. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1 || part.slice(0, eq).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export interface CookieOptions {
  path: string;
  secure: boolean;
  /** Seconds; 0 clears the cookie. */
  maxAge: number;
}

/** A Set-Cookie value: HttpOnly, SameSite=Strict, Secure over https. */
export function sessionCookie(value: string, o: CookieOptions): string {
  return [
    `${SESSION_COOKIE}=${encodeURIComponent(value)}`,
    `Path=${o.path}`,
    `Max-Age=${o.maxAge}`,
    'HttpOnly',
    'SameSite=Strict',
    ...(o.secure ? ['Secure'] : []),
  ].join('; ');
}
