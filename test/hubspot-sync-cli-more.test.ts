import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AuditTally } from '../src/domain/audit.ts';
import { generatePractice } from '../src/sandbox/practice/generate.ts';
import { writeCsvFolder } from '../src/sandbox/practice/write-csv.ts';
import type { HubSpotSandbox } from '../src/sandbox/hubspot/index.ts';
import { SYNC_SNAPSHOT, SyncStatus } from '../src/store/sync-status.ts';
import { runCli } from './helpers/cli.ts';
import { startSyncCliWorld, type SyncCliWorld } from './helpers/sync-cli.ts';

/** `reactivate sync --once` as a process: the table summary and `--dry-run`. */
const AS_OF = '2026-11-01';
const { practice, records } = generatePractice({ patients: 400, seed: 21, asOf: AS_OF });
const tally = new AuditTally(AS_OF, practice);
const keyOf = (r: (typeof records)[number]) => `csv:${r.patient.clinicId}:${r.patient.id}`;
const synced = records.filter((r) => !['active', 'excluded'].includes(tally.add(r).outcome));
const expectedKeys = synced.map(keyOf);

/** Five synced patients whose last name changes in the PMS (a second export). */
const changedIds = new Set(synced.slice(0, 5).map((r) => r.patient.id));
const changedRecords = structuredClone(records).map((r) =>
  changedIds.has(r.patient.id) ? { ...r, patient: { ...r.patient, lastName: 'Renamed' } } : r,
);

/** Every request that could change something in HubSpot (reads and searches are POSTs too). */
const WRITES = /^(PATCH|PUT|DELETE) |^POST .*(upsert|batch\/create|batch\/update|batch\/archive)/;
const writesIn = (byRoute: Readonly<Record<string, number>>) =>
  Object.keys(byRoute).filter((route) => WRITES.test(route));

let folder: string;
let changedFolder: string;
beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'reactivate-sync-more-'));
  changedFolder = mkdtempSync(join(tmpdir(), 'reactivate-sync-more-changed-'));
  await writeCsvFolder(records, folder);
  await writeCsvFolder(changedRecords, changedFolder);
});
afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
  rmSync(changedFolder, { recursive: true, force: true });
});

