import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/**
 * Debian's Chromium driven by playwright-core: no browser is ever downloaded. `.ci/run` installs
 * the `chromium` package when it is missing. Each launch gets a fresh profile directory, deleted on
 * close.
 */

export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface BrowserSession {
  context: BrowserContext;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export interface LaunchOptions {
  viewport?: { width: number; height: number };
  locale?: string;
  /** Charts draw at once (no animation) when the page honours prefers-reduced-motion. */
  reducedMotion?: 'reduce' | 'no-preference';
}

/** Starts headless Chromium with a fresh `--user-data-dir` (Playwright's persistent context). */
export async function launchChromium(options: LaunchOptions = {}): Promise<BrowserSession> {
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(`${CHROMIUM_PATH} is missing: apt-get install -y chromium (see .ci/run)`);
  const profile = await mkdtemp(join(tmpdir(), 'reactivate-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_FLAGS,
      viewport: options.viewport ?? { width: 1280, height: 900 },
      locale: options.locale ?? 'en-US',
      reducedMotion: options.reducedMotion ?? 'reduce',
    });
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
  return {
    context,
    newPage: () => context.newPage(),
    async close() {
      await context.close().catch(() => {});
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Collects what would be a bug on a page: console errors (a CSP refusal, a failed fetch, a 404
 * asset) and uncaught exceptions.
 */
export function watchConsole(page: Page): { errors: string[] } {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  return { errors };
}

/** A canvas of the page and the Chart.js chart drawn on it (type null when there is none). */
export interface ChartOnPage {
  id: string;
  width: number;
  height: number;
  type: string | null;
  datasets: { label: string; points: number }[];
}

// Runs in the page (a string: the tests' TypeScript has no DOM library). `window.Chart` is the UMD
// build's global.
const CHARTS_ON_PAGE = `[...document.querySelectorAll('canvas')].map((canvas) => {
  const chart = window.Chart ? window.Chart.getChart(canvas) : undefined;
  return {
    id: canvas.id,
    width: canvas.clientWidth,
    height: canvas.clientHeight,
    type: chart ? chart.config.type : null,
    datasets: chart
      ? chart.data.datasets.map((d) => ({
          label: d.label,
          points: d.data.filter((v) => v !== null && v !== undefined).length,
        }))
      : [],
  };
})`;

/** Every canvas on the page with its Chart.js instance, as the page sees them now. */
export function chartsOnPage(page: Page): Promise<ChartOnPage[]> {
  return page.evaluate<ChartOnPage[]>(CHARTS_ON_PAGE);
}

/**
 * Waits until `expression` is truthy in the page. Playwright's own waitForFunction compiles its
 * predicate inside the page, which a strict Content-Security-Policy (no 'unsafe-eval') refuses;
 * page.evaluate goes through the DevTools protocol and is not subject to it.
 */
export async function waitInPage(
  page: Page,
  expression: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await page.evaluate<unknown>(expression)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${expression}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A fresh page of `session` signed in to the dashboard at `baseUrl` through its form. */
export async function signInToDashboard(
  session: BrowserSession,
  baseUrl: string,
  token: string,
): Promise<{ page: Page; errors: string[] }> {
  const page = await session.newPage();
  const watched = watchConsole(page);
  await page.goto(`${baseUrl}/`);
  await page.getByLabel('Dashboard token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForSelector('body[data-ready="true"]');
  return { page, errors: watched.errors };
}
