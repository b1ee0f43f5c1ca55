import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AuditTally } from '../src/domain/audit.ts';
import { todayIn } from '../src/cli/today.ts';
import { systemClock } from '../src/lib/clock.ts';
import { generatePractice } from '../src/sandbox/practice/generate.ts';
import { writeCsvFolder } from '../src/sandbox/practice/write-csv.ts';
import { startHubSpotSandbox, type HubSpotSandbox } from '../src/sandbox/hubspot/index.ts';
import { finished, logLines, runCli, startCli } from './helpers/cli.ts';
import { testRedis, REDIS_URL } from './helpers/redis.ts';
import { startSyncCliWorld, type SyncCliWorld } from './helpers/sync-cli.ts';

/** `reactivate sync` and `reactivate serve` as processes, against the sandbox and real Redis. */
const AS_OF = '2026-11-01';
const { practice, records } = generatePractice({ patients: 1500, seed: 21, asOf: AS_OF });
const tally = new AuditTally(AS_OF, practice);
const expectedKeys = records
  .filter((r) => !['active', 'excluded'].includes(tally.add(r).outcome))
  .map((r) => `csv:${r.patient.clinicId}:${r.patient.id}`);

let folder: string;
beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'reactivate-sync-'));
  await writeCsvFolder(records, folder);
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('sync as a process', () => {
  let sandbox: HubSpotSandbox;
  let redis: Awaited<ReturnType<typeof testRedis>>;
  let env: Record<string, string>;
  let world: SyncCliWorld;
  beforeEach(async () => {
    world = await startSyncCliWorld(folder);
    ({ sandbox, redis, env } = world);
  });
  afterEach(() => world.close());

  it('prints the summary as JSON', async () => {
    const result = await runCli(['sync', '--once', '--as-of', AS_OF, '--format', 'json'], env);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({
      created: expectedKeys.length,
      updated: 0,
      unchanged: 0,
      skipped: 0,
      failed: 0,
    });
    expect(Object.keys(summary)).toEqual(
      expect.arrayContaining([
        'created',
        'updated',
        'unchanged',
        'skipped',
        'failed',
        'apiCalls',
        'seconds',
      ]),
    );
    expect(summary.apiCalls).toBe(sandbox.stats.total);
  });

  it('killed mid-way, the next run finishes the job: no duplicate contact, no lost update', async () => {
    sandbox.faults.latency(150);
    const child = startCli(['sync', '--once', '--as-of', AS_OF, '--format', 'json'], env);
    // Kill once some batches are remembered (accepted by HubSpot, written to Redis), not all.
    for (let i = 0; i < 400 && (await redis.redis.hlen(`${redis.prefix}sync:state`)) < 100; i++)
      await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    const killed = await finished(child);
    expect(killed.signal).toBe('SIGKILL');
    const writtenBeforeKill = sandbox.contacts.count();
    expect(writtenBeforeKill).toBeGreaterThan(0);
    expect(writtenBeforeKill).toBeLessThan(expectedKeys.length);

    sandbox.faults.latency(0);
    // The killed run's lock is still held until it expires: the next run waits for it.
    await redis.redis.del(`${redis.prefix}lock:hubspot-sync`);
    const resumed = await runCli(['sync', '--once', '--as-of', AS_OF, '--format', 'json'], env);
    expect(resumed.code).toBe(0);
    const summary = JSON.parse(resumed.stdout);
    expect(summary.created + summary.updated).toBe(expectedKeys.length - summary.unchanged);
    expect(summary.unchanged).toBeGreaterThan(0);
    const keys = sandbox.contacts.list().map((c) => c.properties.pms_patient_id);
    expect(keys.length).toBe(expectedKeys.length);
    expect(new Set(keys)).toEqual(new Set(expectedKeys));
    for (const c of sandbox.contacts.list())
      expect(c.properties.reactivation_status).toBe('eligible');
  });

  it('a running sync holds the lock: a second one does not start', async () => {
    // HubSpot holds the first sync's requests until the second has tried: a busy machine cannot
    // let the first finish early.
    const release = sandbox.faults.stall();
    const first = startCli(['sync', '--once', '--as-of', AS_OF], env);
    try {
      for (let i = 0; i < 600 && sandbox.stats.total < 1; i++)
        await new Promise((r) => setTimeout(r, 50));
      expect(sandbox.stats.total).toBeGreaterThanOrEqual(1);
      const second = await runCli(['sync', '--once', '--as-of', AS_OF], env);
      expect(second.code).toBe(1);
      expect(second.stderr).toContain('another sync is running');
    } finally {
      release();
    }
    expect((await finished(first)).code).toBe(0);
  });

  it('two serve instances on one Redis: one sync at a time', async () => {
    sandbox.faults.latency(20);
    const serveEnv = {
      ...env,
      SYNC_SCHEDULE: '*/2 * * * * *',
      HUBSPOT_CLIENT_SECRET: 'secret',
      TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
      TWILIO_AUTH_TOKEN: 'token',
      TWILIO_MESSAGING_SERVICE_SID: `MG${'0'.repeat(32)}`,
    };
    const a = startCli(['serve', '--role', 'worker'], serveEnv);
    const b = startCli(['serve', '--role', 'worker'], serveEnv);
    const runs = () =>
      logLines(a.output.stderr + b.output.stderr).filter((l) => l.msg === 'sync finished').length;
    for (let i = 0; i < 400 && runs() < 4; i++) await new Promise((r) => setTimeout(r, 100));
    a.kill('SIGTERM');
    b.kill('SIGTERM');
    await Promise.all([finished(a), finished(b)]);
    const events = [a, b].flatMap((p) =>
      logLines(p.output.stderr)
        .filter((l) => l.msg === 'sync started' || l.msg === 'sync finished')
        .map((l) => ({
          pid: l.pid as number,
          msg: l.msg as string,
          time: Date.parse(l.time as string),
        })),
    );
    events.sort((x, y) => x.time - y.time || (x.msg === 'sync finished' ? -1 : 1));
    expect(events.filter((e) => e.msg === 'sync finished').length).toBeGreaterThanOrEqual(4);
    let running = 0;
    for (const e of events) {
      running += e.msg === 'sync started' ? 1 : -1;
      expect(running).toBeLessThanOrEqual(1);
    }
    // serve syncs as of today in the practice's zone.
    const today = new AuditTally(todayIn(practice.timeZone, systemClock), practice);
    expect(sandbox.contacts.count()).toBe(
      records.filter((r) => !['active', 'excluded'].includes(today.add(r).outcome)).length,
    );
  });
});

