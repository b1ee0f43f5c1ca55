/**
 * One sync run in its own process, so its peak memory is its own (the sandbox lives in the parent):
 * generates the bench practice in memory, runs the real sync against the HubSpot at --base-url with
 * a Redis store under --prefix, and prints one JSON line: the summary, wall time, peak RSS.
 * With --naive, writes the same contacts the way a row-by-row integration would: one request each.
 */
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import {
  createHubSpotClient,
  HUBSPOT_BUCKET,
  HUBSPOT_SEARCH_BUCKET,
} from '../src/crm/hubspot-client.ts';
import { withHubSpotRetry } from '../src/crm/hubspot-errors.ts';
import { planSync } from '../src/crm/sync/plan.ts';
import { runSync } from '../src/crm/sync/run-sync.ts';
import { redisStore } from '../src/store/store.ts';
import { HUBSPOT_WINDOW_MS } from '../src/cli/wiring.ts';
import { benchPractice } from './sync-practice.ts';

const { values } = parseArgs({
  options: {
    'base-url': { type: 'string' },
    prefix: { type: 'string' },
    contacts: { type: 'string', default: '100000' },
    'per-10s': { type: 'string', default: '190' },
    change: { type: 'string', default: '0' },
    naive: { type: 'boolean', default: false },
    limit: { type: 'string' },
    /** Generate the practice into memory before the clock starts (else it is generated as read). */
    'in-memory': { type: 'boolean', default: false },
  },
});

const AS_OF = '2026-11-28';
const bench = benchPractice(Number(values.contacts), AS_OF, Number(values.change));
const practice = bench.practice;
const redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
const perTen = Number(values['per-10s']);
const store = redisStore(redis, values.prefix!, {
  [HUBSPOT_BUCKET]: { limit: perTen, windowMs: HUBSPOT_WINDOW_MS },
  [HUBSPOT_SEARCH_BUCKET]: { limit: perTen === 190 ? 4 : 100_000, windowMs: 1_000 },
});
let calls = 0;
const client = createHubSpotClient({
  accessToken: 'sandbox-token',
  basePath: values['base-url']!,
  limiter: store.limiter,
  onRequest: () => calls++,
});
const options = {
  sourceName: 'bench',
  practice,
  asOf: AS_OF,
  now: new Date(`${AS_OF}T15:00:00Z`),
  publicBaseUrl: 'https://svc.example.com',
  linkSecret: 'bench',
};

const preloaded = values['in-memory'] ? [...bench.records()] : undefined;
const records = () => preloaded ?? bench.records();
const start = performance.now();
let summary: unknown;
if (values.naive) {
  // What a row-by-row integration does: one create (or update) request per contact.
  const plan = await planSync(records(), { ...options, previouslySynced: new Set() });
  const all = [...plan.contacts()];
  const contacts = values.limit ? all.slice(0, Number(values.limit)) : all;
  for (const c of contacts) {
    const properties: Record<string, string> = {
      ...c.properties,
      reactivation_status: 'eligible',
      ...(c.email ? { email: c.email } : {}),
    };
    await withHubSpotRetry(() =>
      client.crm.contacts.basicApi.create({ properties, associations: [] }),
    );
  }
  summary = { created: contacts.length };
} else {
  const { appointments: _a, ...counts } = await runSync({
    ...options,
    records: records(),
    client,
    store,
    apiCalls: () => calls,
  });
  summary = counts;
}
const seconds = (performance.now() - start) / 1000;
process.stdout.write(
  `${JSON.stringify({ summary, seconds, calls, maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`,
);
redis.disconnect();
