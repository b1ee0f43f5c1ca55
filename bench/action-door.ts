/**
 * The workflow-action door under load, beside a bare express route in the same run (issue 4's
 * target: p99 under 20 ms at 500 requests per second).
 *
 * The server runs in its own process (bench/action-door-server.ts): the real doors as
 * `reactivate serve --role web` mounts them, verifying HubSpot's v2 signature, validating the body,
 * claiming the callbackId in Redis and enqueueing a BullMQ job, then answering BLOCK. Every request
 * is a new execution (a new callbackId, signed), so each one takes the whole path; the bare route
 * gets the same body and answers 200.
 *
 * Two loads, each on both routes: a fixed 500 requests per second, and as fast as they answer.
 * The fixed rate is paced here, one request every 2 ms on keep-alive connections (open loop):
 * autocannon's `overallRate` refills each connection's quota once a second, so its "500/s" is a
 * burst at the top of every second, which measures queueing behind the burst rather than the
 * route. The max rate is autocannon's (closed loop, --connections). Latencies are per response,
 * from the request's write to its last byte, in fractions of a millisecond (autocannon's own
 * histogram rounds to whole milliseconds, so its per-response times are collected instead).
 *
 *   npx tsx bench/action-door.ts [--duration 20] [--connections 50] [--rate 500]
 */
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { signV2 } from '../src/sandbox/hubspot/index.ts';
import { purgePrefix } from '../src/store/purge-prefix.ts';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '20' },
    connections: { type: 'string', default: '50' },
    rate: { type: 'string', default: '500' },
    warmup: { type: 'string', default: '3' },
  },
});
const DURATION = Number(values.duration);
const CONNECTIONS = Number(values.connections);
const RATE = Number(values.rate);
const SECRET = 'bench-client-secret';
const PUBLIC = 'https://reactivate.example';
const DOOR_PATH = '/hubspot/actions/send-sms';
const prefix = `bench:${randomUUID()}:`;

const server = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    new URL('./action-door-server.ts', import.meta.url).pathname,
    '--prefix',
    prefix,
    '--secret',
    SECRET,
    '--public-base-url',
    PUBLIC,
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
// However the bench ends, the server goes with it.
process.once('exit', () => server.kill('SIGKILL'));
const ports = await new Promise<{ doorPort: number; barePort: number }>((resolve, reject) => {
  server.once('exit', (code) => reject(new Error(`server exited ${code}`)));
  createInterface({ input: server.stdout! }).once('line', (l) => resolve(JSON.parse(l)));
});

interface Target {
  name: string;
  port: number;
  path: string;
}
const door: Target = { name: 'action door (send-sms)', port: ports.doorPort, path: DOOR_PATH };
const bare: Target = { name: 'bare express route', port: ports.barePort, path: '/bare' };

let executions = 0;
/** A new signed workflow execution: what HubSpot sends when a contact reaches the action. */
function execution(): { body: string; headers: Record<string, string> } {
  const n = executions++;
  const body = JSON.stringify({
    callbackId: `bench-${n}`,
    origin: { portalId: 24681357, actionDefinitionId: 1001, actionDefinitionVersion: 1 },
    context: { source: 'WORKFLOWS', workflowId: 555 },
    object: { objectId: 1000 + (n % 5000), objectType: 'CONTACT' },
    inputFields: { template: 'a' },
  });
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-hubspot-signature-version': 'v2',
      'x-hubspot-signature': signV2({
        clientSecret: SECRET,
        method: 'POST',
        url: `${PUBLIC}${DOOR_PATH}`,
        body,
      }),
    },
  };
}

interface Run {
  target: string;
  load: string;
  perSecond: number;
  ok: number;
  other: number;
  errors: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

const percentile = (sorted: number[], q: number): number =>
  sorted.length === 0
    ? NaN
    : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;

/** Open-loop load at a steady `rate`: request i leaves at start + i / rate, whatever came back. */
async function paced(target: Target, seconds: number, rate: number): Promise<Run> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const total = Math.round(rate * seconds);
  const interval = 1000 / rate;
  const latencies: number[] = [];
  let sent = 0;
  let inFlight = 0;
  let ok = 0;
  let other = 0;
  let errors = 0;
  let lastAnswer = 0;
  const start = performance.now();
  await new Promise<void>((done) => {
    const settle = (): void => {
      inFlight--;
      if (sent === total && inFlight === 0) done();
    };
    const fire = (): void => {
      const { body, headers } = execution();
      const t = performance.now();
      inFlight++;
      const req = request(
        {
          host: '127.0.0.1',
          port: target.port,
          path: target.path,
          method: 'POST',
          agent,
          headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            lastAnswer = performance.now();
            latencies.push(lastAnswer - t);
            if (res.statusCode === 200) ok++;
            else other++;
            settle();
          });
        },
      );
      req.on('error', () => {
        errors++;
        settle();
      });
      req.end(body);
    };
    const tick = (): void => {
      const now = performance.now();
      while (sent < total && start + sent * interval <= now) {
        sent++;
        fire();
      }
      if (sent < total) setTimeout(tick, Math.max(0, start + sent * interval - performance.now()));
    };
    tick();
  });
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    target: target.name,
    load: `${rate} req/s fixed`,
    perSecond: ok / ((lastAnswer - start) / 1000),
    ok,
    other,
    errors,
    p50: percentile(latencies, 0.5),
    p90: percentile(latencies, 0.9),
    p99: percentile(latencies, 0.99),
    max: latencies.at(-1) ?? NaN,
  };
}

