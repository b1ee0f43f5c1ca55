import type { Redis } from 'ioredis';

/**
 * Every message and call the service sent, by Twilio sid: whom it was for, which template, where
 * it sits on the timeline, and its delivery status. Status callbacks arrive out of order and more
 * than once, so a status only ever moves forward (`rank`), checked and written atomically.
 */
export interface MessageRecord {
  sid: string;
  patientKey: string;
  contactId: string;
  channel: 'sms' | 'whatsapp' | 'call';
  templateId?: string;
  variant?: string;
  /**
   * Set when the service chose the variant (the marketer picked "automatic"): the bandit learns
   * from these only.
   */
  chosenBy?: 'automatic';
  workflowId?: string;
  callbackId?: string;
  /** The office and segment the message was for (the dashboard slices by them). */
  location?: string;
  segment?: string;
  /** The Communication (or Call) on the contact's timeline. */
  timelineId?: string;
  /** The text sent (kept for the timeline update; never logged). */
  body?: string;
  sentAt: string;
  /**
   * When the patient last followed their booking link while this was their latest message: a
   * click is a touch too (a booking is credited to the last message, call or click).
   */
  clickedAt?: string;
  status: string;
  rank: number;
  errorCode?: number;
  price?: string;
  priceUnit?: string;
}

/**
 * An appointment reminder or confirmation (sent after the booking), as opposed to reactivation
 * outreach: it protects a visit but never earns the credit for it, and never counts as outreach.
 */
export function isReminder(m: Pick<MessageRecord, 'templateId'>): boolean {
  return m.templateId?.startsWith('reminder.') === true;
}

export interface MessageLog {
  put(record: MessageRecord): Promise<void>;
  get(sid: string): Promise<MessageRecord | undefined>;
  /**
   * Moves a message to `status` if `rank` is higher than the one it has; returns the updated
   * record, or undefined when the status is stale (or the message unknown).
   */
  advance(
    sid: string,
    status: string,
    rank: number,
    extra?: Partial<Pick<MessageRecord, 'errorCode' | 'price' | 'priceUnit'>>,
  ): Promise<MessageRecord | undefined>;
  /** Sets fields that are not the status (the timeline id once it is known, a click). */
  annotate(
    sid: string,
    fields: Partial<Pick<MessageRecord, 'timelineId' | 'clickedAt'>>,
  ): Promise<void>;
  /** A patient's messages, newest first. */
  forPatient(patientKey: string, limit: number): Promise<MessageRecord[]>;
  /** Forgets everything about a patient (a deleted or privacy-deleted contact). */
  purgePatient(patientKey: string): Promise<void>;
}

const KEEP_SECONDS = 400 * 86_400;

/** KEYS: record. ARGV: status, rank, extra JSON. Returns the record JSON, or nil when stale. */
const ADVANCE = `
local raw = redis.call('GET', KEYS[1])
if not raw then return nil end
local record = cjson.decode(raw)
if tonumber(ARGV[2]) <= tonumber(record['rank']) then return nil end
record['status'] = ARGV[1]
record['rank'] = tonumber(ARGV[2])
local extra = cjson.decode(ARGV[3])
for k, v in pairs(extra) do record[k] = v end
local encoded = cjson.encode(record)
redis.call('SET', KEYS[1], encoded, 'KEEPTTL')
return encoded
`;

/**
 * KEYS: record. ARGV: fields JSON. Merged in one step, so a status callback arriving meanwhile is
 * not overwritten with the status read before it.
 */
const ANNOTATE = `
local raw = redis.call('GET', KEYS[1])
if not raw then return 0 end
local record = cjson.decode(raw)
for k, v in pairs(cjson.decode(ARGV[1])) do record[k] = v end
redis.call('SET', KEYS[1], cjson.encode(record), 'KEEPTTL')
return 1
`;

export function createRedisMessageLog(redis: Redis, prefix: string): MessageLog {
  const key = (sid: string): string => `${prefix}msg:${sid}`;
  const byPatient = (k: string): string => `${prefix}msgs:${k}`;
  return {
    async put(r) {
      await redis
        .multi()
        .set(key(r.sid), JSON.stringify(r), 'EX', KEEP_SECONDS)
        .zadd(byPatient(r.patientKey), Date.parse(r.sentAt), r.sid)
        .expire(byPatient(r.patientKey), KEEP_SECONDS)
        .exec();
    },
    async get(sid) {
      const raw = await redis.get(key(sid));
      return raw ? (JSON.parse(raw) as MessageRecord) : undefined;
    },
    async advance(sid, status, rank, extra = {}) {
      const raw = (await redis.eval(ADVANCE, 1, key(sid), status, rank, JSON.stringify(extra))) as
        string | null;
      return raw ? (JSON.parse(raw) as MessageRecord) : undefined;
    },
    async annotate(sid, fields) {
      await redis.eval(ANNOTATE, 1, key(sid), JSON.stringify(fields));
    },
    async forPatient(patientKey, limit) {
      const sids = await redis.zrevrange(byPatient(patientKey), 0, limit - 1);
      if (sids.length === 0) return [];
      const raws = await redis.mget(...sids.map(key));
      return raws.filter((r): r is string => r !== null).map((r) => JSON.parse(r) as MessageRecord);
    },
    async purgePatient(patientKey) {
      const sids = await redis.zrange(byPatient(patientKey), 0, -1);
      await redis.del(byPatient(patientKey), ...sids.map(key));
    },
  };
}

export function createMemoryMessageLog(): MessageLog {
  const records = new Map<string, MessageRecord>();
  return {
    async put(r) {
      records.set(r.sid, { ...r });
    },
    async get(sid) {
      const r = records.get(sid);
      return r ? { ...r } : undefined;
    },
    async advance(sid, status, rank, extra = {}) {
      const r = records.get(sid);
      if (!r || rank <= r.rank) return undefined;
      Object.assign(r, extra, { status, rank });
      return { ...r };
    },
    async annotate(sid, fields) {
      const r = records.get(sid);
      if (r) Object.assign(r, fields);
    },
    async forPatient(patientKey, limit) {
      return [...records.values()]
        .filter((r) => r.patientKey === patientKey)
        .sort((a, b) => Date.parse(b.sentAt) - Date.parse(a.sentAt))
        .slice(0, limit)
        .map((r) => ({ ...r }));
    },
    async purgePatient(patientKey) {
      for (const [sid, r] of records) if (r.patientKey === patientKey) records.delete(sid);
    },
  };
}
