import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYNC_SNAPSHOT } from '../src/store/sync-status.ts';
import type { AuditReport } from '../src/domain/audit.ts';
import { posteriorSummary } from '../src/domain/bandit.ts';
import { addDays } from '../src/domain/dates.ts';
import { SEGMENTS, type PracticeFile } from '../src/domain/practice.ts';
import { ManualClock } from '../src/lib/clock.ts';
import { silentLogger } from '../src/lib/logger.ts';
import { chance, pick, seededRandom, type Random } from '../src/lib/random.ts';
import { samplePracticeFile } from '../src/sandbox/practice/sample-practice-file.ts';
import { createApp } from '../src/server/app.ts';
import type { DashboardData } from '../src/server/dashboard/metrics.ts';
import { createDashboardRouter } from '../src/server/dashboard/router.ts';
import type { ReactivationEvent } from '../src/store/event-log.ts';
import { createMemoryStore, type Store } from '../src/store/store.ts';
import {
  chartsOnPage,
  launchChromium,
  signInToDashboard,
  waitInPage,
  watchConsole,
  type BrowserSession,
} from './helpers/browser.ts';

/**
 * The dashboard end to end in headless Chromium: sign in through the form, every chart drawn with
 * data, the headline cards equal to the API's numbers, the funnel split and the filters working,
 * no console error (the strict CSP included), readable at desktop and phone widths; and the empty
 * states of a practice that has not synced yet. Screenshots go to artifacts/.
 */

const TOKEN = 'browser-test-token-0123456789';
const TODAY = '2026-05-20';
const practice = samplePracticeFile();
const ARTIFACTS = join(import.meta.dirname, '..', 'artifacts');
const CHARTS = ['audit', 'funnel', 'series', 'rates', 'reminders', 'variants'];

const AUDIT: AuditReport = {
  asOf: TODAY,
  patients: 2400,
  segments: { no_show: 85, unscheduled_treatment: 140, overdue_recall: 410, dormant: 265 },
  active: 1150,
  excluded: { inactive: 120, deceased: 15, scheduled: 160, never_visited: 35, lost: 20 },
  reachable: { sms: 690, email: 540, call: 760, any: 805 },
  estimate: { appointments: 98, revenue: 31250, assumptions: { currency: 'USD' } },
  skipped: 0,
};

const CHANNEL_COST: Record<string, number> = {
  sms: 0.0083,
  whatsapp: 0.005,
  call: 0.028,
  email: 0,
};
const BOOKING_RATE: Record<string, number> = { a: 0.07, b: 0.11 };

/**
 * Thirty days of outreach as the service records it: patients become eligible, get a message
 * (mostly texts), which is delivered or fails, some reply or click, some book, most of those come
 * back (recovered, worth the segment's visit value), a few opt out; reminders before the visit.
 */
