import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { purgePrefix } from '../../src/store/purge-prefix.ts';

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
      await purgePrefix(redis, prefix);
      redis.disconnect();
    },
  };
}
