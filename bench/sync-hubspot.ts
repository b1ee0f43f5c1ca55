/**
 * The PMS → HubSpot sync against the HubSpot sandbox, in one run:
 *  1. a full sync of N contacts with the sandbox enforcing HubSpot's 190 requests per 10 s: upsert
 *     calls, 429s, and the time against the floor the rate limit sets for the calls made;
 *  2. the next sync after 1% of those patients changed;
 *  3. the same full sync with the limit lifted: the service's own overhead, peak memory;
 *  4. the naive way (one request per contact), unthrottled for all N, and throttled for a sample
 *     (all N at 19 requests per second would take hours): ratio of calls and of time.
 * Each sync runs in its own process (bench/sync-child.ts) so its peak RSS is its own.
 *
 *   npx tsx bench/sync-hubspot.ts [--contacts 100000] [--naive-sample 2000]
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { startHubSpotSandbox, type HubSpotSandbox } from '../src/sandbox/hubspot/index.ts';
import { setupProperties } from '../src/crm/setup-properties.ts';
import { createHubSpotClient } from '../src/crm/hubspot-client.ts';
import { createMemoryRateLimiter } from '../src/store/memory-rate-limiter.ts';

const { values } = parseArgs({
  options: {
    contacts: { type: 'string', default: '100000' },
    'naive-sample': { type: 'string', default: '2000' },
  },
});
const N = Number(values.contacts);
const UPSERT = ['POST', '/crm/v3/objects/contacts/batch/upsert'] as const;
const WINDOW = 190;

interface ChildOut {
  summary: { created?: number; updated?: number; unchanged?: number; failed?: number };
  seconds: number;
  calls: number;
  maxRssMB: number;
}

function child(args: string[]): Promise<ChildOut> {
  return new Promise((resolve, reject) => {
    const p = spawn(
      process.execPath,
      [
        '--max-old-space-size=4096',
        '--import',
        'tsx',
        new URL('./sync-child.ts', import.meta.url).pathname,
        ...args,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').at(-1)!))
        : reject(new Error(`sync child exited ${code}`)),
    );
  });
}

async function sandboxWith(limited: boolean): Promise<HubSpotSandbox> {
  const sandbox = await startHubSpotSandbox(
    limited ? {} : { rateLimit: false, searchRateLimit: false },
  );
  await setupProperties(
    createHubSpotClient({
      accessToken: sandbox.accessToken,
      basePath: sandbox.baseUrl,
      limiter: createMemoryRateLimiter({
        hubspot: { limit: 1000, windowMs: 1000 },
        'hubspot-search': { limit: 1000, windowMs: 1000 },
      }),
    }),
  );
  sandbox.resetStats();
  // Setup's own calls count in the sandbox's rolling window: let it empty before measuring.
  if (limited) await new Promise((r) => setTimeout(r, 10_500));
  return sandbox;
}

/** When the last of `calls` requests may go under a rolling 190-per-10-s window (the first 190 at once). */
const floorSeconds = (calls: number): number => Math.floor((calls - 1) / WINDOW) * 10;

const redis = new Redis('redis://127.0.0.1:6379');
const prefixes: string[] = [];
const prefix = (): string => {
  const p = `bench:${randomUUID()}:`;
  prefixes.push(p);
  return p;
};
const rows: string[] = [];
const fmt = (n: number, d = 1): string => n.toLocaleString('en-US', { maximumFractionDigits: d });

