import type { Redis } from 'ioredis';

/** The channel each patient last answered on, and when: the best signal of where they read. */
export interface LastReply {
  channel: 'sms' | 'whatsapp' | 'call' | 'email';
  at: string;
  /** What it was understood as (`book`, `handoff`, `opt_out`…). */
  intent?: string;
}

export interface ReplyLog {
  record(patientKey: string, reply: LastReply): Promise<void>;
  last(patientKey: string): Promise<LastReply | undefined>;
  forget(patientKey: string): Promise<void>;
}

export function createRedisReplyLog(redis: Redis, prefix: string): ReplyLog {
  const hash = `${prefix}replies:last`;
  return {
    async record(patientKey, reply) {
      await redis.hset(hash, patientKey, JSON.stringify(reply));
    },
    async last(patientKey) {
      const raw = await redis.hget(hash, patientKey);
      return raw ? (JSON.parse(raw) as LastReply) : undefined;
    },
    async forget(patientKey) {
      await redis.hdel(hash, patientKey);
    },
  };
}

export function createMemoryReplyLog(): ReplyLog {
  const replies = new Map<string, LastReply>();
  return {
    async record(patientKey, reply) {
      replies.set(patientKey, reply);
    },
    async last(patientKey) {
      return replies.get(patientKey);
    },
    async forget(patientKey) {
      replies.delete(patientKey);
    },
  };
}