function seedEvents(p: PracticeFile, random: Random): ReactivationEvent[] {
  const events: ReactivationEvent[] = [];
  const locations = p.locations.map((l) => l.name);
  let n = 0;
  const add = (type: string, day: string, rest: Partial<ReactivationEvent>) => {
    if (day > TODAY) return;
    events.push({ type, day, at: `${day}T15:00:00.000Z`, ...rest });
  };
  for (let i = 29; i >= 0; i--) {
    const day = addDays(TODAY, -i);
    for (let k = 0; k < 14; k++) {
      const patientKey = `csv:0:${++n}`;
      const location = pick(random, locations);
      const segment = pick(random, SEGMENTS);
      add('eligible', day, { patientKey, location, segment });
      if (!chance(random, 0.8)) continue;
      const channel = pick(random, ['sms', 'sms', 'sms', 'sms', 'whatsapp', 'email', 'call']);
      const variant = pick(random, ['a', 'b']);
      const m = { patientKey, channel, variant, templateId: `${segment}.${channel}.${variant}` };
      add('sent', day, { ...m, location, segment });
      const cost = CHANNEL_COST[channel] ?? 0;
      if (chance(random, 0.06)) {
        add('failed', day, { ...m, ...(cost ? { cost } : {}) });
        continue;
      }
      add('delivered', day, { ...m, ...(cost ? { cost } : {}) });
      if (chance(random, 0.025)) add('opted_out', addDays(day, 1), { patientKey, channel });
      if (chance(random, 0.2)) add('replied', day, m);
      if (chance(random, 0.15)) add('clicked', addDays(day, 1), { ...m, location });
      if (!chance(random, BOOKING_RATE[variant]! * 2)) continue;
      const booked = addDays(day, 2);
      add('booked', booked, { ...m, location, segment });
      add('reminder_sent', addDays(booked, 1), {
        patientKey,
        location,
        channel: 'sms',
        variant: 'confirmation',
      });
      const confirmed = chance(random, 0.6);
      if (confirmed) add('confirmed', addDays(booked, 2), { patientKey, location });
      add('reminder_sent', addDays(booked, 4), { patientKey, location, channel: 'sms' });
      const visit = addDays(booked, 5);
      if (chance(random, 0.85)) {
        add('showed', visit, {
          patientKey,
          location,
          ...(confirmed ? { variant: 'confirmed' } : {}),
        });
        add('recovered', visit, { ...m, location, segment, value: p.estimate[segment].visitValue });
      } else add('missed', visit, { patientKey, location });
    }
  }
  return events;
}

interface Served {
  baseUrl: string;
  close(): Promise<void>;
}

