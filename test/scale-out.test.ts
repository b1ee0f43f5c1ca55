import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayIn } from '../src/cli/today.ts';
import {
  createHubSpotClient,
  HUBSPOT_BUCKET,
  HUBSPOT_SEARCH_BUCKET,
} from '../src/crm/hubspot-client.ts';
import { setupProperties } from '../src/crm/setup-properties.ts';
import { runSync } from '../src/crm/sync/run-sync.ts';
import { PracticeFile } from '../src/domain/practice.ts';
import { systemClock } from '../src/lib/clock.ts';
import { signV2, startHubSpotSandbox, type HubSpotSandbox } from '../src/sandbox/hubspot/index.ts';
import { generatePractice } from '../src/sandbox/practice/generate.ts';
import { samplePracticeFile } from '../src/sandbox/practice/sample-practice-file.ts';
import { startTwilioSandbox, type TwilioSandbox } from '../src/sandbox/twilio/index.ts';
import { redisStore, type Store } from '../src/store/store.ts';
import { finished, logLines, startCli } from './helpers/cli.ts';
import { openAllDay } from './helpers/outreach.ts';
import { REDIS_URL, testRedis } from './helpers/redis.ts';

/**
 * Scale-out: two `serve --role web` and two `serve --role worker` processes on one Redis, the
 * HubSpot and Twilio sandboxes in the test process, a small load balancer in front of the web
 * processes for Twilio's status callbacks. Every workflow execution is delivered several times to
 * both web processes at once, as HubSpot does when it retries; each must send exactly one message
 * and complete its callback exactly once.
 */
const EXECUTIONS = 200;
/** Deliveries of each execution to each web process, all at once. */
const DELIVERIES_PER_WEB = 3;
/** Executions in flight together (a wave of 6 × 25 = 150 concurrent requests). */
const WAVE = 25;
const CLIENT_SECRET = 'scale-out-client-secret';
const LINK_SECRET = 'scale-out-link-secret';

type Child = ReturnType<typeof startCli>;

interface Balancer {
  url: string;
  targets: number[];
  close(): Promise<void>;
}

