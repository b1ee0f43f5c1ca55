import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';

/**
 * Named leases: one holder at a time, for a limited time, so that a crashed holder never blocks the
 * others for ever. The sync and the scheduler use them so one instance works however many run.
 */
export interface Lock {
  readonly name: string;
  /** Extends the lease; false when it was lost (expired and taken by someone else). */
  extend(ttlMs: number): Promise<boolean>;
  release(): Promise<void>;
}

export interface LockManager {
  /** The lock, or undefined when another holder has it. */
  tryAcquire(name: string, ttlMs: number): Promise<Lock | undefined>;
}

const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;
const EXTEND = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;

export function createRedisLockManager(redis: Redis, prefix: string): LockManager {
  return {
    async tryAcquire(name, ttlMs) {
      const key = `${prefix}lock:${name}`;
      const token = randomUUID();
      const ok = await redis.set(key, token, 'PX', ttlMs, 'NX');
      if (ok !== 'OK') return undefined;
      return {
        name,
        async extend(ms) {
          return Number(await redis.eval(EXTEND, 1, key, token, ms)) === 1;
        },
        async release() {
          await redis.eval(RELEASE, 1, key, token);
        },
      };
    },
  };
}

export function createMemoryLockManager(now: () => number = Date.now): LockManager {
  const held = new Map<string, { token: string; until: number }>();
  return {
    async tryAcquire(name, ttlMs) {
      const current = held.get(name);
      if (current && current.until > now()) return undefined;
      const token = randomUUID();
      held.set(name, { token, until: now() + ttlMs });
      return {
        name,
        async extend(ms) {
          const h = held.get(name);
          if (!h || h.token !== token || h.until <= now()) return false;
          h.until = now() + ms;
          return true;
        },
        async release() {
          if (held.get(name)?.token === token) held.delete(name);
        },
      };
    },
  };
}
