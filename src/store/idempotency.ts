import type { Redis } from 'ioredis';

/**
 * "Has this already been handled?" for deliveries that may come more than once (a HubSpot
 * callbackId, a webhook eventId, a Twilio MessageSid): the first `claim` of a key wins.
 */
export interface IdempotencyStore {
  /** True for the first claim of `key` within `ttlMs`; false for every later one. */
  claim(key: string, ttlMs: number): Promise<boolean>;
  /** Gives a key back (the work failed before it had any effect and may be tried again). */
  release(key: string): Promise<void>;
}

export function createRedisIdempotencyStore(redis: Redis, prefix: string): IdempotencyStore {
  return {
    async claim(key, ttlMs) {
      return (await redis.set(`${prefix}once:${key}`, '1', 'PX', ttlMs, 'NX')) === 'OK';
    },
    async release(key) {
      await redis.del(`${prefix}once:${key}`);
    },
  };
}

export function createMemoryIdempotencyStore(now: () => number = Date.now): IdempotencyStore {
  const claimed = new Map<string, number>();
  return {
    async claim(key, ttlMs) {
      const until = claimed.get(key);
      if (until !== undefined && until > now()) return false;
      claimed.set(key, now() + ttlMs);
      return true;
    },
    async release(key) {
      claimed.delete(key);
    },
  };
}
