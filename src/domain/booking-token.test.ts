import { describe, expect, it } from 'vitest';
import { bookingLinkId, issueBookingToken, verifyBookingToken } from './booking-token.ts';

const options = { secret: 'test-secret' };
const now = new Date('2026-11-28T12:00:00Z');

describe('booking tokens', () => {
  it('carry no patient data and the same id for the same patient', () => {
    const token = issueBookingToken('opendental:1:4521', now, options);
    expect(token).not.toContain('4521');
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[a-z0-9]+\.[A-Za-z0-9_-]+$/);
    expect(verifyBookingToken(token, now, options)).toEqual({
      ok: true,
      id: bookingLinkId('opendental:1:4521', 'test-secret'),
    });
    expect(bookingLinkId('opendental:1:4521', 'test-secret')).not.toBe(
      bookingLinkId('opendental:1:4522', 'test-secret'),
    );
  });

  it('stay the same within a period and expire after at most two', () => {
    const token = issueBookingToken('k', now, options);
    expect(issueBookingToken('k', new Date(now.getTime() + 86_400_000), options)).toBe(token);
    expect(verifyBookingToken(token, new Date(now.getTime() + 89 * 86_400_000), options).ok).toBe(
      true,
    );
    expect(verifyBookingToken(token, new Date(now.getTime() + 181 * 86_400_000), options)).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('refuse any change, another secret and garbage', () => {
    const token = issueBookingToken('k', now, options);
    const [id, exp, sig] = token.split('.') as [string, string, string];
    const flip = (s: string) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
    expect(verifyBookingToken(`${flip(id)}.${exp}.${sig}`, now, options)).toEqual({
      ok: false,
      reason: 'tampered',
    });
    expect(
      verifyBookingToken(`${id}.${(parseInt(exp, 36) + 90).toString(36)}.${sig}`, now, options),
    ).toEqual({ ok: false, reason: 'tampered' });
    expect(verifyBookingToken(`${id}.${exp}.${flip(sig)}`, now, options)).toEqual({
      ok: false,
      reason: 'tampered',
    });
    expect(verifyBookingToken(token, now, { secret: 'other' })).toEqual({
      ok: false,
      reason: 'tampered',
    });
    for (const junk of ['', 'abc', 'a.b', 'a.b.c.d', '<script>.x.y', `${id}.${exp}`]) {
      expect(verifyBookingToken(junk, now, options).ok).toBe(false);
    }
  });
});
