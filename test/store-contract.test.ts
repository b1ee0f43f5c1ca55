import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryStore, redisStore, type Store } from '../src/store/store.ts';
import type { BucketLimit } from '../src/store/rate-limiter.ts';
import { testRedis } from './helpers/redis.ts';

/** The Redis store and the in-memory store pass the same contract. */
const limits: Record<string, BucketLimit> = {
  api: { limit: 5, windowMs: 600 },
  other: { limit: 100, windowMs: 1000 },
};

type Fixture = { store: Store; twin: Store; cleanup(): Promise<void> };
const backends: [string, () => Promise<Fixture>][] = [
  [
    'redis',
    async () => {
      const a = await testRedis();
      const b = await testRedis();
      // Two connections, one prefix: two processes sharing one Redis.
      return {
        store: redisStore(a.redis, a.prefix, limits),
        twin: redisStore(b.redis, a.prefix, limits),
        cleanup: async () => {
          await a.cleanup();
          b.redis.disconnect();
        },
      };
    },
  ],
  [
    'memory',
    async () => {
      const store = createMemoryStore(limits);
      return { store, twin: store, cleanup: async () => {} };
    },
  ],
];

describe.each(backends)('%s store', (_name, make) => {
  let f: Fixture;
  beforeEach(async () => {
    f = await make();
  });
  afterEach(async () => {
    await f.cleanup();
  });

  describe('rate limiter', () => {
    it('lets `limit` requests through at once and holds the next until the window has passed', async () => {
      const start = Date.now();
      for (let i = 0; i < 5; i++) await f.store.limiter.acquire('api');
      const burst = Date.now() - start;
      await f.store.limiter.acquire('api');
      const sixth = Date.now() - start;
      expect(burst).toBeLessThan(600);
      expect(sixth).toBeGreaterThanOrEqual(590);
    });

    it('counts the requests of every process sharing the store', async () => {
      const start = Date.now();
      await Promise.all(
        [...Array(6)].map((_, i) => (i % 2 ? f.twin : f.store).limiter.acquire('api')),
      );
      expect(Date.now() - start).toBeGreaterThanOrEqual(590);
    });

    it('a settled request counts from its answer: the next waits a window after the answer, not after the start', async () => {
      // 'api' allows 5 per 600 ms. Five requests go at once and are answered 300 ms later.
      const start = Date.now();
      const settles = [];
      for (let i = 0; i < 5; i++) settles.push(await f.store.limiter.acquire('api'));
      await new Promise((r) => setTimeout(r, 300));
      await Promise.all(settles.map((settle) => settle()));
      await f.store.limiter.acquire('api'); // the sixth: a window after the answers
      expect(Date.now() - start).toBeGreaterThanOrEqual(890);
    });

    it('keeps buckets apart', async () => {
      for (let i = 0; i < 5; i++) await f.store.limiter.acquire('api');
      const start = Date.now();
      await f.store.limiter.acquire('other');
      expect(Date.now() - start).toBeLessThan(300);
    });

    it('pauses for the time a 429 asked and shrinks the allowance, which grows back', async () => {
      await f.store.limiter.penalize('other', 400);
      expect(await f.store.limiter.currentLimit('other')).toBe(75);
      await f.store.limiter.penalize('other', 400); // same overload: no second shrink
      expect(await f.twin.limiter.currentLimit('other')).toBe(75);
      const start = Date.now();
      await f.twin.limiter.acquire('other');
      expect(Date.now() - start).toBeGreaterThanOrEqual(390);
      await new Promise((r) => setTimeout(r, 1050));
      for (let i = 0; i < 3; i++) {
        await f.store.limiter.acquire('other');
        await new Promise((r) => setTimeout(r, 15));
      }
      expect(await f.store.limiter.currentLimit('other')).toBeGreaterThan(75);
    });

    it('stops waiting when aborted', async () => {
      for (let i = 0; i < 5; i++) await f.store.limiter.acquire('api');
      const controller = new AbortController();
      setTimeout(() => controller.abort(new Error('stop')), 50);
      await expect(f.store.limiter.acquire('api', controller.signal)).rejects.toThrow('stop');
    });
  });

  describe('locks', () => {
    it('one holder at a time, until released', async () => {
      const lock = await f.store.locks.tryAcquire('sync', 5000);
      expect(lock).toBeDefined();
      expect(await f.twin.locks.tryAcquire('sync', 5000)).toBeUndefined();
      await lock!.release();
      const next = await f.twin.locks.tryAcquire('sync', 5000);
      expect(next).toBeDefined();
      await next!.release();
    });

    it('a crashed holder’s lease expires; it cannot extend or release what it lost', async () => {
      const lost = await f.store.locks.tryAcquire('sync', 100);
      await new Promise((r) => setTimeout(r, 150));
      const taken = await f.twin.locks.tryAcquire('sync', 5000);
      expect(taken).toBeDefined();
      expect(await lost!.extend(5000)).toBe(false);
      await lost!.release();
      expect(await f.store.locks.tryAcquire('sync', 5000)).toBeUndefined();
      expect(await taken!.extend(5000)).toBe(true);
      await taken!.release();
    });
  });

  describe('idempotency', () => {
    it('of twenty concurrent claims exactly one wins', async () => {
      const results = await Promise.all(
        [...Array(20)].map((_, i) => (i % 2 ? f.twin : f.store).idempotency.claim('cb-1', 60_000)),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await f.store.idempotency.claim('cb-2', 60_000)).toBe(true);
    });

    it('a released key can be claimed again; an expired one too', async () => {
      expect(await f.store.idempotency.claim('k', 60_000)).toBe(true);
      await f.store.idempotency.release('k');
      expect(await f.twin.idempotency.claim('k', 60_000)).toBe(true);
      expect(await f.store.idempotency.claim('short', 50)).toBe(true);
      await new Promise((r) => setTimeout(r, 80));
      expect(await f.store.idempotency.claim('short', 50)).toBe(true);
    });
  });

  describe('sync state', () => {
    it('stores, reads, deletes and lists every key', async () => {
      const entries = new Map([...Array(4500)].map((_, i) => [`od:0:${i}`, `v${i}`] as const));
      await f.store.syncState.setMany(entries);
      const got = await f.twin.syncState.getMany(['od:0:1', 'od:0:4499', 'missing']);
      expect(Object.fromEntries(got)).toEqual({ 'od:0:1': 'v1', 'od:0:4499': 'v4499' });
      await f.store.syncState.deleteMany(['od:0:1']);
      const all: string[] = [];
      for await (const batch of f.store.syncState.keys()) all.push(...batch);
      expect(new Set(all).size).toBe(4499);
      expect(all).not.toContain('od:0:1');
    });
  });

  describe('opt-out list', () => {
    it('blocks by patient and by phone number, until removed', async () => {
      await f.store.optOuts.add({ patientKey: 'od:0:1', phone: '+16175550100' });
      expect(await f.twin.optOuts.isOptedOut({ patientKey: 'od:0:1' })).toBe(true);
      expect(await f.twin.optOuts.isOptedOut({ patientKey: 'od:0:2', phone: '+16175550100' })).toBe(
        true,
      );
      expect(await f.twin.optOuts.isOptedOut({ patientKey: 'od:0:2', phone: '+16175550101' })).toBe(
        false,
      );
      await f.store.optOuts.remove({ patientKey: 'od:0:1', phone: '+16175550100' });
      expect(await f.twin.optOuts.isOptedOut({ patientKey: 'od:0:1', phone: '+16175550100' })).toBe(
        false,
      );
    });
  });

  describe('send history', () => {
    it('lists sends since a time, oldest first, and forgets one', async () => {
      const t = (h: number) => new Date(Date.UTC(2026, 10, 28, h));
      await f.store.sendHistory.record('k', t(12), 'a');
      await f.store.sendHistory.record('k', t(9), 'b');
      await f.store.sendHistory.record('other', t(10), 'c');
      expect(await f.twin.sendHistory.since('k', t(8))).toEqual([t(9), t(12)]);
      expect(await f.twin.sendHistory.since('k', t(10))).toEqual([t(12)]);
      await f.store.sendHistory.forget('k', 'a');
      expect(await f.twin.sendHistory.since('k', t(0))).toEqual([t(9)]);
    });
  });

  describe('message log', () => {
    const record = {
      sid: 'SM1',
      patientKey: 'k',
      contactId: '7',
      channel: 'sms' as const,
      sentAt: '2026-11-28T12:00:00.000Z',
      status: 'queued',
      rank: 0,
    };
    it('moves a status only forward, whatever order the callbacks come in', async () => {
      await f.store.messages.put(record);
      expect(
        (
          await f.twin.messages.advance('SM1', 'delivered', 3, {
            price: '-0.0079',
            priceUnit: 'USD',
          })
        )?.status,
      ).toBe('delivered');
      expect(await f.twin.messages.advance('SM1', 'sent', 2)).toBeUndefined();
      expect(await f.store.messages.advance('SM1', 'delivered', 3)).toBeUndefined();
      expect(await f.store.messages.advance('nope', 'sent', 2)).toBeUndefined();
      expect(await f.twin.messages.get('SM1')).toMatchObject({
        status: 'delivered',
        rank: 3,
        price: '-0.0079',
      });
    });

    it('concurrent updates of one message: exactly one wins each rank', async () => {
      await f.store.messages.put(record);
      const results = await Promise.all(
        [...Array(10)].map((_, i) => (i % 2 ? f.twin : f.store).messages.advance('SM1', 'sent', 2)),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('lists a patient’s messages newest first and purges them', async () => {
      await f.store.messages.put(record);
      await f.store.messages.put({ ...record, sid: 'SM2', sentAt: '2026-11-28T13:00:00.000Z' });
      await f.store.messages.annotate('SM2', { timelineId: '55' });
      expect((await f.twin.messages.forPatient('k', 10)).map((m) => [m.sid, m.timelineId])).toEqual(
        [
          ['SM2', '55'],
          ['SM1', undefined],
        ],
      );
      await f.store.messages.purgePatient('k');
      expect(await f.twin.messages.forPatient('k', 10)).toEqual([]);
      expect(await f.twin.messages.get('SM1')).toBeUndefined();
    });
  });

  describe('event log', () => {
    it('forgets a patient’s raw events and keeps the day’s counts, which hold no patient key', async () => {
      const at = '2026-11-28T12:00:00.000Z';
      const day = '2026-11-28';
      await f.store.events.recordMany([
        { type: 'sent', at, day, patientKey: 'gone', channel: 'sms' },
        { type: 'sent', at, day, patientKey: 'stays', channel: 'sms' },
        { type: 'booked', at, day, patientKey: 'gone', value: 200 },
        { type: 'booked', at, day, patientKey: 'gone', value: 200 },
      ]);
      await f.twin.events.forgetPatient('gone');
      expect((await f.store.events.recent(10)).map((e) => e.patientKey)).toEqual(['stays']);
      const rows = await f.store.events.query({ from: day, to: day });
      expect(rows.find((r) => r.type === 'sent')?.count).toBe(2);
      expect(rows.find((r) => r.type === 'booked')).toMatchObject({ count: 2, value: 400 });
      expect(JSON.stringify(rows)).not.toContain('gone');
    });
  });

  describe('contact directory and line types', () => {
    it('finds a patient by contact id and by phone, and forgets them', async () => {
      await f.store.directory.setMany(
        new Map([
          [
            'od:1:5',
            {
              phones: ['+16175550100'],
              contactPreference: 'none',
              clinicId: '1',
              contactId: '901',
            },
          ],
        ]),
      );
      expect(await f.twin.directory.keyOfContact('901')).toBe('od:1:5');
      expect(await f.twin.directory.keysOfPhone('+16175550100')).toEqual(['od:1:5']);
      expect((await f.twin.directory.get('od:1:5'))?.clinicId).toBe('1');
      await f.store.directory.remove('od:1:5');
      expect(await f.twin.directory.get('od:1:5')).toBeUndefined();
      expect(await f.twin.directory.keyOfContact('901')).toBeUndefined();
      expect(await f.twin.directory.keysOfPhone('+16175550100')).toEqual([]);
      await f.store.lineTypes.set('+16175550100', 'landline');
      expect(await f.twin.lineTypes.get('+16175550100')).toBe('landline');
    });
  });

  describe('bandit stats', () => {
    it('counts trials and successes per key and variant, from every process at once', async () => {
      const key = 'overdue_recall|sms';
      await Promise.all([
        ...[...Array(30)].map((_, i) => (i % 2 ? f.twin : f.store).bandit.recordTrial(key, 'b')),
        ...[...Array(12)].map((_, i) => (i % 2 ? f.twin : f.store).bandit.recordTrial(key, 'a')),
        ...[...Array(4)].map((_, i) => (i % 2 ? f.twin : f.store).bandit.recordSuccess(key, 'b')),
      ]);
      await f.store.bandit.recordTrial('dormant|voice', 'a');
      expect(await f.twin.bandit.arms(key)).toEqual([
        { variant: 'a', trials: 12, successes: 0 },
        { variant: 'b', trials: 30, successes: 4 },
      ]);
      expect(await f.twin.bandit.arms('no_show|sms')).toEqual([]);
      expect([...(await f.twin.bandit.all())]).toEqual([
        ['dormant|voice', [{ variant: 'a', trials: 1, successes: 0 }]],
        [
          key,
          [
            { variant: 'a', trials: 12, successes: 0 },
            { variant: 'b', trials: 30, successes: 4 },
          ],
        ],
      ]);
    });

    it('starts empty', async () => {
      expect((await f.store.bandit.all()).size).toBe(0);
    });
  });
});
