import { describe, expect, it } from 'vitest';
import { TWILIO_MESSAGES_BUCKET } from '../messaging/messenger.ts';
import { twilioLimits } from './compose-service.ts';

/**
 * The sender's bucket: the limiter lets `limit` messages into any rolling `windowMs` (src/store),
 * so as fast as it allows, message i goes at floor(i / limit) × windowMs. Whatever the rate, no
 * second may hold more than it, and the pace must stay within a few percent of it.
 */
function fastestSchedule(limit: number, windowMs: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => Math.floor(i / limit) * windowMs);
}

function mostInOneSecond(times: number[]): number {
  let most = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (j < times.length && times[j]! - times[i]! < 1_000) j++;
    most = Math.max(most, j - i);
  }
  return most;
}

describe('twilioLimits', () => {
  it('75 per second: 5 every 69 ms', () => {
    expect(twilioLimits(75)[TWILIO_MESSAGES_BUCKET]).toEqual({ limit: 5, windowMs: 69 });
  });

  it.each([1, 3, 10, 12, 25, 73, 75, 100, 101, 150, 200, 225])(
    '%i per second: never more in a second, at 94–97% of it, in bursts of a tenth at most',
    (perSecond) => {
      const { limit, windowMs } = twilioLimits(perSecond)[TWILIO_MESSAGES_BUCKET]!;
      expect(Number.isInteger(windowMs)).toBe(true);
      expect(limit).toBeLessThanOrEqual(Math.max(1, perSecond / 10));
      expect(mostInOneSecond(fastestSchedule(limit, windowMs, perSecond * 10))).toBeLessThanOrEqual(
        perSecond,
      );
      const rate = (1_000 * limit) / windowMs;
      expect(rate / perSecond).toBeLessThanOrEqual(1_000 / 1_030);
      expect(rate / perSecond).toBeGreaterThan(0.94);
    },
  );
});
