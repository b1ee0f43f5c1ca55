import type { Redis } from 'ioredis';

/**
 * Every reactivation event (eligible, sent, delivered, failed, replied, clicked, booked,
 * recovered, opted_out…), counted into daily roll-ups by the dimensions the dashboard slices by,
 * with sums of money (visit value, message cost). Raw events are kept too, capped, for attribution
 * and the bandit.
 */
export interface ReactivationEvent {
  type: string;
  /** ISO instant. */
  at: string;
  /** The practice's calendar day of `at` (the roll-up it counts in). */
  day: string;
  patientKey?: string;
  location?: string;
  segment?: string;
  channel?: string;
  /** Template id and variant letter of the message concerned. */
  templateId?: string;
  variant?: string;
  workflowId?: string;
  /** Money: a booked or recovered visit's value, or a message's cost (positive), in the practice's currency. */
  value?: number;
  cost?: number;
}

export interface RollupRow {
  day: string;
  type: string;
  location: string;
  segment: string;
  channel: string;
  variant: string;
  count: number;
  value: number;
  cost: number;
}

export interface EventQuery {
  from: string;
  to: string;
  type?: string;
  location?: string;
  segment?: string;
  channel?: string;
  variant?: string;
}

export interface EventLog {
  record(event: ReactivationEvent): Promise<void>;
  /** Many events in one round trip (a sync batch). */
  recordMany(events: readonly ReactivationEvent[]): Promise<void>;
  /** Roll-up rows of the days from..to (inclusive), filtered by the given dimensions. */
  query(q: EventQuery): Promise<RollupRow[]>;
  /** The most recent raw events, newest first (up to `limit`). */
  recent(limit: number): Promise<ReactivationEvent[]>;
  /**
   * Drops a patient's raw events (a deleted or privacy-deleted contact). The daily roll-ups hold
   * no patient key and keep counting them.
   */
  forgetPatient(patientKey: string): Promise<void>;
}

const SEP = '\u001f';
const KEEP_RAW = 200_000;
/** Raw events read per round trip while looking for a patient's. */
const SCAN_PAGE = 5_000;

function field(e: ReactivationEvent): string {
  return [e.type, e.location ?? '', e.segment ?? '', e.channel ?? '', e.variant ?? ''].join(SEP);
}

function days(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000)
    out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

function matches(row: RollupRow, q: EventQuery): boolean {
  return (
    (!q.type || row.type === q.type) &&
    (!q.location || row.location === q.location) &&
    (!q.segment || row.segment === q.segment) &&
    (!q.channel || row.channel === q.channel) &&
    (!q.variant || row.variant === q.variant)
  );
}

function toRows(day: string, counts: Record<string, string>): RollupRow[] {
  const rows = new Map<string, RollupRow>();
  for (const [k, v] of Object.entries(counts)) {
    const [kind, ...rest] = k.split('|');
    const key = rest.join('|');
    const [type = '', location = '', segment = '', channel = '', variant = ''] = key.split(SEP);
    const row = rows.get(key) ?? {
      day,
      type,
      location,
      segment,
      channel,
      variant,
      count: 0,
      value: 0,
      cost: 0,
    };
    if (kind === 'n') row.count = Number(v);
    if (kind === 'v') row.value = Number(v);
    if (kind === 'c') row.cost = Number(v);
    rows.set(key, row);
  }
  return [...rows.values()];
}

export function createRedisEventLog(redis: Redis, prefix: string): EventLog {
  const rollup = (day: string): string => `${prefix}events:day:${day}`;
  const raw = `${prefix}events:raw`;
  const recordMany = async (events: readonly ReactivationEvent[]): Promise<void> => {
    if (events.length === 0) return;
    const m = redis.multi();
    for (const e of events) {
      const f = field(e);
      m.hincrby(rollup(e.day), `n|${f}`, 1);
      if (e.value) m.hincrbyfloat(rollup(e.day), `v|${f}`, e.value);
      if (e.cost) m.hincrbyfloat(rollup(e.day), `c|${f}`, e.cost);
      m.lpush(raw, JSON.stringify(e));
    }
    m.ltrim(raw, 0, KEEP_RAW - 1);
    await m.exec();
  };
  return {
    record: (e) => recordMany([e]),
    recordMany,
    async query(q) {
      const list = days(q.from, q.to);
      const p = redis.pipeline();
      for (const d of list) p.hgetall(rollup(d));
      const results = (await p.exec()) ?? [];
      return list
        .flatMap((d, i) => toRows(d, (results[i]?.[1] as Record<string, string>) ?? {}))
        .filter((r) => matches(r, q));
    },
    async recent(limit) {
      return (await redis.lrange(raw, 0, limit - 1)).map((r) => JSON.parse(r) as ReactivationEvent);
    },
    async forgetPatient(patientKey) {
      // Page through the list for the patient's entries, then remove each by its exact text:
      // LREM matches values, so events pushed meanwhile (which shift every index) do no harm.
      const theirs = new Set<string>();
      for (let start = 0; start < KEEP_RAW; start += SCAN_PAGE) {
        const page = await redis.lrange(raw, start, start + SCAN_PAGE - 1);
        for (const entry of page)
          if ((JSON.parse(entry) as ReactivationEvent).patientKey === patientKey) theirs.add(entry);
        if (page.length < SCAN_PAGE) break;
      }
      if (theirs.size === 0) return;
      const m = redis.multi();
      for (const entry of theirs) m.lrem(raw, 0, entry);
      await m.exec();
    },
  };
}

export function createMemoryEventLog(): EventLog {
  const rollups = new Map<string, Record<string, string>>();
  const raw: ReactivationEvent[] = [];
  const add = (day: string, k: string, by: number): void => {
    const r = rollups.get(day) ?? {};
    r[k] = String(Number(r[k] ?? 0) + by);
    rollups.set(day, r);
  };
  const record = async (e: ReactivationEvent): Promise<void> => {
    const f = field(e);
    add(e.day, `n|${f}`, 1);
    if (e.value) add(e.day, `v|${f}`, e.value);
    if (e.cost) add(e.day, `c|${f}`, e.cost);
    raw.unshift(e);
    if (raw.length > KEEP_RAW) raw.pop();
  };
  return {
    record,
    async recordMany(events) {
      for (const e of events) await record(e);
    },
    async query(q) {
      return days(q.from, q.to)
        .flatMap((d) => toRows(d, rollups.get(d) ?? {}))
        .filter((r) => matches(r, q));
    },
    async recent(limit) {
      return raw.slice(0, limit);
    },
    async forgetPatient(patientKey) {
      for (let i = raw.length - 1; i >= 0; i--)
        if (raw[i]!.patientKey === patientKey) raw.splice(i, 1);
    },
  };
}
