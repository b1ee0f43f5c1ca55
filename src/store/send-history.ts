import type { Redis } from 'ioredis';

/**
 * When each patient was last messaged, on any channel: what the frequency caps count. A send is
 * recorded before it goes out (under the patient's lock), so two workers cannot both pass a cap.
 */
export interface SendHistory {
  record(patientKey: string, at: Date, id: string): Promise<void>;
  /** Forgets a recorded send that did not go out after all. */
  forget(patientKey: string, id: string): Promise<void>;
  /** Send times on or after `from`, oldest first. */
  since(patientKey: string, from: Date): Promise<Date[]>;
  /** Forgets every send of a patient whose contact was deleted. */
  forgetPatient(patientKey: string): Promise<void>;
}

const KEEP_MS = 8 * 86_400_000;

export function createRedisSendHistory(redis: Redis, prefix: string): SendHistory {
  const key = (k: string): string => `${prefix}sent:${k}`;
  return {
    async record(patientKey, at, id) {
      await redis
        .multi()
        .zadd(key(patientKey), at.getTime(), id)
        .zremrangebyscore(key(patientKey), '-inf', at.getTime() - KEEP_MS)
        .pexpire(key(patientKey), KEEP_MS)
        .exec();
    },
    async forget(patientKey, id) {
      await redis.zrem(key(patientKey), id);
    },
    async forgetPatient(patientKey) {
      await redis.del(key(patientKey));
    },
    async since(patientKey, from) {
      const scores = await redis.zrangebyscore(
        key(patientKey),
        from.getTime(),
        '+inf',
        'WITHSCORES',
      );
      const times: Date[] = [];
      for (let i = 1; i < scores.length; i += 2) times.push(new Date(Number(scores[i])));
      return times;
    },
  };
}

export function createMemorySendHistory(): SendHistory {
  const sends = new Map<string, Map<string, number>>();
  return {
    async record(patientKey, at, id) {
      const mine = sends.get(patientKey) ?? new Map<string, number>();
      mine.set(id, at.getTime());
      sends.set(patientKey, mine);
    },
    async forget(patientKey, id) {
      sends.get(patientKey)?.delete(id);
    },
    async forgetPatient(patientKey) {
      sends.delete(patientKey);
    },
    async since(patientKey, from) {
      return [...(sends.get(patientKey)?.values() ?? [])]
        .filter((t) => t >= from.getTime())
        .sort((a, b) => a - b)
        .map((t) => new Date(t));
    },
  };
}