// 1 and 2: throttled like HubSpot.
let sandbox = await sandboxWith(true);
const shared = prefix();
const full = await child([
  '--base-url',
  sandbox.baseUrl,
  '--prefix',
  shared,
  '--contacts',
  String(N),
  '--in-memory',
]);
const fullUpserts = sandbox.stats.count(...UPSERT);
const fullFloor = floorSeconds(full.calls);
rows.push(
  `| full sync, 190 req/10 s | ${fmt(N)} | ${fmt(full.calls)} (${fmt(fullUpserts)} upserts; ceil(n/100) = ${Math.ceil(N / 100)}) | ${sandbox.stats.rateLimited} | ${fmt(full.seconds)} s | ${fmt(fullFloor)} s | ${fmt(full.seconds / fullFloor, 2)}× | ${full.maxRssMB} MB |`,
);
sandbox.resetStats();
const changed = await child([
  '--base-url',
  sandbox.baseUrl,
  '--prefix',
  shared,
  '--contacts',
  String(N),
  '--change',
  '1',
  '--in-memory',
]);
rows.push(
  `| after 1% changed, 190 req/10 s | ${fmt(N)} (${fmt(changed.summary.updated ?? 0)} changed) | ${fmt(changed.calls)} (${sandbox.stats.count(...UPSERT)} upserts; ceil(1% n/100) = ${Math.ceil(N / 10000)}) | ${sandbox.stats.rateLimited} | ${fmt(changed.seconds)} s | ${fmt(floorSeconds(changed.calls))} s | – | ${changed.maxRssMB} MB |`,
);
await sandbox.close();

// 3: the limit lifted.
sandbox = await sandboxWith(false);
const free = await child([
  '--base-url',
  sandbox.baseUrl,
  '--prefix',
  prefix(),
  '--contacts',
  String(N),
  '--per-10s',
  '1000000',
]);
rows.push(
  `| full sync, no limit | ${fmt(N)} | ${fmt(free.calls)} (${sandbox.stats.count(...UPSERT)} upserts) | ${sandbox.stats.rateLimited} | ${fmt(free.seconds)} s (${fmt(N / free.seconds, 0)} patients/s) | – | – | ${free.maxRssMB} MB |`,
);
await sandbox.close();

// 4: naive, unthrottled (all N) and throttled (a sample).
sandbox = await sandboxWith(false);
const naiveFree = await child([
  '--base-url',
  sandbox.baseUrl,
  '--prefix',
  prefix(),
  '--contacts',
  String(N),
  '--per-10s',
  '1000000',
  '--naive',
]);
rows.push(
  `| naive (1 request per contact), no limit | ${fmt(N)} | ${fmt(naiveFree.calls)} | ${sandbox.stats.rateLimited} | ${fmt(naiveFree.seconds)} s | – | – | ${naiveFree.maxRssMB} MB |`,
);
await sandbox.close();
const sample = Number(values['naive-sample']);
sandbox = await sandboxWith(true);
const naiveLimited = await child([
  '--base-url',
  sandbox.baseUrl,
  '--prefix',
  prefix(),
  '--contacts',
  String(N),
  '--naive',
  '--limit',
  String(sample),
]);
const naiveExtrapolated = (naiveLimited.seconds * (N - WINDOW)) / (sample - WINDOW);
rows.push(
  `| naive, 190 req/10 s, first ${fmt(sample)} contacts | ${fmt(sample)} | ${fmt(naiveLimited.calls)} | ${sandbox.stats.rateLimited} | ${fmt(naiveLimited.seconds)} s (all ${fmt(N)}: ≈ ${fmt(naiveExtrapolated / 3600, 1)} h) | ${fmt(floorSeconds(naiveLimited.calls))} s | – | ${naiveLimited.maxRssMB} MB |`,
);
await sandbox.close();

for (const p of prefixes) {
  const keys = await redis.keys(`${p}*`);
  if (keys.length) await redis.del(...keys);
}
redis.disconnect();

console.log(
  `| run | contacts | HubSpot calls | 429s | time | floor set by the limit | time / floor | peak RSS of the sync process |`,
);
console.log(`|---|---:|---:|---:|---:|---:|---:|---:|`);
for (const r of rows) console.log(r);
console.log(
  `\nBatch vs naive: ${fmt(naiveFree.calls / full.calls, 0)}× fewer calls; unthrottled ${fmt(naiveFree.seconds / free.seconds, 1)}× faster; at HubSpot's limit ≈ ${fmt(naiveExtrapolated / full.seconds, 0)}× faster (naive time extrapolated from its ${fmt(sample)}-contact sample).`,
);
console.log(
  "The two 190 req/10 s runs hold the generated practice in memory before the clock starts (their RSS includes it); the other runs generate it as the sync reads it (the generator stands in for the PMS, its time is included, their RSS is the sync's own).",
);
console.log(
  `(load average at the end: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')})`,
);
