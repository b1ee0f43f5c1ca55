import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardData } from '../src/server/dashboard/metrics.ts';
import {
  chartsOnPage,
  launchChromium,
  signInToDashboard,
  watchConsole,
  type BrowserSession,
} from './helpers/browser.ts';
import { finished, firstLine, runCli, startCli } from './helpers/cli.ts';

/**
 * `npm start` with nothing configured, as a newcomer runs it: its own process, no settings at all.
 * The first line says it is the sandbox and where to look; within a minute or so the dashboard
 * shows a live funnel with bookings and visits; the card preview shows a booked patient's card;
 * Chromium draws every chart from the run's own data; Ctrl+C stops it cleanly.
 */

const ARTIFACTS = join(import.meta.dirname, '..', 'artifacts');

describe('npm start: the embedded default', () => {
  let child: ReturnType<typeof startCli>;
  let baseUrl = '';
  let token = '';
  let cookie = '';
  let browser: BrowserSession | undefined;

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    // Nothing configured: only PATH, HOME and NODE_ENV=test (startCli), and an ephemeral port.
    child = startCli(['start', '--port', '0', '--progress', '0'], { LOG_LEVEL: 'info' });
    const line = await firstLine(child);
    expect(line).toMatch(/^Sandbox mode \(no HubSpot or Twilio account needed\): dashboard /);
    const found =
      /dashboard (http:\/\/localhost:\d+)\/ \(token "([^"]+)"\), card preview \1\/sandbox\/cards$/.exec(
        line,
      );
    expect(found).not.toBeNull();
    baseUrl = found![1]!;
    token = found![2]!;
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    if (child.exitCode === null) child.kill('SIGKILL');
  });

  const dashboard = async (): Promise<DashboardData> => {
    const response = await fetch(`${baseUrl}/api/dashboard`, { headers: { cookie } });
    expect(response.status).toBe(200);
    return (await response.json()) as DashboardData;
  };

  it('signs in with the printed token and reaches a live funnel: bookings, then visits', async () => {
    const login = await fetch(`${baseUrl}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token }),
      redirect: 'manual',
    });
    expect(login.status).toBe(303);
    cookie = login.headers.get('set-cookie')!.split(';')[0]!;

    const started = Date.now();
    let d = await dashboard();
    while (!(d.funnel.overall.booked! > 0 && d.funnel.overall.recovered! > 0)) {
      if (Date.now() - started > 150_000)
        throw new Error(`no live funnel yet: ${JSON.stringify(d.funnel.overall)}`);
      await new Promise((r) => setTimeout(r, 2_000));
      d = await dashboard();
    }
    // The audit of the first sync: the size of the problem.
    expect(d.audit?.patients).toBe(2000);
    expect(d.headline.lapsed).toBeGreaterThan(0);
    const f = d.funnel.overall;
    expect(f.eligible).toBeGreaterThan(0);
    expect(f.sent).toBeGreaterThan(0);
    expect(f.booked).toBeGreaterThan(0);
    expect(f.recovered).toBeGreaterThan(0);
    // Each stage is a subset of the one before where that must hold.
    expect(f.sent!).toBeGreaterThanOrEqual(f.delivered!);
    expect(f.booked!).toBeGreaterThanOrEqual(f.recovered!);
    expect(d.headline.revenue).toBeGreaterThan(0);
    // Twilio's (sandbox) price of each message, read after its final status.
    expect(d.headline.cost).toBeGreaterThan(0);
    expect(d.reminders.sent).toBeGreaterThan(0);
  }, 180_000);

  it('the card preview lists the sandbox contacts and shows a booked patient’s card, with the outreach that won them back', async () => {
    const list = await (await fetch(`${baseUrl}/sandbox/cards`)).text();
    const booked = [
      ...list.matchAll(
        /<a href="\/sandbox\/cards\/(\d+)">[^<]+<\/a><\/td>\s*<td><span class="tag tag-(?:booked|confirmed|recovered)">/g,
      ),
    ].map((m) => m[1]!);
    expect(booked.length, 'booked contacts in the list').toBeGreaterThan(0);
    // Some patients were booked in the PMS before the run began (their card says "No outreach
    // yet"), so look for one the run texted and who booked from the link.
    let card = '';
    for (const id of booked) {
      card = await (await fetch(`${baseUrl}/sandbox/cards/${id}`)).text();
      expect(card).toContain('Outreach so far');
      if (!card.includes('No outreach yet.')) break;
    }
    expect(card).toMatch(/<td>sms<\/td>|<td>whatsapp<\/td>/);
    // First name and initial only; never a phone number.
    expect(card).not.toMatch(/\+1\d{10}/);
    const missing = await fetch(`${baseUrl}/sandbox/cards/999999999`);
    expect(missing.status).toBe(404);
  });

  it('Chromium draws every chart of the dashboard from the run’s data, without console errors', async () => {
    browser = await launchChromium();
    const { page, errors } = await signInToDashboard(browser, baseUrl, token);
    const charts = await chartsOnPage(page);
    expect(charts.length).toBeGreaterThanOrEqual(5);
    for (const c of charts) {
      expect(c.type, c.id).not.toBeNull();
      expect(
        c.datasets.some((s) => s.points > 0),
        c.id,
      ).toBe(true);
    }
    await page.screenshot({ path: join(ARTIFACTS, 'sandbox-dashboard.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(ARTIFACTS, 'sandbox-dashboard-phone.png'), fullPage: true });

    const preview = await browser.newPage();
    const previewErrors = watchConsole(preview);
    await preview.goto(`${baseUrl}/sandbox/cards`);
    await preview.locator('.tag-booked, .tag-recovered').first().waitFor();
    const link = preview.locator('tr:has(.tag-booked) a, tr:has(.tag-recovered) a').first();
    await link.click();
    await preview.waitForSelector('section.card');
    await preview.screenshot({ path: join(ARTIFACTS, 'sandbox-card-preview.png'), fullPage: true });
    expect(errors).toEqual([]);
    expect(previewErrors.errors).toEqual([]);
  }, 120_000);

  it('stops cleanly on Ctrl+C, and its logs hold no phone number or message text', async () => {
    child.kill('SIGINT');
    const result = await finished(child, 30_000);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Stopping the sandbox');
    expect(result.stderr).not.toMatch(/\+1\d{10}/);
    expect(result.stderr).not.toMatch(/Reply STOP|\/b\/[\w-]{10,}/);
  }, 40_000);
});

describe('npm start in production', () => {
  it('has no sandbox: every missing setting is listed and nothing starts', async () => {
    const result = await runCli(['start'], { NODE_ENV: 'production' });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    for (const name of [
      'PRACTICE_CONFIG',
      'HUBSPOT_ACCESS_TOKEN',
      'HUBSPOT_CLIENT_SECRET',
      'TWILIO_ACCOUNT_SID',
      'TWILIO_AUTH_TOKEN',
      'TWILIO_MESSAGING_SERVICE_SID',
      'REDIS_URL',
      'PUBLIC_BASE_URL',
      'BOOKING_LINK_SECRET',
      'PMS_SOURCE',
      'PMS_URL',
      'DASHBOARD_TOKEN',
    ])
      expect(result.stderr).toContain(`${name}: missing`);
  });
});
