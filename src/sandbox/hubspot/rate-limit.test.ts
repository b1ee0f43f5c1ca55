import { describe, expect, it } from 'vitest';
import { RateLimiter, RollingWindow } from './rate-limit.ts';

describe('RollingWindow', () => {
  it('admits `requests` per rolling window and frees a slot as the oldest leaves it', () => {
    const window = new RollingWindow({ requests: 3, windowMs: 10_000 });
    expect([0, 1_000, 2_000].map((t) => window.tryAcquire('t', t))).toEqual([true, true, true]);
    expect(window.tryAcquire('t', 9_999)).toBe(false);
    // The request at 0 leaves the window at 10,000; the refused one was not counted.
    expect(window.tryAcquire('t', 10_000)).toBe(true);
    expect(window.tryAcquire('t', 10_500)).toBe(false);
    // At 12,000 only the request at 10,000 is still inside (2,000, 12,000].
    expect(window.remaining('t', 12_000)).toBe(2);
  });

  it('counts each key on its own', () => {
    const window = new RollingWindow({ requests: 1, windowMs: 1_000 });
    expect(window.tryAcquire('a', 0)).toBe(true);
    expect(window.tryAcquire('b', 0)).toBe(true);
    expect(window.tryAcquire('a', 1)).toBe(false);
  });
});

describe('RateLimiter', () => {
  it('names the limit a request broke: search first by its own, then the ten-secondly one', () => {
    const limiter = new RateLimiter(
      { requests: 5, windowMs: 10_000 },
      { requests: 2, windowMs: 1_000 },
      1_000,
    );
    expect(limiter.admit('t', true, 0)).toBeUndefined();
    expect(limiter.admit('t', true, 10)).toBeUndefined();
    expect(limiter.admit('t', true, 20)).toBe('SECONDLY');
    expect(limiter.admit('t', false, 30)).toBeUndefined();
    expect(limiter.admit('t', false, 40)).toBeUndefined();
    expect(limiter.admit('t', true, 1_500)).toBeUndefined();
    expect(limiter.admit('t', false, 1_600)).toBe('TEN_SECONDLY_ROLLING');
  });

  it('sends HubSpot rate-limit headers with what is left', () => {
    const limiter = new RateLimiter({ requests: 190, windowMs: 10_000 }, undefined, 650_000);
    limiter.admit('t', false, 0);
    expect(limiter.headers('t', 0)).toEqual({
      'X-HubSpot-RateLimit-Daily': '650000',
      'X-HubSpot-RateLimit-Daily-Remaining': '649999',
      'X-HubSpot-RateLimit-Interval-Milliseconds': '10000',
      'X-HubSpot-RateLimit-Max': '190',
      'X-HubSpot-RateLimit-Remaining': '189',
    });
  });

  it('enforces the daily limit until the next UTC day', () => {
    const limiter = new RateLimiter({ requests: 100, windowMs: 1 }, undefined, 2);
    const day = Date.UTC(2026, 10, 1, 12);
    expect(limiter.admit('t', false, day)).toBeUndefined();
    expect(limiter.admit('t', false, day + 10)).toBeUndefined();
    expect(limiter.admit('t', false, day + 20)).toBe('DAILY');
    expect(limiter.admit('t', false, day + 12 * 3_600_000)).toBeUndefined();
  });

  it('is off without a general window: no limits, no headers', () => {
    const limiter = new RateLimiter(undefined, undefined, 1);
    for (let i = 0; i < 10; i += 1) expect(limiter.admit('t', true, i)).toBeUndefined();
    expect(limiter.headers('t', 0)).toEqual({});
  });
});
