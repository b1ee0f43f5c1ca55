/**
 * Send throughput against a sender limit (issue 4's target: a backlog of 10,000 messages with a
 * sender limit of 75 per second goes at ≥ 95% of the limit, never above it).
 *
 * The real pipeline end to end: the practice synced into the HubSpot sandbox, 10,000 send-sms
 * executions queued on BullMQ (as the door queues them), then one `reactivate serve --role worker`
 * process with TWILIO_MESSAGES_PER_SECOND=75 works the backlog: contact read, compliance gate,
 * line type, render and lint, send through the twilio package to the Twilio sandbox, timeline
 * entry, status, callback completion. Measured at the Twilio sandbox (when each message arrived):
 * the achieved rate from first to last message, and the most messages in any one-second window.
 *
 * Two runs, each on a fresh sandbox, Redis prefix and sync:
 * - `warm`: every number's line type already cached (as after a first campaign: Lookup answers
 *   `mobile` for every North American number in the sandbox, and that is what is cached);
 * - `cold`: nothing cached, so each message first costs a Twilio Lookup, which shares the
 *   general Twilio API bucket (50 requests/s in compose-service.ts's twilioLimits).
 * The Twilio sandbox runs in a process of its own (bench/twilio-sandbox-child.ts says why); its
 * status callbacks are held back (delivered after an hour) so the run measures sending. HubSpot's
 * own limits are lifted unless --hubspot-limits (then 190 requests per 10 s, as in production).
 *
 *   npx tsx bench/send-throughput.ts [--messages 10000] [--rate 75] [--runs warm,cold]
 *     [--concurrency 20] [--hubspot-limits]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { composeService, twilioLimits } from '../src/cli/compose-service.ts';
import { todayIn } from '../src/cli/today.ts';
import { HUBSPOT_WINDOW_MS } from '../src/cli/wiring.ts';
import {
  createHubSpotClient,
  HUBSPOT_BUCKET,
  HUBSPOT_SEARCH_BUCKET,
} from '../src/crm/hubspot-client.ts';
import { setupProperties } from '../src/crm/setup-properties.ts';
import { runSync } from '../src/crm/sync/run-sync.ts';
import { PracticeFile } from '../src/domain/practice.ts';
import { systemClock } from '../src/lib/clock.ts';
import { createLogger } from '../src/lib/logger.ts';
import { mathRandom } from '../src/lib/random.ts';
import { createTwilioClient } from '../src/messaging/twilio-client.ts';
import { startHubSpotSandbox } from '../src/sandbox/hubspot/index.ts';
import { generatePractice } from '../src/sandbox/practice/generate.ts';
import { samplePracticeFile } from '../src/sandbox/practice/sample-practice-file.ts';
import { redisStore } from '../src/store/store.ts';
import { startCli } from '../test/helpers/cli.ts';
import { purgePrefix } from '../src/store/purge-prefix.ts';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '10000' },
    rate: { type: 'string', default: '75' },
    patients: { type: 'string', default: '40000' },
    runs: { type: 'string', default: 'warm,cold' },
    concurrency: { type: 'string', default: '20' },
    /** HubSpot's own limits on (190 requests per 10 s, the worker's default), not lifted. */
    'hubspot-limits': { type: 'boolean', default: false },
  },
});
const MESSAGES = Number(values.messages);
const RATE = Number(values.rate);
const CLIENT_SECRET = 'bench-client-secret';
const LINK_SECRET = 'bench-link-secret';
const REDIS_URL = 'redis://127.0.0.1:6379';
const log = (line: string): void => void process.stderr.write(`${line}\n`);

interface Measured {
  run: string;
  sent: number;
  completions: number;
  outcomes: Record<string, number>;
  seconds: number;
  perSecond: number;
  maxInWindow: number;
  windowsOver: number;
  hubspotCallsPerMessage: number;
  hubspotRoutes: Record<string, number>;
}

