import type { Redis } from 'ioredis';
import {
  bucketLimit,
  PENALTY_FACTOR,
  sleep,
  type BucketLimit,
  type RateLimiter,
} from './rate-limiter.ts';

/**
 * The rolling window lives in Redis (a sorted set of request times per bucket), checked and
 * updated by one Lua script so that every process sees the same count. Time is Redis's own clock,
 * so processes on different machines agree.
 *
 * KEYS: window zset, state hash. ARGV: configured limit, window ms, member suffix.
 * Returns 0 when the request may go, else the milliseconds to wait before asking again.
 */
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local max = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local state = redis.call('HMGET', KEYS[2], 'blockedUntil', 'limit', 'lastPenalty', 'lastGrow')
local blockedUntil = tonumber(state[1]) or 0
local limit = tonumber(state[2]) or max
local lastPenalty = tonumber(state[3]) or 0
local lastGrow = tonumber(state[4]) or 0
if blockedUntil > now then return blockedUntil - now end
if limit < max and now - lastPenalty > window and now - lastGrow > window / max then
  limit = limit + 1
  redis.call('HSET', KEYS[2], 'limit', limit, 'lastGrow', now)
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
if count < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window * 2)
  redis.call('PEXPIRE', KEYS[2], window * 60)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], count - limit, count - limit, 'WITHSCORES')
local wait = tonumber(oldest[2]) + window - now
if wait < 1 then wait = 1 end
return wait
`;

/** KEYS: window zset. ARGV: window ms, member. Counts a request's slot from now (its answer). */
const SETTLE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], now, ARGV[2])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[1]) * 2)
return 0
`;

const PENALIZE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local max = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local ms = tonumber(ARGV[3])
local factor = tonumber(ARGV[4])
local state = redis.call('HMGET', KEYS[2], 'blockedUntil', 'limit', 'lastPenalty')
local blockedUntil = tonumber(state[1]) or 0
local limit = tonumber(state[2]) or max
local lastPenalty = tonumber(state[3]) or 0
if now + ms > blockedUntil then blockedUntil = now + ms end
-- One shrink per window: a burst of 429s for the same overload counts once.
if now - lastPenalty > window then
  limit = math.max(1, math.floor(limit * factor))
  lastPenalty = now
end
redis.call('HSET', KEYS[2], 'blockedUntil', blockedUntil, 'limit', limit, 'lastPenalty', lastPenalty)
redis.call('PEXPIRE', KEYS[2], window * 60)
return limit
`;

export function createRedisRateLimiter(
  redis: Redis,
  prefix: string,
  limits: Record<string, BucketLimit>,
): RateLimiter {
  const keys = (bucket: string): [string, string] => [
    `${prefix}rl:${bucket}:w`,
    `${prefix}rl:${bucket}:s`,
  ];
  let counter = 0;
  const unique = `${process.pid}:${Math.random().toString(36).slice(2)}`;
  return {
    async acquire(bucket, signal) {
      const { limit, windowMs } = bucketLimit(limits, bucket);
      const member = `${unique}:${counter++}`;
      for (;;) {
        if (signal?.aborted) throw signal.reason;
        const wait = Number(await redis.eval(ACQUIRE, 2, ...keys(bucket), limit, windowMs, member));
        if (wait === 0)
          return async () => {
            await redis.eval(SETTLE, 1, keys(bucket)[0], windowMs, member);
          };
        await sleep(Math.min(wait, windowMs), signal);
      }
    },
    async penalize(bucket, ms) {
      const { limit, windowMs } = bucketLimit(limits, bucket);
      await redis.eval(
        PENALIZE,
        2,
        ...keys(bucket),
        limit,
        windowMs,
        Math.max(0, Math.round(ms)),
        PENALTY_FACTOR,
      );
    },
    async currentLimit(bucket) {
      const { limit } = bucketLimit(limits, bucket);
      const value = await redis.hget(keys(bucket)[1], 'limit');
      return value === null ? limit : Number(value);
    },
  };
}
