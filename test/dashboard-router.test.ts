import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AuditReport } from '../src/domain/audit.ts';
import { ManualClock } from '../src/lib/clock.ts';
import { silentLogger } from '../src/lib/logger.ts';
import { samplePracticeFile } from '../src/sandbox/practice/sample-practice-file.ts';
import { createApp } from '../src/server/app.ts';
import type { DashboardData } from '../src/server/dashboard/metrics.ts';
import {
  createDashboardRouter,
  type DashboardRouterOptions,
} from '../src/server/dashboard/router.ts';
import type { ReactivationEvent } from '../src/store/event-log.ts';
import { createMemoryStore, redisStore, type Store } from '../src/store/store.ts';
import { SYNC_SNAPSHOT } from '../src/store/sync-status.ts';
import { testRedis } from './helpers/redis.ts';

/**
 * The dashboard router over real HTTP (createApp on port 0, fetch): the login, the session
 * cookie, the API's validation, and its numbers from events recorded into the in-memory store
 * and into Redis.
 */

const TOKEN = 'correct horse battery staple';
const practice = samplePracticeFile();
const [DOWNTOWN, LAKESIDE] = practice.locations.map((l) => l.name) as [string, string];
// 03:00 UTC is still the evening before in New York: "today" is the practice's 2026-05-19.
const NOW = '2026-05-20T03:00:00Z';

interface Running {
  baseUrl: string;
  clock: ManualClock;
  close(): Promise<void>;
}

const running: Running[] = [];

async function start(
  store: Store,
  options: Partial<Omit<DashboardRouterOptions, 'store'>> = {},
): Promise<Running> {
  const clock = new ManualClock(NOW);
  const router = createDashboardRouter({
    store,
    practice,
    token: TOKEN,
    clock,
    logger: silentLogger,
    ...options,
  });
  const app = createApp({ logger: silentLogger, routers: [{ path: '/', router }] });
  const server: Server = await new Promise((ready) => {
    const s = app.listen(0, '127.0.0.1', () => ready(s));
  });
  const { port } = server.address() as AddressInfo;
  const r: Running = {
    baseUrl: `http://127.0.0.1:${port}`,
    clock,
    close: () => new Promise((done) => server.close(() => done())),
  };
  running.push(r);
  return r;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.close()));
});

