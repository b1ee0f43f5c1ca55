import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubSpotSandbox, type HubSpotSandbox } from '../src/sandbox/hubspot/index.ts';
import { generateRecords } from '../src/sandbox/practice/generate.ts';
import { samplePracticeFile } from '../src/sandbox/practice/sample-practice-file.ts';
import { writeCsvFolder } from '../src/sandbox/practice/write-csv.ts';
import { startTwilioSandbox, type TwilioSandbox } from '../src/sandbox/twilio/index.ts';
import { runCli, type CliResult } from './helpers/cli.ts';
import { REDIS_URL } from './helpers/redis.ts';

/**
 * `reactivate doctor` in its own process, from a right production configuration (HubSpot and
 * Twilio sandboxes, real Redis, a CSV export) with one thing wrong: the HubSpot client secret
 * missing, or a PMS nobody answers at. Each gives exactly one FAIL line that names the setting and
 * what to do, and exit code 1; no secret is printed.
 */

const HUBSPOT_TOKEN = 'pat-na1-11111111-2222-3333-4444-555555555555';
const CLIENT_SECRET = 'client-secret-9f8e7d6c5b4a';
const SERVICE = `MG${'5'.repeat(32)}`;
const PMS_PASSWORD = 'od-reader-password-731';

/** A local port nothing listens on: one the system just gave out, closed again. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('reactivate doctor: the client secret and the PMS', () => {
  let hubspot: HubSpotSandbox;
  let twilio: TwilioSandbox;
  let dir: string;
  let good: Record<string, string>;

  beforeAll(async () => {
    hubspot = await startHubSpotSandbox({ accessToken: HUBSPOT_TOKEN });
    twilio = await startTwilioSandbox({ messagingServices: [SERVICE] });
    dir = await mkdtemp(join(tmpdir(), 'doctor-more-'));
    await writeFile(join(dir, 'practice.json'), JSON.stringify(samplePracticeFile()));
    await writeCsvFolder(
      generateRecords({ patients: 20, seed: 5, asOf: '2026-03-02' }),
      join(dir, 'csv'),
    );
    good = {
      NODE_ENV: 'production',
      PRACTICE_CONFIG: join(dir, 'practice.json'),
      PUBLIC_BASE_URL: 'https://reactivation.riverside-dental.example',
      BOOKING_LINK_SECRET: 'c'.repeat(64),
      HUBSPOT_ACCESS_TOKEN: HUBSPOT_TOKEN,
      HUBSPOT_CLIENT_SECRET: CLIENT_SECRET,
      HUBSPOT_API_BASE_URL: hubspot.baseUrl,
      TWILIO_ACCOUNT_SID: twilio.accountSid,
      TWILIO_AUTH_TOKEN: twilio.authToken,
      TWILIO_MESSAGING_SERVICE_SID: SERVICE,
      TWILIO_API_BASE_URL: twilio.baseUrl,
      REDIS_URL,
      PMS_SOURCE: 'csv',
      PMS_URL: join(dir, 'csv'),
    };
  });
  afterAll(async () => {
    await hubspot?.close();
    await twilio?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const failLines = (r: CliResult) =>
    r.stdout
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('FAIL '));

  it('no HubSpot client secret in production: one FAIL line says to copy the app’s client secret, exit code 1', async () => {
    const env = { ...good };
    delete (env as Partial<typeof env>).HUBSPOT_CLIENT_SECRET;
    const r = await runCli(['doctor'], env);
    expect(r.code).toBe(1);
    expect(failLines(r)).toEqual([
      "FAIL hubspot client secret: HUBSPOT_CLIENT_SECRET: missing; copy the app's client secret (HubSpot: Development → your app → Auth): without it every call from HubSpot is refused",
    ]);
    // The other checks still ran and passed: the token, the scopes, Twilio, Redis, the PMS.
    expect(r.stdout).toContain('ok   hubspot token: ');
    expect(r.stdout).toContain('ok   pms: csv source: 20 patients');
    expect(r.stderr).toBe('reactivate: 1 check failed (the FAIL lines say what to fix)\n');
    expect(r.stdout + r.stderr).not.toContain(HUBSPOT_TOKEN);
  });

  it('an Open Dental PMS nobody listens on: one FAIL line names PMS_URL, where it looked and what to do, without the password; exit code 1', async () => {
    const port = await closedPort();
    const env = {
      ...good,
      PMS_SOURCE: 'opendental',
      PMS_URL: `mysql://od_reader:${PMS_PASSWORD}@127.0.0.1:${port}/opendental`,
    };
    const r = await runCli(['doctor'], env);
    expect(r.code).toBe(1);
    const failed = failLines(r);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toBe(
      `FAIL pms: PMS_URL: cannot read the opendental source: Open Dental database opendental on 127.0.0.1:${port} is unavailable while connecting (ECONNREFUSED); start the database (or let this host reach it) or fix PMS_URL (mysql://user:password@host:port/database)`,
    );
    expect(r.stderr).toBe('reactivate: 1 check failed (the FAIL lines say what to fix)\n');
    expect(r.stdout + r.stderr).not.toContain(PMS_PASSWORD);
  });

  it('a CSV export folder that is not there: one FAIL line names PMS_URL and what to do; exit code 1', async () => {
    const r = await runCli(['doctor'], { ...good, PMS_URL: join(dir, 'no-such-export') });
    expect(r.code).toBe(1);
    const failed = failLines(r);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatch(/^FAIL pms: PMS_URL: cannot read the csv source: /);
    expect(failed[0]).toMatch(/; fix PMS_URL: the folder of the PMS's CSV export/);
  });
});
