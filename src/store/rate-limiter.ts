/**
 * A rate limiter shared by every process of the service: each outbound call to HubSpot or Twilio
 * first waits for a slot in its bucket's rolling window. When the remote service answers "too many"
 * anyway (another app shares the account's limit), `penalize` pauses the bucket for the time the
 * service asked and shrinks its window's allowance, which then grows back one request at a time
 * after a quiet window (additive increase, multiplicative decrease).
 */
export interface BucketLimit {
  /** Requests allowed in any rolling window. */
  limit: number;
  windowMs: number;
}

/**
 * Tells the limiter that the request it let through got its answer: its slot then counts from
 * now. A remote service counts a request when it arrives, which is after we let it go by however
 * long the network and the request's upload took; counting it until a whole window after its
 * answer is the only stamp that is never earlier than the remote one, so however the latencies
 * vary, the remote window never holds more than `limit`. Calling it is optional (a bucket whose
 * latency is negligible next to its window need not).
 */
export type Settle = () => Promise<void>;

export interface RateLimiter {
  /** Waits until a request in `bucket` may go, and counts it. Rejects when `signal` aborts. */
  acquire(bucket: string, signal?: AbortSignal): Promise<Settle>;
  /** The remote service said too many: pause the bucket for `ms` and shrink its allowance. */
  penalize(bucket: string, ms: number): Promise<void>;
  /** The allowance currently in force (tests, metrics). */
  currentLimit(bucket: string): Promise<number>;
}

/** Share of the allowance kept after a 429. */
export const PENALTY_FACTOR = 0.75;

export function bucketLimit(limits: Record<string, BucketLimit>, bucket: string): BucketLimit {
  const limit = limits[bucket];
  if (!limit) throw new Error(`no rate limit configured for bucket "${bucket}"`);
  return limit;
}

/** Sleeps `ms`, or rejects when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