/** Round-robin HTTP proxy: the one public address, as a load balancer in front of the web role. */
async function startBalancer(): Promise<Balancer> {
  const targets: number[] = [];
  let turn = 0;
  const server: Server = createServer((req, res) => {
    const port = targets[turn++ % targets.length];
    if (port === undefined) return void res.writeHead(503).end();
    const upstream = httpRequest(
      { host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    targets,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

/** Waits for a log line of `child` that `match` accepts; fails with its stderr if it exits first. */
async function logLine(
  child: Child,
  match: (line: Record<string, unknown>) => boolean,
  timeoutMs = 45_000,
): Promise<Record<string, unknown>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const line = logLines(child.output.stderr).find(match);
    if (line) return line;
    if (child.exitCode !== null || Date.now() > until)
      throw new Error(`serve did not start:\n${child.output.stderr.slice(-4_000)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('two web and two worker processes on one Redis', () => {
  let hubspot: HubSpotSandbox;
  let twilio: TwilioSandbox;
  let redis: Awaited<ReturnType<typeof testRedis>>;
  let store: Store;
  let balancer: Balancer;
  let folder: string;
  const webs: { child: Child; port: number }[] = [];
  const workers: Child[] = [];
  /** Every process started, killed in afterAll even when the start failed half-way. */
  const children: Child[] = [];
  let patients: { contactId: string; mobile: string }[] = [];

  beforeAll(async () => {
    hubspot = await startHubSpotSandbox({ rateLimit: false, searchRateLimit: false });
    redis = await testRedis();
    balancer = await startBalancer();
    twilio = await startTwilioSandbox({
      deliverAfterMs: 20,
      inboundUrl: `${balancer.url}/twilio/messages/inbound`,
    });
    store = redisStore(redis.redis, redis.prefix, {
      [HUBSPOT_BUCKET]: { limit: 100_000, windowMs: 10_000 },
      [HUBSPOT_SEARCH_BUCKET]: { limit: 10_000, windowMs: 1_000 },
    });
    const practiceObject = openAllDay(
      structuredClone(samplePracticeFile()) as unknown as Record<string, unknown>,
    );
    const practice = PracticeFile.parse(practiceObject);
    folder = mkdtempSync(join(tmpdir(), 'reactivate-scale-'));
    const practiceFile = join(folder, 'practice.json');
    writeFileSync(practiceFile, JSON.stringify(practiceObject));

    // The practice in HubSpot (and the service's directory in Redis), as `reactivate sync` leaves it.
    const client = createHubSpotClient({
      accessToken: hubspot.accessToken,
      basePath: hubspot.baseUrl,
      limiter: store.limiter,
    });
    await setupProperties(client);
    const asOf = todayIn(practice.timeZone, systemClock);
    const { records } = generatePractice({ patients: 800, seed: 41, asOf });
    await runSync({
      records,
      sourceName: 'csv',
      practice,
      asOf,
      now: new Date(),
      client,
      store,
      publicBaseUrl: balancer.url,
      linkSecret: LINK_SECRET,
    });
    // One execution per patient (the caps allow one message a day) and per number (a family
    // shares the guarantor's mobile).
    const seen = new Set<string>();
    patients = hubspot.contacts
      .list()
      .filter((c) => {
        const p = c.properties;
        if (!p.mobilephone || p.sms_consent === 'no' || p.reactivation_status !== 'eligible')
          return false;
        if (seen.has(p.mobilephone)) return false;
        seen.add(p.mobilephone);
        return true;
      })
      .slice(0, EXECUTIONS)
      .map((c) => ({ contactId: c.id, mobile: c.properties.mobilephone! }));
    expect(patients).toHaveLength(EXECUTIONS);

    const env = {
      HUBSPOT_ACCESS_TOKEN: hubspot.accessToken,
      HUBSPOT_CLIENT_SECRET: CLIENT_SECRET,
      HUBSPOT_API_BASE_URL: hubspot.baseUrl,
      HUBSPOT_PORTAL_ID: String(hubspot.portalId),
      // The sandbox enforces no limit here: the test is about exactly-once, not pacing.
      HUBSPOT_REQUESTS_PER_10S: '100000',
      HUBSPOT_SEARCH_PER_SECOND: '1000',
      TWILIO_ACCOUNT_SID: twilio.accountSid,
      TWILIO_AUTH_TOKEN: twilio.authToken,
      TWILIO_MESSAGING_SERVICE_SID: `MG${'b'.repeat(32)}`,
      TWILIO_API_BASE_URL: twilio.baseUrl,
      TWILIO_MESSAGES_PER_SECOND: '100',
      REDIS_URL,
      REDIS_PREFIX: redis.prefix,
      PUBLIC_BASE_URL: balancer.url,
      PRACTICE_CONFIG: practiceFile,
      BOOKING_LINK_SECRET: LINK_SECRET,
      LOG_LEVEL: 'info',
    };
    const started = [0, 1].map(() => startCli(['serve', '--role', 'web', '--port', '0'], env));
    workers.push(...[0, 1].map(() => startCli(['serve', '--role', 'worker'], env)));
    children.push(...started, ...workers);
    for (const child of started) {
      const listening = await logLine(child, (l) => l.msg === 'listening');
      webs.push({ child, port: listening.port as number });
      balancer.targets.push(listening.port as number);
    }
    for (const child of workers)
      await logLine(child, (l) => typeof l.msg === 'string' && l.msg.includes('sync schedule'));
  }, 120_000);

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.all(
      children.map((child) =>
        child.exitCode === null ? finished(child, 10_000).catch(() => undefined) : undefined,
      ),
    );
    await balancer?.close();
    await twilio?.stop();
    await hubspot?.close();
    await redis?.cleanup();
    if (folder) rmSync(folder, { recursive: true, force: true });
  }, 60_000);

  /** POSTs a send-sms execution to one web process, signed for the public URL HubSpot calls. */
  function deliver(port: number, callbackId: string, contactId: string): Promise<Response> {
    const path = '/hubspot/actions/send-sms';
    const body = JSON.stringify({
      callbackId,
      origin: { portalId: hubspot.portalId, actionDefinitionId: 1001, actionDefinitionVersion: 1 },
      context: { source: 'WORKFLOWS', workflowId: 777 },
      object: { objectId: Number(contactId), objectType: 'CONTACT' },
      inputFields: { template: 'a' },
    });
    const signature = signV2({
      clientSecret: CLIENT_SECRET,
      method: 'POST',
      url: `${balancer.url}${path}`,
      body,
    });
    return fetch(`http://127.0.0.1:${port}${path}`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-HubSpot-Signature-Version': 'v2',
        'X-HubSpot-Signature': signature,
      },
      body,
    });
  }

  it(`${EXECUTIONS} executions, each delivered ${DELIVERIES_PER_WEB * 2} times to both web processes at once: one message and one completed callback each`, async () => {
    const callbackIds = patients.map((_, i) => `scale-${i}`);
    const statuses: number[] = [];
    for (let from = 0; from < EXECUTIONS; from += WAVE) {
      const wave = patients.slice(from, from + WAVE).flatMap((p, j) =>
        webs.flatMap((web) =>
          Array.from({ length: DELIVERIES_PER_WEB }, async () => {
            const answer = await deliver(web.port, callbackIds[from + j]!, p.contactId);
            statuses.push(answer.status);
            expect(await answer.json()).toEqual({
              outputFields: { hs_execution_state: 'BLOCK', hs_expiration_duration: 'P7D' },
            });
          }),
        ),
      );
      await Promise.all(wave);
    }
    expect(statuses).toEqual(Array(EXECUTIONS * DELIVERIES_PER_WEB * 2).fill(200));

    const done = (): number =>
      new Set(
        hubspot.callbackCompletions
          .filter((c) => c.callbackId.startsWith('scale-'))
          .map((c) => c.callbackId),
      ).size;
    for (let i = 0; i < 1_200 && done() < EXECUTIONS; i++)
      await new Promise((r) => setTimeout(r, 100));
    // Late duplicates would show up now if any worker were to send or complete twice.
    await new Promise((r) => setTimeout(r, 1_500));

    const completions = hubspot.callbackCompletions.filter((c) =>
      c.callbackId.startsWith('scale-'),
    );
    expect(completions).toHaveLength(EXECUTIONS);
    expect(new Set(completions.map((c) => c.callbackId))).toEqual(new Set(callbackIds));
    for (const c of completions)
      expect(c.outputFields).toMatchObject({ outcome: 'sent', channel: 'sms' });

    const messages = twilio.outbox.filter(
      (m) => m.kind === 'message' && m.direction === 'outbound-api',
    ) as Extract<TwilioSandbox['outbox'][number], { kind: 'message' }>[];
    expect(messages).toHaveLength(EXECUTIONS);
    const bySid = new Map(messages.map((m) => [m.sid, m]));
    expect(bySid.size).toBe(EXECUTIONS);
    for (const [i, id] of callbackIds.entries()) {
      const c = completions.find((x) => x.callbackId === id)!;
      expect(bySid.get(c.outputFields.message_id as string)?.to).toBe(patients[i]!.mobile);
    }

    // Twilio's status callbacks reach the web processes through the balancer: all delivered. (The
    // sandbox posts its callbacks one at a time, so this takes a few seconds more.)
    const delivered = async () =>
      (await Promise.all([...bySid.keys()].map((sid) => store.messages.get(sid)))).every(
        (m) => m?.status === 'delivered',
      );
    for (let i = 0; i < 120 && !(await delivered()); i++)
      await new Promise((r) => setTimeout(r, 500));
    expect(await delivered()).toBe(true);

    // The work was shared: each web queued some executions (and refused the rest as duplicates),
    // each worker sent some, and one enqueue happened per execution across both web processes.
    const lines = (child: Child, msg: string) =>
      logLines(child.output.stderr).filter((l) => l.msg === msg);
    const queued = webs.map((w) => lines(w.child, 'workflow action queued').length);
    const again = webs.map(
      (w) => lines(w.child, 'workflow action delivered again: already queued').length,
    );
    expect(queued.reduce((a, b) => a + b)).toBe(EXECUTIONS);
    expect(again.reduce((a, b) => a + b)).toBe(EXECUTIONS * (DELIVERIES_PER_WEB * 2 - 1));
    for (const n of queued) expect(n).toBeGreaterThan(0);
    const finishedBy = workers.map((w) => lines(w, 'action finished').length);
    expect(finishedBy.reduce((a, b) => a + b)).toBe(EXECUTIONS);
    for (const n of finishedBy) expect(n).toBeGreaterThan(0);
  }, 180_000);
});
