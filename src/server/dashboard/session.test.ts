import { describe, expect, it } from 'vitest';
import {
  issueSession,
  readCookie,
  sessionCookie,
  sessionKey,
  tokenMatches,
  verifySession,
} from './session.ts';

const NOW = new Date('2026-05-20T10:00:00Z');
const HOUR = 3_600_000;

describe('dashboard session cookie', () => {
  const key = sessionKey('s3cret-token');

  it('is valid until it expires', () => {
    const value = issueSession(key, NOW, HOUR);
    expect(verifySession(key, value, NOW)).toBe(true);
    expect(verifySession(key, value, new Date(NOW.getTime() + HOUR - 1))).toBe(true);
    expect(verifySession(key, value, new Date(NOW.getTime() + HOUR))).toBe(false);
  });

  it('is refused when signed with another token, tampered with or malformed', () => {
    const value = issueSession(key, NOW, HOUR);
    expect(verifySession(sessionKey('another-token'), value, NOW)).toBe(false);
    const [v, expiry, sig] = value.split('.');
    const later = `${v}.${Number(expiry) + 10 * HOUR}.${sig}`;
    expect(verifySession(key, later, NOW)).toBe(false);
    // Every one-character change of the signature is refused, the last character's spare bits too.
    for (let i = 0; i < sig!.length; i++) {
      const c = sig![i] === 'A' ? 'B' : 'A';
      const changed = `${v}.${expiry}.${sig!.slice(0, i)}${c}${sig!.slice(i + 1)}`;
      expect(verifySession(key, changed, NOW)).toBe(false);
    }
    for (const bad of [undefined, '', 'v1', 'v1.x.y', `v2.${expiry}.${sig}`, `${value}.extra`])
      expect(verifySession(key, bad, NOW)).toBe(false);
  });

  it('compares tokens whole, whatever their lengths', () => {
    expect(tokenMatches('abc', 'abc')).toBe(true);
    expect(tokenMatches('abc', 'abcd')).toBe(false);
    expect(tokenMatches('', 'abc')).toBe(false);
  });

  it('reads its cookie among others and writes a strict, HttpOnly one', () => {
    expect(readCookie('a=1; reactivate_dashboard=v1.2.x; b=3', 'reactivate_dashboard')).toBe(
      'v1.2.x',
    );
    expect(readCookie('a=1', 'reactivate_dashboard')).toBeUndefined();
    expect(readCookie(undefined, 'reactivate_dashboard')).toBeUndefined();
    expect(sessionCookie('v', { path: '/', secure: true, maxAge: 60 })).toBe(
      'reactivate_dashboard=v; Path=/; Max-Age=60; HttpOnly; SameSite=Strict; Secure',
    );
    expect(sessionCookie('v', { path: '/', secure: false, maxAge: 0 })).not.toContain('Secure');
  });
});
