import type { Redis } from 'ioredis';

/** Twilio Lookup answers, kept for 90 days: a number's line type rarely changes and lookups cost. */
export interface LineTypeCache {
  get(e164: string): Promise<string | undefined>;
  set(e164: string, lineType: string): Promise<void>;
}

const TTL_SECONDS = 90 * 86_400;

export function createRedisLineTypeCache(redis: Redis, prefix: string): LineTypeCache {
  const key = (n: string): string => `${prefix}linetype:${n}`;
  return {
    async get(e164) {
      return (await redis.get(key(e164))) ?? undefined;
    },
    async set(e164, lineType) {
      await redis.set(key(e164), lineType, 'EX', TTL_SECONDS);
    },
  };
}

export function createMemoryLineTypeCache(): LineTypeCache {
  const types = new Map<string, string>();
  return {
    async get(e164) {
      return types.get(e164);
    },
    async set(e164, lineType) {
      types.set(e164, lineType);
    },
  };
}
