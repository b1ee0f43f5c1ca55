import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';

export const REDIS_URL = 'redis://127.0.0.1:6379';

/** A Redis connection and a key prefix of its own; `cleanup` deletes every key under it. */
export async function testRedis(): Promise<{
  redis: Redis;
  prefix: string;
  cleanup(): Promise<void>;
}> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const prefix = `test:${randomUUID()}:`;
  return {
    redis,
    prefix,
    async cleanup() {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length > 0) await redis.del(...keys);
      } while (cursor !== '0');
      redis.disconnect();
    },
  };
}
