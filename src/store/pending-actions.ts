import type { Redis } from 'ioredis';

/** The queued (deferred) workflow actions of each patient: what an opt-out or a pause cancels. */
export interface PendingActions {
  add(patientKey: string, jobId: string): Promise<void>;
  remove(patientKey: string, jobId: string): Promise<void>;
  list(patientKey: string): Promise<string[]>;
}

export function createRedisPendingActions(redis: Redis, prefix: string): PendingActions {
  const key = (k: string): string => `${prefix}pending:${k}`;
  return {
    async add(patientKey, jobId) {
      await redis
        .multi()
        .sadd(key(patientKey), jobId)
        .expire(key(patientKey), 8 * 86_400)
        .exec();
    },
    async remove(patientKey, jobId) {
      await redis.srem(key(patientKey), jobId);
    },
    async list(patientKey) {
      return redis.smembers(key(patientKey));
    },
  };
}

export function createMemoryPendingActions(): PendingActions {
  const pending = new Map<string, Set<string>>();
  return {
    async add(patientKey, jobId) {
      pending.set(patientKey, (pending.get(patientKey) ?? new Set()).add(jobId));
    },
    async remove(patientKey, jobId) {
      pending.get(patientKey)?.delete(jobId);
    },
    async list(patientKey) {
      return [...(pending.get(patientKey) ?? [])];
    },
  };
}
