import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from './helpers/cli.ts';
import { HUBSPOT_TOKEN, startDoctorWorld, type DoctorWorld } from './helpers/doctor-world.ts';

/**
 * `reactivate doctor` in its own process, from a right production configuration (HubSpot and
 * Twilio sandboxes, real Redis, a CSV export) with one thing wrong: the HubSpot client secret
 * missing, or a PMS nobody answers at. Each gives exactly one FAIL line that names the setting and
 * what to do, and exit code 1; no secret is printed.
 */

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
  let dir: string;
  let good: Record<string, string>;

  let world: DoctorWorld;
  beforeAll(async () => {
    world = await startDoctorWorld({ patients: 20, seed: 5, linkSecret: 'c'.repeat(64) });
    ({ dir, good } = world);
  });
  afterAll(() => world?.close());

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
