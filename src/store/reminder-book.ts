import type { Redis } from 'ioredis';

/**
 * The reminder cadence of each patient's booked appointment: when it is, which reminders are
 * queued (their job ids) and which went out, and whether the patient confirmed. A reply after a
 * reminder is read in that conversation (C confirms, R reschedules).
 */
export interface ReminderPlan {
  patientKey: string;
  contactId: string;
  /** The appointment's local start (`YYYY-MM-DDTHH:MM:SS`) in `timeZone`. */
  start: string;
  timeZone: string;
  clinicId?: string;
  /** The PMS id of the appointment (for write-back). */
  appointmentId?: string;
  status: 'scheduled' | 'confirmed' | 'cancelled';
  /** When the patient confirmed (the first time), for the card. */
  confirmedAt?: string;
  /** Queued reminder job ids, by step name (`confirmation`, `3d`, `1d`, `2h`…). */
  jobs: Record<string, string>;
  /** Steps already sent, with when. */
  sent: Record<string, string>;
}

export interface ReminderBook {
  get(patientKey: string): Promise<ReminderPlan | undefined>;
  put(plan: ReminderPlan): Promise<void>;
  remove(patientKey: string): Promise<void>;
  all(): Promise<ReminderPlan[]>;
}

export function createRedisReminderBook(redis: Redis, prefix: string): ReminderBook {
  const hash = `${prefix}reminders`;
  return {
    async get(patientKey) {
      const raw = await redis.hget(hash, patientKey);
      return raw ? (JSON.parse(raw) as ReminderPlan) : undefined;
    },
    async put(plan) {
      await redis.hset(hash, plan.patientKey, JSON.stringify(plan));
    },
    async remove(patientKey) {
      await redis.hdel(hash, patientKey);
    },
    async all() {
      return Object.values(await redis.hgetall(hash)).map((raw) => JSON.parse(raw) as ReminderPlan);
    },
  };
}

export function createMemoryReminderBook(): ReminderBook {
  const plans = new Map<string, ReminderPlan>();
  return {
    async get(patientKey) {
      const p = plans.get(patientKey);
      return p ? structuredClone(p) : undefined;
    },
    async put(plan) {
      plans.set(plan.patientKey, structuredClone(plan));
    },
    async remove(patientKey) {
      plans.delete(patientKey);
    },
    async all() {
      return [...plans.values()].map((p) => structuredClone(p));
    },
  };
}