describe('sync refuses to start when it cannot work safely', () => {
  it('without a token: names the setting', async () => {
    const result = await runCli(['sync', '--once'], {
      REDIS_URL,
      PMS_SOURCE: 'csv',
      PMS_URL: folder,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('HUBSPOT_ACCESS_TOKEN: missing');
  });

  it('without Redis: refuses rather than re-sending everything', async () => {
    const result = await runCli(['sync', '--once'], {
      REDIS_URL: 'redis://127.0.0.1:1',
      HUBSPOT_ACCESS_TOKEN: 'x',
      PMS_SOURCE: 'csv',
      PMS_URL: folder,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Redis at 127.0.0.1:1 is unreachable');
  });

  it('a refused token or a missing scope: stops and says what to fix', async () => {
    const sandbox = await startHubSpotSandbox({
      rateLimit: false,
      scopes: ['crm.objects.contacts.read', 'crm.schemas.contacts.read'],
    });
    const redis = await testRedis();
    try {
      const env = {
        HUBSPOT_API_BASE_URL: sandbox.baseUrl,
        REDIS_URL,
        REDIS_PREFIX: redis.prefix,
        PMS_SOURCE: 'csv',
        PMS_URL: folder,
      };
      const bad = await runCli(['setup'], { ...env, HUBSPOT_ACCESS_TOKEN: 'wrong' });
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain('HubSpot refused the access token (401)');
      const scope = await runCli(['setup'], { ...env, HUBSPOT_ACCESS_TOKEN: sandbox.accessToken });
      expect(scope.code).toBe(1);
      expect(scope.stderr).toContain('missing the scope crm.schemas.contacts.write');
    } finally {
      await sandbox.close();
      await redis.cleanup();
    }
  });
});