interface TwilioChild {
  process: ChildProcess;
  baseUrl: string;
  accountSid: string;
  authToken: string;
  ask<T>(what: 'count' | 'times'): Promise<T>;
}

/** The Twilio sandbox in its own process (bench/twilio-sandbox-child.ts says why). */
async function startTwilioChild(): Promise<TwilioChild> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', new URL('./twilio-sandbox-child.ts', import.meta.url).pathname],
    { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] },
  );
  process.once('exit', () => child.kill('SIGKILL'));
  const info = await new Promise<{ baseUrl: string; accountSid: string; authToken: string }>(
    (resolve) =>
      createInterface({ input: child.stdout! }).once('line', (l) => resolve(JSON.parse(l))),
  );
  return {
    process: child,
    ...info,
    ask: <T>(what: 'count' | 'times') =>
      new Promise<T>((resolve) => {
        child.once('message', (m) => resolve(m as T));
        child.send(what);
      }),
  };
}

/** CPU seconds a process has used so far (Linux /proc; 0 elsewhere). */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/**
 * The most timestamps (ms) in any window [t, t + 1000), and in how many such windows (each
 * starting at a message) there were more than `limit`.
 */
function oneSecondWindows(times: number[], limit: number): { max: number; over: number } {
  const sorted = [...times].sort((a, b) => a - b);
  let max = 0;
  let over = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (j < sorted.length && sorted[j]! - sorted[i]! < 1000) j++;
    max = Math.max(max, j - i);
    if (j - i > limit) over++;
  }
  return { max, over };
}

