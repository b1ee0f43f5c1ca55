import type { Redis } from 'ioredis';

/**
 * Deletes every key under a prefix (SCAN + UNLINK, never KEYS): the embedded default runs on a
 * prefix of its own when REDIS_URL is set and leaves nothing behind when it stops.
 */
export async function purgePrefix(redis: Redis, prefix: string): Promise<number> {
  if (!prefix) throw new Error('refusing to purge an empty prefix');
  let cursor = '0';
  let removed = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) removed += await redis.unlink(...keys);
  } while (cursor !== '0');
  return removed;
}
