import type { Redis } from 'ioredis';

/**
 * Patients a person has stopped automated outreach for (`paused`, `do_not_contact` set in
 * HubSpot), known the moment HubSpot's webhook arrives, so no queued message slips out before the
 * next read of the contact. Lifted when staff resume.
 */
export interface OutreachHolds {
  set(patientKey: string, reason: string): Promise<void>;
  get(patientKey: string): Promise<string | undefined>;
  lift(patientKey: string): Promise<void>;
}

export function createRedisOutreachHolds(redis: Redis, prefix: string): OutreachHolds {
  const hash = `${prefix}holds`;
  return {
    async set(patientKey, reason) {
      await redis.hset(hash, patientKey, reason);
    },
    async get(patientKey) {
      return (await redis.hget(hash, patientKey)) ?? undefined;
    },
    async lift(patientKey) {
      await redis.hdel(hash, patientKey);
    },
  };
}

export function createMemoryOutreachHolds(): OutreachHolds {
  const holds = new Map<string, string>();
  return {
    async set(patientKey, reason) {
      holds.set(patientKey, reason);
    },
    async get(patientKey) {
      return holds.get(patientKey);
    },
    async lift(patientKey) {
      holds.delete(patientKey);
    },
  };
}