async function measure(run: 'warm' | 'cold'): Promise<Measured> {
  const limited = values['hubspot-limits'];
  const hubspot = await startHubSpotSandbox(
    limited ? {} : { rateLimit: false, searchRateLimit: false },
  );
  const twilio = await startTwilioChild();
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const prefix = `bench:send:${run}:${Date.now()}:`;
  const store = redisStore(redis, prefix, {
    [HUBSPOT_BUCKET]: limited
      ? { limit: 190, windowMs: HUBSPOT_WINDOW_MS }
      : { limit: 1_000_000, windowMs: 10_000 },
    [HUBSPOT_SEARCH_BUCKET]: { limit: limited ? 4 : 100_000, windowMs: 1_000 },
    ...twilioLimits(RATE),
  });
  const folder = mkdtempSync(join(tmpdir(), 'reactivate-send-bench-'));
  const practiceObject = samplePracticeFile() as unknown as Record<string, unknown>;
  // Open all day: the bench runs whenever it is started, quiet hours have their own tests.
  practiceObject.locations = (practiceObject.locations as Record<string, unknown>[]).map((l) => ({
    ...l,
    quietHours: { start: '00:00', end: '00:00' },
  }));
  const practice = PracticeFile.parse(practiceObject);
  const practiceFile = join(folder, 'practice.json');
  writeFileSync(practiceFile, JSON.stringify(practiceObject));
  const publicBaseUrl = 'http://127.0.0.1:9';

  log(`[${run}] syncing ${values.patients} generated patients into the HubSpot sandbox…`);
  const client = createHubSpotClient({
    accessToken: hubspot.accessToken,
    basePath: hubspot.baseUrl,
    limiter: store.limiter,
  });
  await setupProperties(client);
  const asOf = todayIn(practice.timeZone, systemClock);
  const { records } = generatePractice({ patients: Number(values.patients), seed: 77, asOf });
  await runSync({
    records,
    sourceName: 'csv',
    practice,
    asOf,
    now: new Date(),
    client,
    store,
    publicBaseUrl,
    linkSecret: LINK_SECRET,
  });
  const contacts = hubspot.contacts
    .list()
    .filter(
      (c) =>
        c.properties.mobilephone &&
        c.properties.sms_consent !== 'no' &&
        c.properties.reactivation_status === 'eligible',
    )
    .slice(0, MESSAGES);
  if (contacts.length < MESSAGES)
    throw new Error(`only ${contacts.length} textable contacts: raise --patients`);
  if (run === 'warm')
    for (const c of contacts) await store.lineTypes.set(c.properties.mobilephone!, 'mobile');

  // The backlog, queued as the door queues it (service.enqueueAction), no worker yet.
  log(`[${run}] queueing ${MESSAGES} send-sms executions…`);
  const composed = composeService({
    practice,
    store,
    logger: createLogger({ level: 'silent' }),
    clock: systemClock,
    random: mathRandom,
    hubspot: client,
    twilio: createTwilioClient({
      accountSid: twilio.accountSid,
      authToken: twilio.authToken,
      apiBaseUrl: twilio.baseUrl,
    }),
    messagingServiceSid: `MG${'c'.repeat(32)}`,
    voiceFrom: '+16175550142',
    publicBaseUrl,
    linkSecret: LINK_SECRET,
    hubspotClientSecret: CLIENT_SECRET,
    twilioAuthToken: twilio.authToken,
  });
  const receivedAt = new Date().toISOString();
  for (const [i, c] of contacts.entries())
    await composed.service.enqueueAction({
      action: 'send-sms',
      callbackId: `send-bench-${i}`,
      portalId: hubspot.portalId,
      workflowId: '555',
      contactId: c.id,
      inputs: { template: 'a' },
      receivedAt,
    });
  await composed.close();
  hubspot.resetStats();

  log(`[${run}] one worker process, TWILIO_MESSAGES_PER_SECOND=${RATE}…`);
  const worker = startCli(['serve', '--role', 'worker'], {
    HUBSPOT_ACCESS_TOKEN: hubspot.accessToken,
    HUBSPOT_CLIENT_SECRET: CLIENT_SECRET,
    HUBSPOT_API_BASE_URL: hubspot.baseUrl,
    ...(limited
      ? {}
      : { HUBSPOT_REQUESTS_PER_10S: '1000000', HUBSPOT_SEARCH_PER_SECOND: '100000' }),
    TWILIO_ACCOUNT_SID: twilio.accountSid,
    TWILIO_AUTH_TOKEN: twilio.authToken,
    TWILIO_MESSAGING_SERVICE_SID: `MG${'c'.repeat(32)}`,
    TWILIO_API_BASE_URL: twilio.baseUrl,
    TWILIO_MESSAGES_PER_SECOND: String(RATE),
    OUTREACH_CONCURRENCY: values.concurrency!,
    REDIS_URL,
    REDIS_PREFIX: prefix,
    PUBLIC_BASE_URL: publicBaseUrl,
    PRACTICE_CONFIG: practiceFile,
    BOOKING_LINK_SECRET: LINK_SECRET,
    LOG_LEVEL: 'warn',
  });
  // However the bench ends, the worker goes with it.
  process.once('exit', () => worker.kill('SIGKILL'));
  const sent = async () => (await twilio.ask<{ count: number }>('count')).count;
  const done = () => hubspot.callbackCompletions.length;
  // Every 10 s: the rate of that stretch, and who used the CPU (the machine is shared).
  let mark = { at: Date.now(), sent: 0, bench: cpuSeconds(process.pid), worker: 0, twilio: 0 };
  while (done() < MESSAGES) {
    if (worker.exitCode !== null)
      throw new Error(`the worker exited:\n${worker.output.stderr.slice(-4000)}`);
    await new Promise((r) => setTimeout(r, 1_000));
    if (Date.now() - mark.at < 10_000) continue;
    const now = {
      at: Date.now(),
      sent: await sent(),
      bench: cpuSeconds(process.pid),
      worker: cpuSeconds(worker.pid!),
      twilio: cpuSeconds(twilio.process.pid!),
    };
    const secs = (now.at - mark.at) / 1000;
    log(
      `[${run}] ${now.sent} sent, ${done()} completed; last ${secs.toFixed(0)} s: ${((now.sent - mark.sent) / secs).toFixed(1)} msgs/s, CPU bench + HubSpot sandbox ${((100 * (now.bench - mark.bench)) / secs).toFixed(0)}%, Twilio sandbox ${((100 * (now.twilio - mark.twilio)) / secs).toFixed(0)}%, worker ${((100 * (now.worker - mark.worker)) / secs).toFixed(0)}%, load ${loadavg()[0]!.toFixed(2)}`,
    );
    mark = now;
  }
  worker.kill('SIGTERM');
  await new Promise((r) => worker.once('exit', r));

  const { times } = await twilio.ask<{ times: number[] }>('times');
  const windows = oneSecondWindows(times, RATE);
  const span = (Math.max(...times) - Math.min(...times)) / 1000;
  const outcomes: Record<string, number> = {};
  for (const c of hubspot.callbackCompletions) {
    const o = String(c.outputFields.outcome);
    outcomes[o] = (outcomes[o] ?? 0) + 1;
  }
  const result: Measured = {
    run,
    sent: times.length,
    completions: hubspot.callbackCompletions.length,
    outcomes,
    seconds: span,
    perSecond: (times.length - 1) / span,
    maxInWindow: windows.max,
    windowsOver: windows.over,
    hubspotCallsPerMessage: hubspot.stats.total / times.length,
    hubspotRoutes: { ...hubspot.stats.byRoute },
  };

  twilio.process.send('stop');
  await new Promise((r) => twilio.process.once('exit', r));
  await hubspot.close();
  const queue = new Queue('outreach-actions', { connection: redis, prefix: `${prefix}bull` });
  await queue.obliterate({ force: true }).catch(() => undefined);
  await queue.close();
  await purgePrefix(redis, prefix);
  redis.disconnect();
  rmSync(folder, { recursive: true, force: true });
  return result;
}

