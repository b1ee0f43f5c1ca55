import {
  bucketLimit,
  PENALTY_FACTOR,
  sleep,
  type BucketLimit,
  type RateLimiter,
} from './rate-limiter.ts';

interface BucketState {
  times: number[];
  blockedUntil: number;
  limit: number;
  lastPenalty: number;
  lastGrow: number;
}

/** The same rolling window as the Redis limiter, for one process (the embedded default). */
export function createMemoryRateLimiter(
  limits: Record<string, BucketLimit>,
  now: () => number = Date.now,
): RateLimiter {
  const buckets = new Map<string, BucketState>();
  const state = (bucket: string): BucketState => {
    let s = buckets.get(bucket);
    if (!s) {
      s = {
        times: [],
        blockedUntil: 0,
        limit: bucketLimit(limits, bucket).limit,
        lastPenalty: 0,
        lastGrow: 0,
      };
      buckets.set(bucket, s);
    }
    return s;
  };
  const tryAcquire = (bucket: string): number => {
    const { limit: max, windowMs } = bucketLimit(limits, bucket);
    const s = state(bucket);
    const t = now();
    if (s.blockedUntil > t) return s.blockedUntil - t;
    if (s.limit < max && t - s.lastPenalty > windowMs && t - s.lastGrow > windowMs / max) {
      s.limit++;
      s.lastGrow = t;
    }
    while (s.times.length > 0 && s.times[0]! <= t - windowMs) s.times.shift();
    if (s.times.length < s.limit) {
      s.times.push(t);
      return 0;
    }
    return Math.max(1, s.times[s.times.length - s.limit]! + windowMs - t);
  };
  return {
    async acquire(bucket, signal) {
      for (;;) {
        if (signal?.aborted) throw signal.reason;
        const wait = tryAcquire(bucket);
        if (wait === 0) return;
        await sleep(Math.min(wait, bucketLimit(limits, bucket).windowMs), signal);
      }
    },
    async penalize(bucket, ms) {
      const { windowMs } = bucketLimit(limits, bucket);
      const s = state(bucket);
      const t = now();
      s.blockedUntil = Math.max(s.blockedUntil, t + ms);
      if (t - s.lastPenalty > windowMs) {
        s.limit = Math.max(1, Math.floor(s.limit * PENALTY_FACTOR));
        s.lastPenalty = t;
      }
    },
    async currentLimit(bucket) {
      return state(bucket).limit;
    },
  };
}