describe('reactivate sync --once: the table and --dry-run', () => {
  let sandbox: HubSpotSandbox;
  let env: Record<string, string>;
  let world: SyncCliWorld;
  beforeEach(async () => {
    world = await startSyncCliWorld(folder);
    ({ sandbox, env } = world);
  });
  afterEach(() => world.close());

  const sync = (extra: string[], over: Record<string, string> = {}) =>
    runCli(['sync', '--once', '--as-of', AS_OF, ...extra], { ...env, ...over });

  /** The rows of the table: label → number. */
  function tableRows(stdout: string): Map<string, number> {
    const rows = new Map<string, number>();
    for (const line of stdout.trimEnd().split('\n').slice(1)) {
      const m = /^ {2}(\S.*?)\s+([\d,]+)$/.exec(line);
      expect(m, `a table row: "${line}"`).not.toBeNull();
      rows.set(m![1]!, Number(m![2]!.replace(/,/g, '')));
    }
    return rows;
  }

  it('--format table prints a title line and one labelled row per count, the numbers right-aligned in one column', async () => {
    const result = await sync(['--format', 'table']);
    expect(result.code).toBe(0);
    expect(() => JSON.parse(result.stdout)).toThrow();
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^Sync finished in \d+(\.\d+)? s$/);
    const rows = tableRows(result.stdout);
    expect([...rows.keys()]).toEqual([
      'created',
      'updated',
      'unchanged',
      'skipped (unreadable PMS records)',
      'failed (HubSpot refused; retried next run)',
      'HubSpot API calls',
    ]);
    expect(Object.fromEntries(rows)).toEqual({
      created: expectedKeys.length,
      updated: 0,
      unchanged: 0,
      'skipped (unreadable PMS records)': 0,
      'failed (HubSpot refused; retried next run)': 0,
      'HubSpot API calls': sandbox.stats.total,
    });
    // One column of numbers: every row ends at the same place.
    expect(new Set(lines.slice(1).map((l) => l.length)).size).toBe(1);
    expect(sandbox.contacts.count()).toBe(expectedKeys.length);
    // (The write filter the dry-run tests use does see a real sync's writes.)
    expect(writesIn(sandbox.stats.byRoute)).toEqual(['POST /crm/v3/objects/contacts/batch/upsert']);
  });

  it('--dry-run on an empty HubSpot creates no contact, sends no write, says it was a dry run, and a real sync afterwards still creates every contact', async () => {
    const dry = await sync(['--dry-run', '--format', 'table']);
    expect(dry.code).toBe(0);
    expect(dry.stdout.split('\n')[0]).toMatch(/^Sync \(dry run, nothing written\) finished in /);
    expect(tableRows(dry.stdout).get('created')).toBe(expectedKeys.length);
    expect(sandbox.contacts.count()).toBe(0);
    expect(writesIn(sandbox.stats.byRoute)).toEqual([]);

    const dryJson = await sync(['--dry-run', '--format', 'json']);
    expect(dryJson.code).toBe(0);
    expect(JSON.parse(dryJson.stdout)).toMatchObject({
      dryRun: true,
      created: expectedKeys.length,
      updated: 0,
      failed: 0,
    });
    expect(sandbox.contacts.count()).toBe(0);
    expect(writesIn(sandbox.stats.byRoute)).toEqual([]);

    // Nothing was remembered either: the real run has everything to do.
    const real = await sync(['--format', 'json']);
    expect(real.code).toBe(0);
    expect(JSON.parse(real.stdout)).toMatchObject({
      dryRun: false,
      created: expectedKeys.length,
      unchanged: 0,
    });
    expect(sandbox.contacts.count()).toBe(expectedKeys.length);
  });

  it('--dry-run after PMS changes reports the updates it would make and leaves every HubSpot contact as it was', async () => {
    expect((await sync(['--format', 'json'])).code).toBe(0);
    const before = JSON.stringify(sandbox.contacts.list());
    sandbox.resetStats();
    const dry = await sync(['--dry-run', '--format', 'json'], { PMS_URL: changedFolder });
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({
      dryRun: true,
      created: 0,
      updated: changedIds.size,
      unchanged: expectedKeys.length - changedIds.size,
      failed: 0,
    });
    expect(writesIn(sandbox.stats.byRoute)).toEqual([]);
    expect(JSON.stringify(sandbox.contacts.list())).toBe(before);
    expect(sandbox.contacts.count()).toBe(expectedKeys.length);
    // The real run then makes exactly those updates.
    const real = await sync(['--format', 'json'], { PMS_URL: changedFolder });
    expect(JSON.parse(real.stdout)).toMatchObject({ updated: changedIds.size, created: 0 });
    const renamed = sandbox.contacts.list().filter((c) => c.properties.lastname === 'Renamed');
    expect(renamed.map((c) => c.properties.pms_patient_id).sort()).toEqual(
      synced
        .filter((r) => changedIds.has(r.patient.id))
        .map(keyOf)
        .sort(),
    );
  });
});

describe('reactivate sync --once with a revoked token: the dashboard is told', () => {
  let world: SyncCliWorld;
  beforeEach(async () => {
    world = await startSyncCliWorld(folder);
  });
  afterEach(async () => {
    await world.close();
  });
  const statusInRedis = async (): Promise<SyncStatus> =>
    SyncStatus.parse(
      JSON.parse((await world.redis.redis.hget(`${world.redis.prefix}snapshots`, SYNC_SNAPSHOT))!),
    );

  it('a 401 stops the sync with what to fix (exit 1), and the stored sync status says failed, with that reason; the next good sync says ok', async () => {
    const sync = (token: string) =>
      runCli(['sync', '--once', '--as-of', AS_OF], {
        ...world.env,
        HUBSPOT_ACCESS_TOKEN: token,
      });
    const refused = await sync('revoked-token');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      'HubSpot refused the access token (401): check HUBSPOT_ACCESS_TOKEN',
    );
    expect(world.sandbox.contacts.list()).toEqual([]);
    expect(await statusInRedis()).toMatchObject({
      outcome: 'failed',
      error: 'HubSpot refused the access token (401): check HUBSPOT_ACCESS_TOKEN',
    });

    const fixed = await sync(world.sandbox.accessToken);
    expect(fixed.code).toBe(0);
    expect(await statusInRedis()).toEqual({
      at: expect.any(String),
      outcome: 'ok',
      patients: records.length,
    });
  });
});