async function serve(store: Store): Promise<Served> {
  const router = createDashboardRouter({
    store,
    practice,
    token: TOKEN,
    clock: new ManualClock(`${TODAY}T16:00:00Z`),
    logger: silentLogger,
  });
  const app = createApp({ logger: silentLogger, routers: [{ path: '/', router }] });
  const server: Server = await new Promise((ready) => {
    const s = app.listen(0, '127.0.0.1', () => ready(s));
  });
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

// The page's formats, written out independently: whole dollars, cents under $100.
const money = (n: number) => {
  const digits = Math.abs(n) < 100 && n !== 0 ? 2 : 0;
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: 'USD',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(n);
};
const count = (n: number) => new Intl.NumberFormat('en-US').format(n);
const percent = (v: number) =>
  new Intl.NumberFormat('en-US', {
    style: 'percent',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(v);

describe('the dashboard in headless Chromium', () => {
  let browser: BrowserSession;
  let seeded: Served;
  let empty: Served;
  let broken: Served;
  const SYNCED_AT = '2026-05-19T13:05:00.000Z';
  const REFUSED = 'HubSpot refused the access token (401): check HUBSPOT_ACCESS_TOKEN';

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    const store = createMemoryStore({});
    for (const event of seedEvents(practice, seededRandom(7))) await store.events.record(event);
    await store.snapshots.put('audit', AUDIT);
    // What automatic variant choice has counted (all time), for the table under the variants.
    for (const [key, variant, trials, successes] of [
      ['overdue_recall|sms', 'a', 120, 9],
      ['overdue_recall|sms', 'b', 80, 10],
      ['dormant|sms', 'a', 60, 3],
    ] as const) {
      for (let i = 0; i < trials; i++) await store.bandit.recordTrial(key, variant);
      for (let i = 0; i < successes; i++) await store.bandit.recordSuccess(key, variant);
    }
    await store.snapshots.put(SYNC_SNAPSHOT, { at: SYNCED_AT, outcome: 'ok', patients: 2_000 });
    seeded = await serve(store);
    empty = await serve(createMemoryStore({}));
    // A practice whose token was revoked: the last sync failed.
    const failed = createMemoryStore({});
    await failed.snapshots.put(SYNC_SNAPSHOT, { at: SYNCED_AT, outcome: 'failed', error: REFUSED });
    broken = await serve(failed);
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await seeded?.close();
    await empty?.close();
    await broken?.close();
  });

  /** A fresh page signed in through the form (cookies cleared: both servers share the host). */
  async function signIn(baseUrl: string) {
    await browser.context.clearCookies();
    return signInToDashboard(browser, baseUrl, TOKEN);
  }

  it('refuses a wrong token in the form and says so', async () => {
    await browser.context.clearCookies();
    const page = await browser.newPage();
    const watched = watchConsole(page);
    await page.goto(`${seeded.baseUrl}/`);
    await page.getByLabel('Dashboard token').fill('not the token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForSelector('[role="alert"]');
    expect(await page.getByRole('alert').textContent()).toBe('That token is not right.');
    expect(await page.getByLabel('Dashboard token').getAttribute('aria-invalid')).toBe('true');
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-login.png') });
    // The browser logs the 401 answer itself; nothing else may appear.
    expect(watched.errors).toEqual([
      'console: Failed to load resource: the server responded with a status of 401 (Unauthorized)',
    ]);
    await page.close();
  }, 90_000);

  it('draws every chart with data, and the cards agree with the API', async () => {
    const { page, errors } = await signIn(seeded.baseUrl);
    const charts = await chartsOnPage(page);
    expect(charts.map((c) => c.id)).toEqual(CHARTS.map((id) => `chart-${id}`));
    for (const c of charts) {
      expect(c.type, c.id).not.toBeNull();
      expect(c.datasets.length, c.id).toBeGreaterThan(0);
      expect(
        c.datasets.some((d) => d.points > 0),
        c.id,
      ).toBe(true);
      expect(c.width, c.id).toBeGreaterThan(200);
      expect(c.height, c.id).toBeGreaterThan(150);
    }
    for (const id of CHARTS) expect(await page.isHidden(`#empty-${id}`), id).toBe(true);

    const d = (await page.evaluate(() =>
      fetch('/api/dashboard').then((r) => r.json()),
    )) as DashboardData;
    expect(d.range).toEqual({ from: '2026-04-21', to: TODAY, days: 30 });
    expect(d.headline.recovered).toBeGreaterThan(5);
    const card = (key: string) => page.locator(`[data-card="${key}"]`).textContent();
    expect(await card('lapsed')).toBe(count(900));
    expect(await card('reachable')).toBe(count(805));
    expect(await card('recovered')).toBe(count(d.headline.recovered!));
    expect(await card('revenue')).toBe(money(d.headline.revenue!));
    expect(await card('cost')).toBe(money(d.headline.cost!));
    expect(await card('roi')).toBe(
      `${new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 }).format(d.headline.returnRatio!)}×`,
    );
    expect(await page.locator('#f-from').inputValue()).toBe('2026-04-21');
    expect(await page.locator('#f-location option').allTextContents()).toEqual([
      'All locations',
      ...practice.locations.map((l) => l.name).sort((a, b) => a.localeCompare(b)),
    ]);

    expect(await page.locator('#bandit tbody tr').count()).toBe(3);
    const dormant = posteriorSummary({ trials: 60, successes: 3 });
    expect(await page.locator('#bandit tbody tr').first().locator('td').allTextContents()).toEqual([
      'Dormant · SMS',
      'a',
      '60',
      '3',
      percent(dormant.mean),
      `${percent(dormant.low)} – ${percent(dormant.high)}`,
    ]);

    // The funnel split by channel: one stacked dataset per channel.
    await page.selectOption('#funnel-by', 'byChannel');
    const funnel = (await chartsOnPage(page)).find((c) => c.id === 'chart-funnel')!;
    expect(funnel.datasets.map((s) => s.label)).toEqual(['SMS', 'WhatsApp', 'Email', 'Call']);

    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-desktop.png'), fullPage: true });

    // The page holds aggregates only: no patient key, in the markup or in the data.
    expect(await page.content()).not.toContain('csv:0:');
    expect(JSON.stringify(d)).not.toContain('csv:0:');
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it('applies the filters, says what a filter cannot show, and keeps them in the address', async () => {
    const { page, errors } = await signIn(seeded.baseUrl);
    await page.selectOption('#f-segment', 'dormant');
    await page.fill('#f-from', '2026-05-06');
    const answered = page.waitForResponse((r) => r.url().includes('/api/dashboard?'));
    await page.getByRole('button', { name: 'Apply' }).click();
    expect((await answered).status()).toBe(200);
    await waitInPage(
      page,
      `document.querySelector('#status').textContent === '2026-05-06 to 2026-05-20 (15 days)'`,
    );
    expect(page.url()).toContain('segment=dormant');
    expect(await page.isVisible('#notes')).toBe(true);
    expect(await page.locator('#notes').textContent()).toContain('not recorded by segment');
    expect(await page.locator('[data-card="cost"]').textContent()).toBe('—');
    const series = (await chartsOnPage(page)).find((c) => c.id === 'chart-series')!;
    expect(series.datasets[0]!.points).toBe(15);
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    expect(await page.locator('#f-segment').inputValue()).toBe('dormant');
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it('fits a phone: one column, no sideways scrolling, charts resized', async () => {
    const { page, errors } = await signIn(seeded.baseUrl);
    await page.setViewportSize({ width: 390, height: 844 });
    await waitInPage(
      page,
      `[...document.querySelectorAll('canvas')].every((c) => c.clientWidth > 0 && c.clientWidth <= 370)`,
    );
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
      390,
    );
    const charts = await chartsOnPage(page);
    for (const c of charts) expect(c.width, c.id).toBeLessThanOrEqual(370);
    const lefts = await page.evaluate<number[]>(
      `[...document.querySelectorAll('.panel')].map((p) => Math.round(p.getBoundingClientRect().left))`,
    );
    expect(new Set(lefts).size).toBe(1);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-phone.png'), fullPage: true });
    // What the phone shows first, at its real size (the full page is long).
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-phone-first-screen.png') });
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it('shows empty states before the first sync and the first message', async () => {
    const { page, errors } = await signIn(empty.baseUrl);
    for (const id of CHARTS) {
      expect(await page.isVisible(`#empty-${id}`), id).toBe(true);
      expect(await page.isHidden(`#chart-${id}`), id).toBe(true);
    }
    expect(await page.locator('[data-card="lapsed"]').textContent()).toBe('—');
    expect(await page.locator('[data-card="recovered"]').textContent()).toBe('0');
    expect(await page.locator('[data-card="roi"]').textContent()).toBe('—');
    // No sync yet: nothing to say about one.
    expect(await page.isHidden('#sync')).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-empty.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it('says how the last sync ended: a quiet line when it worked, a red alert naming what to fix when it failed', async () => {
    const good = await signIn(seeded.baseUrl);
    const line = good.page.locator('#sync');
    await line.waitFor();
    expect(await line.textContent()).toMatch(/^Last sync with the PMS: .+, 2,000 patients read\.$/);
    expect(await line.getAttribute('class')).toBe('sync');
    expect(good.errors).toEqual([]);
    await good.page.close();

    const bad = await signIn(broken.baseUrl);
    const banner = bad.page.locator('#sync.failed');
    await banner.waitFor();
    expect(await banner.getAttribute('role')).toBe('alert');
    const text = (await banner.textContent())!;
    expect(text).toContain(`The last sync with the PMS failed (`);
    expect(text).toContain(`): ${REFUSED}. HubSpot is not being updated until a sync works again`);
    // Red, and above the headline numbers. (The tests are compiled without the DOM's types.)
    type Styled = { getComputedStyle(el: unknown): { borderLeftColor: string } };
    const border = await banner.evaluate(
      (el) => (globalThis as unknown as Styled).getComputedStyle(el).borderLeftColor,
    );
    expect(border).toBe('rgb(192, 57, 43)');
    const [bannerBox, cardsBox] = await Promise.all([
      banner.boundingBox(),
      bad.page.locator('.cards').boundingBox(),
    ]);
    expect(bannerBox!.y).toBeLessThan(cardsBox!.y);
    await bad.page.screenshot({
      path: join(ARTIFACTS, 'dashboard-sync-failed.png'),
      fullPage: true,
    });
    expect(bad.errors).toEqual([]);
    await bad.page.close();
  }, 90_000);
});
