import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxPracticeFile } from '../src/cli/embedded/sandbox-practice.ts';
import { todayIn } from '../src/cli/today.ts';
import { systemClock } from '../src/lib/clock.ts';
import { generateRecords } from '../src/sandbox/practice/generate.ts';
import { PatientBehaviour } from '../src/sandbox/simulation/behaviour.ts';
import type { DashboardData } from '../src/server/dashboard/metrics.ts';
import { escapeHtml } from '../src/server/dashboard/html.ts';
import { finished, firstLine, runCli, startCli } from './helpers/cli.ts';
import { REDIS_URL } from './helpers/redis.ts';

/**
 * `npm start`'s options, each in its own process as a newcomer runs it: the store it keeps its
 * state in (Redis on a prefix of its own with REDIS_URL, removed at Ctrl+C; memory without), the
 * simulated patients' rates as the dashboard counts them, and the names the card preview and the
 * dashboard's API show. A small practice (300 patients) keeps each run short.
 */

const PATIENTS = 300;
const SEED = 4;

type Child = ReturnType<typeof startCli>;

interface Sandbox {
  child: Child;
  baseUrl: string;
  token: string;
}

/** Starts `reactivate start` and waits for its first line (the banner). */
async function startSandbox(args: string[], env: Record<string, string>): Promise<Sandbox> {
  const child = startCli(
    [
      'start',
      '--port',
      '0',
      '--progress',
      '0',
      '--patients',
      String(PATIENTS),
      '--seed',
      String(SEED),
      ...args,
    ],
    env,
  );
  const line = await firstLine(child);
  const found = /dashboard (http:\/\/localhost:\d+)\/ \(token "([^"]+)"\)/.exec(line);
  if (!found) throw new Error(`unexpected first line: ${line}`);
  return { child, baseUrl: found[1]!, token: found[2]! };
}

