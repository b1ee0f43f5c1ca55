import { Redis } from 'ioredis';
import { createMemorySnapshots, createRedisSnapshots, type Snapshots } from './snapshots.ts';
import { AppError } from '../lib/errors.ts';
import {
  createMemoryIdempotencyStore,
  createRedisIdempotencyStore,
  type IdempotencyStore,
} from './idempotency.ts';
import { createMemoryLockManager, createRedisLockManager, type LockManager } from './locks.ts';
import { createMemoryRateLimiter } from './memory-rate-limiter.ts';
import type { BucketLimit, RateLimiter } from './rate-limiter.ts';
import { createRedisRateLimiter } from './redis-rate-limiter.ts';
import {
  createMemoryContactDirectory,
  createRedisContactDirectory,
  type ContactDirectory,
} from './contact-directory.ts';
import {
  createMemoryLineTypeCache,
  createRedisLineTypeCache,
  type LineTypeCache,
} from './line-type-cache.ts';
import { createMemoryMessageLog, createRedisMessageLog, type MessageLog } from './message-log.ts';
import { createMemoryOptOutList, createRedisOptOutList, type OptOutList } from './opt-out-list.ts';
import {
  createMemorySendHistory,
  createRedisSendHistory,
  type SendHistory,
} from './send-history.ts';
import { createMemoryReplyLog, createRedisReplyLog, type ReplyLog } from './reply-log.ts';
import {
  createMemoryOutreachHolds,
  createRedisOutreachHolds,
  type OutreachHolds,
} from './outreach-holds.ts';
import {
  createMemoryPendingActions,
  createRedisPendingActions,
  type PendingActions,
} from './pending-actions.ts';
import { createMemoryEventLog, createRedisEventLog, type EventLog } from './event-log.ts';
import {
  createMemoryReminderBook,
  createRedisReminderBook,
  type ReminderBook,
} from './reminder-book.ts';
import {
  createMemorySyncStateStore,
  createRedisSyncStateStore,
  type SyncStateStore,
} from './sync-state.ts';
import {
  createMemoryBanditStats,
  createRedisBanditStats,
  type BanditStats,
} from './bandit-stats.ts';

/**
 * The service's shared state, one object with one implementation per backend: Redis in
 * production (shared by every instance, survives restarts), memory for the embedded default.
 * Both pass the same contract tests (test/store-contract.test.ts).
 */
export interface Store {
  readonly kind: 'redis' | 'memory';
  /** Prefix of every key (BullMQ's keys live under it too). */
  readonly prefix: string;
  readonly limiter: RateLimiter;
  readonly locks: LockManager;
  readonly idempotency: IdempotencyStore;
  readonly syncState: SyncStateStore;
  readonly optOuts: OptOutList;
  readonly sendHistory: SendHistory;
  readonly messages: MessageLog;
  readonly lineTypes: LineTypeCache;
  readonly directory: ContactDirectory;
  readonly replies: ReplyLog;
  readonly holds: OutreachHolds;
  readonly pending: PendingActions;
  readonly events: EventLog;
  readonly reminders: ReminderBook;
  /** Trials and bookings per segment × channel and template variant (automatic variant choice). */
  readonly bandit: BanditStats;
  readonly snapshots: Snapshots;
  /** The Redis connection, for BullMQ (undefined in memory). */
  readonly redis: Redis | undefined;
  close(): Promise<void>;
}

/** Redis cannot be reached: work that depends on shared state must not start without it. */
export class StoreUnavailableError extends AppError {
  constructor(where: string, cause?: unknown) {
    super(`Redis at ${where} is unreachable`, { status: 503, code: 'store_unavailable', cause });
  }
}

export interface RedisStoreOptions {
  url: string;
  /** Prefix of every key (one per deployment; tests use one per test). */
  prefix?: string;
  limits: Record<string, BucketLimit>;
  connectTimeoutMs?: number;
}

/** Connects to Redis (and proves it answers) before returning the store. */
export async function connectRedisStore(options: RedisStoreOptions): Promise<Store> {
  const redis = new Redis(options.url, {
    lazyConnect: true,
    connectTimeout: options.connectTimeoutMs ?? 3000,
    maxRetriesPerRequest: 3,
    // BullMQ needs this off on connections it shares.
    enableReadyCheck: true,
  });
  redis.on('error', () => {
    // ioredis retries on its own; a command that cannot run rejects and is handled where issued.
  });
  const where = safeRedisLocation(options.url);
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    throw new StoreUnavailableError(where, error);
  }
  return redisStore(redis, options.prefix ?? 'reactivate:', options.limits);
}

/** A store over an existing connection (tests share one). */
export function redisStore(
  redis: Redis,
  prefix: string,
  limits: Record<string, BucketLimit>,
): Store {
  return {
    kind: 'redis',
    prefix,
    limiter: createRedisRateLimiter(redis, prefix, limits),
    locks: createRedisLockManager(redis, prefix),
    idempotency: createRedisIdempotencyStore(redis, prefix),
    syncState: createRedisSyncStateStore(redis, prefix),
    optOuts: createRedisOptOutList(redis, prefix),
    sendHistory: createRedisSendHistory(redis, prefix),
    messages: createRedisMessageLog(redis, prefix),
    lineTypes: createRedisLineTypeCache(redis, prefix),
    directory: createRedisContactDirectory(redis, prefix),
    replies: createRedisReplyLog(redis, prefix),
    holds: createRedisOutreachHolds(redis, prefix),
    pending: createRedisPendingActions(redis, prefix),
    events: createRedisEventLog(redis, prefix),
    reminders: createRedisReminderBook(redis, prefix),
    bandit: createRedisBanditStats(redis, prefix),
    snapshots: createRedisSnapshots(redis, prefix),
    redis,
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

export function createMemoryStore(
  limits: Record<string, BucketLimit>,
  now: () => number = Date.now,
): Store {
  return {
    kind: 'memory',
    prefix: '',
    limiter: createMemoryRateLimiter(limits, now),
    locks: createMemoryLockManager(now),
    idempotency: createMemoryIdempotencyStore(now),
    syncState: createMemorySyncStateStore(),
    optOuts: createMemoryOptOutList(),
    sendHistory: createMemorySendHistory(),
    messages: createMemoryMessageLog(),
    lineTypes: createMemoryLineTypeCache(),
    directory: createMemoryContactDirectory(),
    replies: createMemoryReplyLog(),
    holds: createMemoryOutreachHolds(),
    pending: createMemoryPendingActions(),
    events: createMemoryEventLog(),
    reminders: createMemoryReminderBook(),
    bandit: createMemoryBanditStats(),
    snapshots: createMemorySnapshots(),
    redis: undefined,
    async close() {},
  };
}

/** host:port/db of a Redis URL, never its password. */
export function safeRedisLocation(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '6379'}${u.pathname && u.pathname !== '/' ? u.pathname : ''}`;
  } catch {
    return '(unparseable REDIS_URL)';
  }
}