function login(base: string, token: string, headers: Record<string, string> = {}) {
  return fetch(`${base}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({ token }).toString(),
    redirect: 'manual',
  });
}

/** Signs in and returns the Cookie header to send. */
async function session(base: string): Promise<string> {
  const res = await login(base, TOKEN);
  expect(res.status).toBe(303);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

const api = (base: string, cookie: string | undefined, query = '') =>
  fetch(`${base}/api/dashboard${query}`, { headers: cookie ? { cookie } : {} });

describe('dashboard login', () => {
  const store = createMemoryStore({});

  it('shows the sign-in form to a visitor, under a strict content security policy', async () => {
    const { baseUrl } = await start(store);
    const res = await fetch(`${baseUrl}/`);
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('name="token"');
    expect(page).toContain('action="/login"');
    expect(page).not.toContain('<script');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('refuses a wrong token with 401 and the form again', async () => {
    const { baseUrl } = await start(store);
    const res = await login(baseUrl, 'guess');
    expect(res.status).toBe(401);
    expect(res.headers.get('set-cookie')).toBeNull();
    const page = await res.text();
    expect(page).toContain('That token is not right.');
    expect(page).toContain('name="token"');
    expect((await login(baseUrl, '')).status).toBe(401);
  });

  it('gives an HttpOnly, SameSite=Strict session cookie that opens the dashboard and its data', async () => {
    const { baseUrl } = await start(store);
    const res = await login(baseUrl, TOKEN);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie).toMatch(
      /^reactivate_dashboard=v1\.\d+\.[\w-]{43}; Path=\/; Max-Age=43200; HttpOnly; SameSite=Strict$/,
    );
    const cookie = setCookie.split(';')[0]!;
    const page = await fetch(`${baseUrl}/`, { headers: { cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('id="chart-funnel"');
    expect(html).toContain('src="/assets/chart.umd.js"');
    expect(html).toContain('Riverside Family Dental');
    expect((await api(baseUrl, cookie)).status).toBe(200);
  });

  it('marks the cookie Secure behind https', async () => {
    const { baseUrl } = await start(store);
    const res = await login(baseUrl, TOKEN, { 'x-forwarded-proto': 'https' });
    expect(res.headers.get('set-cookie')).toMatch(/; Secure$/);
  });

  it('refuses the data without a session, with a tampered cookie, an expired one or another token’s', async () => {
    const a = await start(store);
    const cookie = await session(a.baseUrl);
    expect((await api(a.baseUrl, undefined)).status).toBe(401);
    expect(await (await api(a.baseUrl, undefined)).json()).toEqual({
      error: 'unauthenticated',
      message: 'sign in first',
    });
    const [name, value] = cookie.split('=') as [string, string];
    const [v, expiry, sig] = value.split('.');
    const tampered = [
      `${name}=${v}.${Number(expiry) + 86_400_000}.${sig}`,
      `${name}=${v}.${expiry}.${sig!.slice(0, 10)}${sig![10] === 'x' ? 'y' : 'x'}${sig!.slice(11)}`,
      `${name}=garbage`,
    ];
    for (const bad of tampered) {
      expect((await api(a.baseUrl, bad)).status).toBe(401);
      expect(await (await fetch(`${a.baseUrl}/`, { headers: { cookie: bad } })).text()).toContain(
        'name="token"',
      );
    }
    const b = await start(store, { token: 'another token' });
    expect((await api(b.baseUrl, cookie)).status).toBe(401);
    a.clock.advance(12 * 3_600_000);
    expect((await api(a.baseUrl, cookie)).status).toBe(401);
  });

  it('signs out by clearing the cookie', async () => {
    const { baseUrl } = await start(store);
    const cookie = await session(baseUrl);
    const res = await fetch(`${baseUrl}/logout`, {
      method: 'POST',
      headers: { cookie },
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('set-cookie')).toMatch(
      /^reactivate_dashboard=; Path=\/; Max-Age=0; HttpOnly; SameSite=Strict$/,
    );
  });

  it('refuses to serve anything but a notice when DASHBOARD_TOKEN is not set', async () => {
    for (const token of [undefined, '']) {
      const { baseUrl } = await start(store, { token });
      const page = await fetch(`${baseUrl}/`);
      expect(page.status).toBe(503);
      expect(await page.text()).toContain('DASHBOARD_TOKEN');
      expect((await login(baseUrl, '')).status).toBe(503);
      const data = await api(baseUrl, undefined);
      expect(data.status).toBe(503);
      expect(await data.json()).toMatchObject({ message: 'set DASHBOARD_TOKEN' });
    }
  });

  it('serves its assets, Chart.js from node_modules, and nothing else of its folder', async () => {
    const { baseUrl } = await start(store);
    const chart = await fetch(`${baseUrl}/assets/chart.umd.js`);
    expect(chart.status).toBe(200);
    expect(chart.headers.get('content-type')).toMatch(/javascript/);
    expect(await chart.text()).toMatch(/Chart\.js v4\.\d+\.\d+/);
    for (const [file, type] of [
      ['app.js', /javascript/],
      ['charts.js', /javascript/],
      ['dashboard.css', /css/],
      ['icon.svg', /svg/],
    ] as const) {
      const res = await fetch(`${baseUrl}/assets/${file}`);
      expect(res.status, file).toBe(200);
      expect(res.headers.get('content-type')).toMatch(type);
    }
    for (const path of ['/assets/%2e%2e/router.ts', '/assets/..%2frouter.ts', '/assets/nope.js'])
      expect((await fetch(`${baseUrl}${path}`)).status, path).toBe(404);
  });

  it('leaves other paths to the rest of the app', async () => {
    const { baseUrl } = await start(store);
    expect((await fetch(`${baseUrl}/healthz`)).status).toBe(200);
    const other = await fetch(`${baseUrl}/twilio/messages/inbound`, { method: 'POST' });
    expect(other.status).toBe(404);
    expect(await other.json()).toMatchObject({ error: 'not_found' });
  });
});

describe('GET /api/dashboard validation', () => {
  const store = createMemoryStore({});

  it.each([
    ['?from=2026-13-01', 'from'],
    ['?to=yesterday', 'to'],
    ['?segment=lost', 'segment'],
    ['?channel=fax', 'channel'],
    ['?variant=%3Cscript%3E', 'variant'],
    ['?from=2026-05-10&to=2026-05-01', 'from'],
    ['?from=2024-01-01&to=2026-05-01', 'from'],
  ])('%s → 400 naming %s', async (query, field) => {
    const { baseUrl } = await start(store);
    const res = await api(baseUrl, await session(baseUrl), query);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'invalid_input', field });
  });

  it('defaults to the last 30 days up to today in the practice’s time zone', async () => {
    const { baseUrl } = await start(store);
    const d = (await (await api(baseUrl, await session(baseUrl))).json()) as DashboardData;
    expect(d.range).toEqual({ from: '2026-04-20', to: '2026-05-19', days: 30 });
    expect(d.audit).toBeNull();
    expect(d.currency).toBe('USD');
    expect(d.options.locations).toEqual([DOWNTOWN, LAKESIDE].sort((a, b) => a.localeCompare(b)));
  });
});

/** Events as the service records them (see src/outreach and src/crm/sync/sync-events.ts). */
function seedEvents(): ReactivationEvent[] {
  const at = (day: string) => `${day}T15:00:00.000Z`;
  const e = (type: string, day: string, n: number, rest: Partial<ReactivationEvent> = {}) =>
    Array.from({ length: n }, (_, i) => ({
      type,
      day,
      at: at(day),
      patientKey: `od:1:${type}-${day}-${i}`,
      ...rest,
    }));
  const sms = { channel: 'sms', templateId: 'dormant.sms.a', variant: 'a' };
  return [
    ...e('eligible', '2026-05-01', 10, { location: DOWNTOWN, segment: 'dormant' }),
    ...e('eligible', '2026-05-01', 5, { location: LAKESIDE, segment: 'no_show' }),
    ...e('sent', '2026-05-02', 8, { location: DOWNTOWN, segment: 'dormant', ...sms }),
    ...e('sent', '2026-05-02', 4, {
      location: LAKESIDE,
      segment: 'no_show',
      channel: 'sms',
      variant: 'b',
    }),
    ...e('delivered', '2026-05-02', 10, { ...sms, cost: 0.0079 }),
    ...e('failed', '2026-05-02', 2, { ...sms, cost: 0.0079 }),
    ...e('replied', '2026-05-03', 3, sms),
    ...e('clicked', '2026-05-03', 3, { location: DOWNTOWN, ...sms }),
    ...e('booked', '2026-05-04', 2, { location: DOWNTOWN, segment: 'dormant', ...sms }),
    ...e('recovered', '2026-05-10', 1, {
      location: DOWNTOWN,
      segment: 'dormant',
      ...sms,
      value: 250,
    }),
    ...e('opted_out', '2026-05-03', 1, { channel: 'sms' }),
    ...e('reminder_sent', '2026-05-05', 4, { location: DOWNTOWN, channel: 'sms' }),
    ...e('confirmed', '2026-05-06', 1, { location: DOWNTOWN }),
    ...e('showed', '2026-05-10', 1, { location: DOWNTOWN, variant: 'confirmed' }),
    ...e('missed', '2026-05-11', 1, { location: DOWNTOWN }),
    // Outside the range asked for: must not count.
    ...e('recovered', '2026-04-01', 5, { location: DOWNTOWN, segment: 'dormant', value: 250 }),
  ];
}

const AUDIT: AuditReport = {
  asOf: '2026-05-19',
  patients: 500,
  segments: { no_show: 12, unscheduled_treatment: 8, overdue_recall: 40, dormant: 30 },
  active: 300,
  excluded: { inactive: 60, deceased: 10, scheduled: 20, never_visited: 15, lost: 5 },
  reachable: { sms: 70, email: 50, call: 80, any: 85 },
  estimate: { appointments: 11, revenue: 3100, assumptions: { currency: 'USD' } },
  skipped: 0,
};

describe.each([
  ['memory', async () => ({ store: createMemoryStore({}), cleanup: async () => {} })],
  [
    'redis',
    async () => {
      const r = await testRedis();
      return { store: redisStore(r.redis, r.prefix, {}), cleanup: r.cleanup };
    },
  ],
])('API numbers from events recorded into the %s store', (_kind, open) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  const events = seedEvents();

  beforeAll(async () => {
    ({ store, cleanup } = await open());
    for (const event of events) await store.events.record(event);
  });
  afterAll(async () => {
    await cleanup();
  });

  it('computes the audit, funnel, money, rates and reminders', async () => {
    const { baseUrl } = await start(store);
    const cookie = await session(baseUrl);
    const before = (await (
      await api(baseUrl, cookie, '?from=2026-05-01&to=2026-05-19')
    ).json()) as DashboardData;
    expect(before.audit).toBeNull();
    await store.snapshots.put('audit', AUDIT);
    const res = await api(baseUrl, cookie, '?from=2026-05-01&to=2026-05-19');
    expect(res.status).toBe(200);
    const text = await res.text();
    const d = JSON.parse(text) as DashboardData;
    expect(d.audit).toMatchObject({ patients: 500, lapsed: 90, reachable: { any: 85 } });
    expect(d.headline).toEqual({
      lapsed: 90,
      reachable: 85,
      recovered: 1,
      revenue: 250,
      cost: 0.0948,
      returnRatio: 250 / 0.0948,
    });
    expect(d.funnel.overall).toEqual({
      eligible: 15,
      sent: 12,
      delivered: 10,
      replied: 3,
      clicked: 3,
      booked: 2,
      recovered: 1,
    });
    expect(d.rates.delivery.value).toBe(10 / 12);
    expect(d.rates.optOut.value).toBe(1 / 12);
    expect(d.reminders).toMatchObject({ sent: 4, confirmed: 1, showed: 1, missed: 1 });
    expect(d.reminders.showRate.value).toBe(0.5);
    expect(d.reminders.remindersPerKept.value).toBe(4);
    expect(d.variants.map((v) => [v.segment, v.variant, v.sent, v.booked])).toEqual([
      ['no_show', 'b', 4, 0],
      ['dormant', 'a', 8, 2],
    ]);
    expect(d.series.recovered[d.series.days.indexOf('2026-05-10')]).toBe(1);
    // Aggregates only: no patient key reaches the page.
    expect(text).not.toContain('od:1:');
  });

  it('applies the filters', async () => {
    const { baseUrl } = await start(store);
    const cookie = await session(baseUrl);
    const q = `?from=2026-05-01&to=2026-05-19&location=${encodeURIComponent(LAKESIDE)}`;
    const d = (await (await api(baseUrl, cookie, q)).json()) as DashboardData;
    expect(d.filters).toEqual({ location: LAKESIDE });
    expect(d.funnel.overall).toMatchObject({ eligible: 5, sent: 4, booked: 0, delivered: null });
    expect(d.reminders.showed).toBe(0);
    const byVariant = (await (
      await api(baseUrl, cookie, '?from=2026-05-01&to=2026-05-19&variant=a')
    ).json()) as DashboardData;
    expect(byVariant.funnel.overall).toMatchObject({
      eligible: null,
      sent: 8,
      delivered: 10,
      booked: 2,
    });
  });

  it('shows the bandit’s arms from the store, and carries on without them when they fail', async () => {
    for (let i = 0; i < 30; i++) await store.bandit.recordTrial('dormant|sms', 'a');
    for (let i = 0; i < 3; i++) await store.bandit.recordSuccess('dormant|sms', 'a');
    const withBandit = await start(store);
    const d = (await (
      await api(withBandit.baseUrl, await session(withBandit.baseUrl))
    ).json()) as DashboardData;
    expect(d.bandit).toHaveLength(1);
    expect(d.bandit![0]).toMatchObject({ key: 'dormant|sms', trials: 30, successes: 3 });
    const failing = await start(store, {
      bandit: async () => {
        throw new Error('redis went away');
      },
    });
    const res = await api(failing.baseUrl, await session(failing.baseUrl));
    expect(res.status).toBe(200);
    expect(((await res.json()) as DashboardData).bandit).toBeNull();
  });

  it('gives how the last sync ended: null before the first one, then what the sync stored; one that does not parse is ignored', async () => {
    const fresh = createMemoryStore({});
    const { baseUrl } = await start(fresh);
    const cookie = await session(baseUrl);
    const sync = async () => ((await (await api(baseUrl, cookie)).json()) as DashboardData).sync;
    expect(await sync()).toBeNull();
    const failed = {
      at: '2026-05-19T13:05:00.000Z',
      outcome: 'failed',
      error: 'HubSpot refused the access token (401): check HUBSPOT_ACCESS_TOKEN',
    };
    await fresh.snapshots.put(SYNC_SNAPSHOT, failed);
    expect(await sync()).toEqual(failed);
    await fresh.snapshots.put(SYNC_SNAPSHOT, { at: 'yesterday', outcome: 'fine' });
    expect(await sync()).toBeNull();
  });

  it('ignores a stored audit that no longer matches the schema', async () => {
    await store.snapshots.put('audit', { asOf: '2026-05-19', patients: 'many' });
    const { baseUrl } = await start(store);
    const d = (await (await api(baseUrl, await session(baseUrl))).json()) as DashboardData;
    expect(d.audit).toBeNull();
    await store.snapshots.put('audit', AUDIT);
  });
});