/** Signs in with the token the banner printed; the session cookie. */
async function signIn(s: Sandbox): Promise<string> {
  const login = await fetch(`${s.baseUrl}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: s.token }),
    redirect: 'manual',
  });
  expect(login.status).toBe(303);
  return login.headers.get('set-cookie')!.split(';')[0]!;
}

async function dashboardText(s: Sandbox, cookie: string, query = ''): Promise<string> {
  const response = await fetch(`${s.baseUrl}/api/dashboard${query}`, { headers: { cookie } });
  expect(response.status).toBe(200);
  return response.text();
}

async function dashboard(s: Sandbox, cookie: string): Promise<DashboardData> {
  return JSON.parse(await dashboardText(s, cookie)) as DashboardData;
}

/** Polls the dashboard until `done` holds; fails with the last funnel after `ms`. */
async function dashboardUntil(
  s: Sandbox,
  cookie: string,
  done: (d: DashboardData) => boolean,
  ms: number,
): Promise<DashboardData> {
  const started = Date.now();
  let d = await dashboard(s, cookie);
  while (!done(d)) {
    if (Date.now() - started > ms)
      throw new Error(
        `not reached in ${ms} ms: ${JSON.stringify({ funnel: d.funnel.overall, optOut: d.rates.optOut })}`,
      );
    await new Promise((r) => setTimeout(r, 1_500));
    d = await dashboard(s, cookie);
  }
  return d;
}

async function keysUnder(redis: Redis, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    keys.push(...found);
  } while (cursor !== '0');
  return keys;
}

async function stop(s: Sandbox): Promise<Awaited<ReturnType<typeof finished>>> {
  s.child.kill('SIGINT');
  return finished(s.child, 30_000);
}

const optedOut = (d: DashboardData) => d.rates.optOut.numerator ?? 0;
const booked = (d: DashboardData) => d.funnel.overall.booked ?? 0;

describe('npm start with REDIS_URL, --opt-out-rate 1 --book-rate 0 --question-rate 0', () => {
  let redis: Redis;
  let sandbox: Sandbox;
  let cookie = '';
  const prefix = `test:${randomUUID()}:`;

  beforeAll(async () => {
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    sandbox = await startSandbox(
      ['--opt-out-rate', '1', '--book-rate', '0', '--question-rate', '0'],
      {
        REDIS_URL,
        REDIS_PREFIX: prefix,
      },
    );
    cookie = await signIn(sandbox);
  }, 90_000);

  afterAll(async () => {
    if (sandbox?.child.exitCode === null) sandbox.child.kill('SIGKILL');
    // Whatever a failed run left behind.
    const left = redis ? await keysUnder(redis, prefix) : [];
    if (left.length > 0) await redis.unlink(...left);
    redis?.disconnect();
  });

  it('every patient reached opts out and none books: the dashboard API counts opt-outs and no booking', async () => {
    // Enough opt-outs that a misapplied rate would have shown bookings too, and a sync (every 10 s)
    // since, so a booking in the live practice would have reached the funnel.
    const d = await dashboardUntil(sandbox, cookie, (x) => optedOut(x) >= 8, 120_000);
    await new Promise((r) => setTimeout(r, 12_000));
    const later = await dashboard(sandbox, cookie);
    expect(optedOut(later)).toBeGreaterThanOrEqual(optedOut(d));
    expect(later.funnel.overall.sent).toBeGreaterThan(0);
    expect(later.rates.optOut.value).toBeGreaterThan(0);
    expect(booked(later)).toBe(0);
    expect(later.funnel.overall.clicked ?? 0).toBe(0);
    expect(later.funnel.overall.recovered ?? 0).toBe(0);
  }, 150_000);

  it('keeps its state in Redis under a key prefix of its own while it runs, and removes those keys at Ctrl+C', async () => {
    const health = (await (await fetch(`${sandbox.baseUrl}/healthz`)).json()) as Record<
      string,
      string
    >;
    expect(health.redis).toBe('reachable');
    const keys = await keysUnder(redis, prefix);
    expect(keys.length).toBeGreaterThan(0);
    // One run's own prefix under REDIS_PREFIX: `<REDIS_PREFIX>sandbox:<run id>:`.
    const runIds = new Set(
      keys.map((k) => /^sandbox:([0-9a-f]{8}):/.exec(k.slice(prefix.length))?.[1] ?? k),
    );
    expect(runIds.size).toBe(1);
    expect([...runIds][0]).toMatch(/^[0-9a-f]{8}$/);
    // The opt-outs, the event log and the queues are all there, not in the process's memory.
    expect(keys.some((k) => k.includes(':bull:'))).toBe(true);

    const result = await stop(sandbox);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Stopping the sandbox');
    expect(await keysUnder(redis, prefix)).toEqual([]);
  }, 40_000);
});

describe('npm start without REDIS_URL, --book-rate 1 --opt-out-rate 0 --question-rate 0', () => {
  let redis: Redis;
  let sandbox: Sandbox;
  let cookie = '';
  const prefix = `test:${randomUUID()}:`;

  beforeAll(async () => {
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    // REDIS_PREFIX set anyway: had it used Redis, its keys would be under this prefix.
    sandbox = await startSandbox(
      ['--book-rate', '1', '--opt-out-rate', '0', '--question-rate', '0'],
      {
        REDIS_PREFIX: prefix,
      },
    );
    cookie = await signIn(sandbox);
  }, 90_000);

  afterAll(async () => {
    if (sandbox?.child.exitCode === null) sandbox.child.kill('SIGKILL');
    redis?.disconnect();
  });

  it('every patient reached books and none opts out: the dashboard API counts bookings and no opt-out', async () => {
    const d = await dashboardUntil(sandbox, cookie, (x) => booked(x) >= 5, 120_000);
    expect(d.funnel.overall.sent).toBeGreaterThan(0);
    expect(d.funnel.overall.clicked).toBeGreaterThan(0);
    expect(optedOut(d)).toBe(0);
    expect(d.rates.optOut.value).toBe(0);
  }, 150_000);

  it('the card preview (list and cards) and the dashboard API show no patient name beyond first name and last initial', async () => {
    // The sandbox's contacts are the sample practice generated with the same size, seed and day.
    const practice = sandboxPracticeFile();
    const asOf = todayIn(practice.timeZone, systemClock);
    const patients = [...generateRecords({ patients: PATIENTS, seed: SEED, asOf })].map(
      (r) => r.patient,
    );
    const shortNames = new Set(
      patients.map((p) => `${p.preferredName ?? p.firstName} ${p.lastName.slice(0, 1)}.`),
    );
    const familyNames = [...new Set(patients.map((p) => p.lastName))];
    const fullNames = patients.flatMap((p) =>
      [p.firstName, p.preferredName]
        .filter((f): f is string => f !== undefined)
        .flatMap((f) => [`${f} ${p.lastName}`, `${p.lastName}, ${f}`]),
    );
    const emails = patients.map((p) => p.email).filter((e): e is string => e !== undefined);
    const wholeWord = (name: string) =>
      new RegExp(`(?<![\\p{L}'])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}'])`, 'u');

    /** No full name, family name or email of any patient; `shown` (first name + initial) removed first. */
    function expectNoNames(text: string, what: string, shown: string[] = []) {
      let rest = text;
      for (const s of shown) rest = rest.split(escapeHtml(s)).join('').split(s).join('');
      for (const full of fullNames) {
        expect(text, `${what}: ${full}`).not.toContain(full);
        expect(text, `${what}: ${full}`).not.toContain(escapeHtml(full));
      }
      for (const family of familyNames) {
        expect(rest, `${what}: ${family}`).not.toMatch(wholeWord(family));
        expect(rest, `${what}: ${family}`).not.toMatch(wholeWord(escapeHtml(family)));
      }
      for (const email of emails) expect(text, `${what}: ${email}`).not.toContain(email);
    }

    const list = await (await fetch(`${sandbox.baseUrl}/sandbox/cards`)).text();
    const rows = [...list.matchAll(/<a href="\/sandbox\/cards\/(\d+)">([^<]+)<\/a>/g)].map((m) => ({
      id: m[1]!,
      name: m[2]!.replace(/&#39;/g, "'").replace(/&amp;/g, '&'),
    }));
    expect(rows.length).toBeGreaterThan(20);
    for (const r of rows) {
      expect(r.name).toMatch(/^\S+ \S\.$/u);
      expect(shortNames.has(r.name), r.name).toBe(true);
    }
    expectNoNames(
      list,
      'list',
      rows.map((r) => r.name),
    );

    // The booked ones first (their cards carry touches and replies), then a few others.
    const booked = [
      ...list.matchAll(
        /<a href="\/sandbox\/cards\/(\d+)">[^<]+<\/a><\/td>\s*<td><span class="tag tag-(?:booked|confirmed|recovered|replied)">/g,
      ),
    ].map((m) => m[1]!);
    expect(booked.length).toBeGreaterThan(0);
    const ids = [...new Set([...booked.slice(0, 10), ...rows.slice(-5).map((r) => r.id)])];
    for (const id of ids) {
      const response = await fetch(`${sandbox.baseUrl}/sandbox/cards/${id}`);
      expect(response.status).toBe(200);
      const card = await response.text();
      const name = rows.find((r) => r.id === id)!.name;
      expect(card).toContain(`<h1>${escapeHtml(name)}</h1>`);
      expectNoNames(card, `card ${id}`, [name]);
    }

    for (const query of ['', '?segment=overdue_recall', '?channel=sms'])
      expectNoNames(await dashboardText(sandbox, cookie, query), `dashboard api ${query}`);
  }, 60_000);

  it('keeps its state in the in-memory store: /healthz says memory and no Redis key appears under its prefix', async () => {
    const health = (await (await fetch(`${sandbox.baseUrl}/healthz`)).json()) as Record<
      string,
      string
    >;
    expect(health).toEqual({ status: 'ok', store: 'memory' });
    // It has been running (and booking) for a while: any Redis use would have written by now.
    expect(await keysUnder(redis, prefix)).toEqual([]);
    const result = await stop(sandbox);
    expect(result.code).toBe(0);
    expect(await keysUnder(redis, prefix)).toEqual([]);
  }, 40_000);
});

describe('npm start: rates that cannot hold', () => {
  it('--opt-out-rate 1 with the default question rate is a usage error that names the default and how to make room', async () => {
    const r = await runCli(['start', '--opt-out-rate', '1', '--book-rate', '0']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'reactivate: --book-rate 0 + --question-rate 0.06 (default) + --opt-out-rate 1 add up to 1.06; the shares of patients who book, ask or opt out must add up to at most 1 (set --question-rate 0)\n',
    );
    // Rates given that exceed 1 on their own: no hint that setting the default to 0 would do.
    const over = await runCli(['start', '--book-rate', '0.6', '--opt-out-rate', '0.6']);
    expect(over.code).toBe(2);
    expect(over.stderr).toMatch(/add up to 1\.26; .* must add up to at most 1\n$/);
    // Shares that add up to 1 are accepted, float rounding (1.0000000000000002) included.
    expect(PatientBehaviour.safeParse({ book: 0.34, question: 0.56, optOut: 0.1 }).success).toBe(
      true,
    );
  });
});