const before = loadavg();
const results: Measured[] = [];
for (const run of values.runs!.split(',') as ('warm' | 'cold')[]) results.push(await measure(run));

const fmt = (n: number, d = 1): string => n.toLocaleString('en-US', { maximumFractionDigits: d });
console.log(
  `| run | messages sent | callbacks completed | time, first to last message | achieved msgs/s | % of ${RATE}/s | most in any 1 s window (at Twilio) | 1 s windows over ${RATE} | HubSpot calls per message |`,
);
console.log(`|---|---:|---:|---:|---:|---:|---:|---:|---:|`);
for (const r of results)
  console.log(
    `| ${r.run === 'warm' ? 'line types cached' : 'cold: a Lookup per number'} | ${fmt(r.sent)} | ${fmt(r.completions)} (${Object.entries(
      r.outcomes,
    )
      .map(([k, v]) => `${k} ${fmt(v)}`)
      .join(
        ', ',
      )}) | ${fmt(r.seconds)} s | ${fmt(r.perSecond, 2)} | ${fmt((100 * r.perSecond) / RATE)}% | ${r.maxInWindow} | ${r.windowsOver} | ${fmt(r.hubspotCallsPerMessage, 2)} |`,
  );
for (const r of results)
  console.log(
    `\nHubSpot calls per message, ${r.run}: ${Object.entries(r.hubspotRoutes)
      .sort((a, b) => b[1] - a[1])
      .map(([route, n]) => `${route} ${fmt(n / r.sent, 2)}`)
      .join('; ')}.`,
  );
console.log(
  `\nTarget: ≥ ${fmt(0.95 * RATE, 2)} msgs/s (95% of ${RATE}) and never more than ${RATE} in a second. One worker process (concurrency ${values.concurrency}); the sandboxes, Redis and the bench in other processes on the same machine. ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; load average before ${before.map((l) => l.toFixed(2)).join(' ')}, after ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}.`,
);
