import type { Redis } from 'ioredis';

/**
 * The local opt-out list: written before anything else when a patient opts out, read by every
 * send at the last moment. It holds patients (their PMS key) and phone numbers (E.164): a number
 * that said STOP stays blocked whoever it is used for (a guarantor's number reaches the children).
 */
export interface OptOutEntry {
  patientKey?: string;
  phone?: string;
}

export interface OptOutList {
  add(entry: OptOutEntry): Promise<void>;
  remove(entry: OptOutEntry): Promise<void>;
  isOptedOut(query: OptOutEntry): Promise<boolean>;
}

export function createRedisOptOutList(redis: Redis, prefix: string): OptOutList {
  const patients = `${prefix}optout:patients`;
  const phones = `${prefix}optout:phones`;
  return {
    async add(e) {
      const m = redis.multi();
      if (e.patientKey) m.sadd(patients, e.patientKey);
      if (e.phone) m.sadd(phones, e.phone);
      await m.exec();
    },
    async remove(e) {
      const m = redis.multi();
      if (e.patientKey) m.srem(patients, e.patientKey);
      if (e.phone) m.srem(phones, e.phone);
      await m.exec();
    },
    async isOptedOut(q) {
      const [byPatient, byPhone] = await Promise.all([
        q.patientKey ? redis.sismember(patients, q.patientKey) : 0,
        q.phone ? redis.sismember(phones, q.phone) : 0,
      ]);
      return byPatient === 1 || byPhone === 1;
    },
  };
}

export function createMemoryOptOutList(): OptOutList {
  const patients = new Set<string>();
  const phones = new Set<string>();
  return {
    async add(e) {
      if (e.patientKey) patients.add(e.patientKey);
      if (e.phone) phones.add(e.phone);
    },
    async remove(e) {
      if (e.patientKey) patients.delete(e.patientKey);
      if (e.phone) phones.delete(e.phone);
    },
    async isOptedOut(q) {
      return (!!q.patientKey && patients.has(q.patientKey)) || (!!q.phone && phones.has(q.phone));
    },
  };
}
