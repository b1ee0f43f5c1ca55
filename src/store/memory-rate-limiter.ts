import {
  bucketLimit,
  PENALTY_FACTOR,
  sleep,
  type BucketLimit,
  type RateLimiter,
} from './rate-limiter.ts';

/** A request's place in the window: when it went, or when its answer came back once settled. */
interface Slot {
  at: number;
}

interface BucketState {
  /** Oldest first. */
  times: Slot[];
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
  const tryAcquire = (bucket: string): Slot | number => {
    const { limit: max, windowMs } = bucketLimit(limits, bucket);
    const s = state(bucket);
    const t = now();
    if (s.blockedUntil > t) return s.blockedUntil - t;
    if (s.limit < max && t - s.lastPenalty > windowMs && t - s.lastGrow > windowMs / max) {
      s.limit++;
      s.lastGrow = t;
    }
    while (s.times.length > 0 && s.times[0]!.at <= t - windowMs) s.times.shift();
    if (s.times.length < s.limit) {
      const slot = { at: t };
      s.times.push(slot);
      return slot;
    }
    return Math.max(1, s.times[s.times.length - s.limit]!.at + windowMs - t);
  };
  return {
    async acquire(bucket, signal) {
      for (;;) {
        if (signal?.aborted) throw signal.reason;
        const wait = tryAcquire(bucket);
        if (typeof wait !== 'number') {
          const slot = wait;
          return async () => {
            // Now is the latest time in the window: moving the slot to the end keeps the order.
            const times = state(bucket).times;
            const index = times.indexOf(slot);
            if (index >= 0) times.splice(index, 1);
            slot.at = now();
            times.push(slot);
          };
        }
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