/** Closed-loop load through autocannon: CONNECTIONS connections, each sending as it is answered. */
function flatOut(target: Target, seconds: number): Promise<Run> {
  const latencies: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: `http://127.0.0.1:${target.port}`,
        connections: CONNECTIONS,
        duration: seconds,
        requests: [
          {
            method: 'POST',
            path: target.path,
            setupRequest: (req) => ({ ...req, ...execution() }),
          },
        ],
      },
      (error, result) => {
        if (error) return reject(error);
        latencies.sort((a, b) => a - b);
        resolve({
          target: target.name,
          load: 'max rate',
          perSecond: result['2xx'] / result.duration,
          ok: result['2xx'],
          other: result.non2xx,
          errors: result.errors,
          p50: percentile(latencies, 0.5),
          p90: percentile(latencies, 0.9),
          p99: percentile(latencies, 0.99),
          max: latencies.at(-1) ?? NaN,
        });
      },
    );
    // The listener receives (client, statusCode, bytes, responseTime): the time is the last.
    instance.on('response', (...args: unknown[]) => {
      latencies.push(args[args.length - 1] as number);
    });
  });
}

const startLoad = loadavg();
process.stderr.write(`warming up both routes (${values.warmup} s each)…\n`);
await flatOut(door, Number(values.warmup));
await flatOut(bare, Number(values.warmup));

const runs: Run[] = [];
for (const rate of [RATE, undefined]) {
  for (const target of [door, bare]) {
    process.stderr.write(
      `${target.name}, ${rate ? `${rate} req/s` : 'max rate'}, ${DURATION} s…\n`,
    );
    runs.push(await (rate ? paced(target, DURATION, rate) : flatOut(target, DURATION)));
  }
}

// Every 200 from the door is one execution queued: count the jobs BullMQ holds.
const redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
const queue = new Queue('outreach-actions', { connection: redis, prefix: `${prefix}bull` });
const counts = await queue.getJobCounts('waiting', 'prioritized', 'delayed', 'active');
const queued = Object.values(counts).reduce((a, b) => a + b, 0);
await queue.close();
server.kill('SIGTERM');
await new Promise((done) => server.once('exit', done));
// BullMQ's keys and the idempotency claims of this run.
await purgePrefix(redis, prefix);
redis.disconnect();

const ms = (v: number): string => `${v.toFixed(2)} ms`;
const fmt = (v: number): string => Math.round(v).toLocaleString('en-US');
console.log(`| route | load | requests/s | p50 | p90 | p99 | max | 2xx | other | errors |`);
console.log(`|---|---|---:|---:|---:|---:|---:|---:|---:|---:|`);
for (const r of runs)
  console.log(
    `| ${r.target} | ${r.load} | ${fmt(r.perSecond)} | ${ms(r.p50)} | ${ms(r.p90)} | ${ms(r.p99)} | ${ms(r.max)} | ${fmt(r.ok)} | ${r.other} | ${r.errors} |`,
  );
const pair = (load: string) => [
  runs.find((r) => r.target === door.name && r.load === load)!,
  runs.find((r) => r.target === bare.name && r.load === load)!,
];
console.log(`\n| ratio door / bare | requests/s | p50 | p90 | p99 |`);
console.log(`|---|---:|---:|---:|---:|`);
for (const loadName of [`${RATE} req/s fixed`, 'max rate']) {
  const [d, b] = pair(loadName);
  const x = (a: number, c: number): string => `${(a / c).toFixed(2)}×`;
  console.log(
    `| ${loadName} | ${x(d!.perSecond, b!.perSecond)} | ${x(d!.p50, b!.p50)} | ${x(d!.p90, b!.p90)} | ${x(d!.p99, b!.p99)} |`,
  );
}
const doorOk = runs.filter((r) => r.target === door.name).reduce((a, r) => a + r.ok, 0);
const fixed = pair(`${RATE} req/s fixed`)[0]!;
console.log(
  `\nTarget p99 < 20 ms at ${RATE} req/s: ${fixed.p99 < 20 ? 'met' : 'NOT met'} (${ms(fixed.p99)}). Jobs queued by the door in the measured runs and the warm-up: ${fmt(queued)} (2xx answers of the door, measured runs only: ${fmt(doorOk)}).`,
);
console.log(
  `Fixed rate: paced open loop on up to ${CONNECTIONS} keep-alive connections; max rate: autocannon, ${CONNECTIONS} connections; ${DURATION} s per run; server and load generator in separate processes, Redis local. ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; load average before ${startLoad.map((l) => l.toFixed(2)).join(' ')}, after ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}.`,
);
