import type { Redis } from 'ioredis';

/** Small JSON documents the service keeps the latest of (the practice's audit after each sync). */
/** The snapshot the sync stores its latest audit under (the dashboard's "size of the problem"). */
export const AUDIT_SNAPSHOT = 'audit';

export interface Snapshots {
  put(name: string, value: unknown): Promise<void>;
  get<T>(name: string): Promise<T | undefined>;
}

export function createRedisSnapshots(redis: Redis, prefix: string): Snapshots {
  const hash = `${prefix}snapshots`;
  return {
    async put(name, value) {
      await redis.hset(hash, name, JSON.stringify(value));
    },
    async get<T>(name: string) {
      const raw = await redis.hget(hash, name);
      return raw ? (JSON.parse(raw) as T) : undefined;
    },
  };
}

export function createMemorySnapshots(): Snapshots {
  const docs = new Map<string, string>();
  return {
    async put(name, value) {
      docs.set(name, JSON.stringify(value));
    },
    async get<T>(name: string) {
      const raw = docs.get(name);
      return raw ? (JSON.parse(raw) as T) : undefined;
    },
  };
}
