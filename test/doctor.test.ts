import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCOPE_PROBES } from '../src/cli/doctor-hubspot.ts';
import { ALL_SCOPES } from '../src/sandbox/hubspot/scopes.ts';
import { startHubSpotSandbox } from '../src/sandbox/hubspot/index.ts';
import { ROOT, runCli, type CliResult } from './helpers/cli.ts';
import {
  HUBSPOT_TOKEN,
  SERVICE,
  startDoctorWorld,
  type DoctorWorld,
} from './helpers/doctor-world.ts';

/**
 * `reactivate doctor` in its own process against the HubSpot and Twilio sandboxes, real Redis and a
 * CSV export of the sample practice: a production configuration that is right prints only `ok`
 * lines; each thing wrong gives the one FAIL line that names the fix, and exit code 1. No secret is
 * ever printed.
 */
const LINK_SECRET = 'b'.repeat(64);
const CHECKS = [
  'settings',
  'practice file',
  'public url',
  'booking link secret',
  'hubspot token',
  'hubspot scopes',
  'hubspot client secret',
  'twilio credentials',
  'twilio messaging service',
  'redis',
  'pms',
  'opendental write-back',
];

describe('reactivate doctor', () => {
  let good: Record<string, string>;

  let world: DoctorWorld;
  beforeAll(async () => {
    world = await startDoctorWorld({ patients: 40, seed: 3, linkSecret: LINK_SECRET });
    ({ good } = world);
  });
  afterAll(() => world?.close());

  const lines = (r: CliResult) => r.stdout.trim().split('\n');
  /** No secret of the configuration, right or wrong, anywhere in what the doctor printed. */
  function expectNoSecret(r: CliResult, env: Record<string, string>) {
    const out = r.stdout + r.stderr;
    for (const key of [
      'HUBSPOT_ACCESS_TOKEN',
      'HUBSPOT_CLIENT_SECRET',
      'TWILIO_AUTH_TOKEN',
      'BOOKING_LINK_SECRET',
    ])
      if (env[key]) expect(out, key).not.toContain(env[key]);
  }

  it('a right production configuration: one ok line per check, exit code 0', async () => {
    const r = await runCli(['doctor'], good);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(lines(r).map((l) => /^(ok {3}|FAIL |skip )([^:]+):/.exec(l)?.[2])).toEqual(CHECKS);
    for (const line of lines(r)) expect(line).toMatch(/^ok {3}\S/);
    expect(r.stdout).toContain('ok   pms: csv source: 40 patients');
    expect(r.stdout).toContain(
      `ok   twilio messaging service: Sandbox messaging service (${SERVICE})`,
    );
    expectNoSecret(r, good);
  });

  it.each([
    [
      'a wrong HubSpot token',
      { HUBSPOT_ACCESS_TOKEN: 'pat-na1-wrong-0000-0000-0000-000000000000' },
      'hubspot token',
      /HUBSPOT_ACCESS_TOKEN: HubSpot refused it \(401\); copy the app's current access token/,
    ],
    [
      'a wrong Twilio auth token',
      { TWILIO_AUTH_TOKEN: 'f'.repeat(32) },
      'twilio credentials',
      /TWILIO_AUTH_TOKEN: Twilio refused the account SID and auth token \(401\); copy both from the Twilio console/,
    ],
    [
      'an unknown messaging service',
      { TWILIO_MESSAGING_SERVICE_SID: `MG${'6'.repeat(32)}` },
      'twilio messaging service',
      /TWILIO_MESSAGING_SERVICE_SID: this account has no messaging service MG6{32}; copy the SID from Messaging → Services/,
    ],
    [
      'an unreachable Redis',
      { REDIS_URL: 'redis://:redis-password-123@127.0.0.1:1' },
      'redis',
      /REDIS_URL: nothing answers at 127\.0\.0\.1:1.*; start Redis or fix REDIS_URL/,
    ],
    [
      'an http public URL in production',
      { PUBLIC_BASE_URL: 'http://reactivation.riverside-dental.example' },
      'public url',
      /PUBLIC_BASE_URL: http:\/\/reactivation\.riverside-dental\.example is not https; .*use https:\/\/reactivation\.riverside-dental\.example/,
    ],
    [
      'a public URL on localhost in production',
      { PUBLIC_BASE_URL: 'https://localhost:3000' },
      'public url',
      /PUBLIC_BASE_URL: localhost cannot be reached from the internet/,
    ],
    [
      'no booking link secret in production',
      { BOOKING_LINK_SECRET: '' },
      'booking link secret',
      /BOOKING_LINK_SECRET: missing; set a long random value \(openssl rand -hex 32\)/,
    ],
  ])('%s: the one FAIL line says what to fix, exit code 1', async (_name, change, check, fix) => {
    const env = { ...good, ...change };
    const r = await runCli(['doctor'], env);
    expect(r.code).toBe(1);
    const failed = lines(r).filter((l) => l.startsWith('FAIL '));
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatch(new RegExp(`^FAIL ${check}: `));
    expect(failed[0]).toMatch(fix);
    expect(r.stderr).toBe('reactivate: 1 check failed (the FAIL lines say what to fix)\n');
    expectNoSecret(r, env);
    expect(r.stdout + r.stderr).not.toContain('redis-password-123');
  });

  it('a token without a scope the app needs: the FAIL line names the scope and where to add it', async () => {
    const narrow = await startHubSpotSandbox({
      accessToken: HUBSPOT_TOKEN,
      scopes: ALL_SCOPES.filter((s) => s !== 'crm.objects.owners.read'),
    });
    try {
      const r = await runCli(['doctor'], { ...good, HUBSPOT_API_BASE_URL: narrow.baseUrl });
      expect(r.code).toBe(1);
      expect(lines(r).filter((l) => l.startsWith('FAIL '))).toEqual([
        'FAIL hubspot scopes: the app lacks crm.objects.owners.read: add it to requiredScopes in extensions/app/app-hsmeta.json, run hs project upload and re-install the app',
      ]);
      // The probes changed nothing in the portal.
      expect(narrow.contacts.list()).toEqual([]);
    } finally {
      await narrow.close();
    }
  });

  it('probes exactly the scopes the app declares', () => {
    const meta = JSON.parse(readFileSync(join(ROOT, 'extensions/app/app-hsmeta.json'), 'utf8')) as {
      config: { auth: { requiredScopes: string[] } };
    };
    expect(SCOPE_PROBES.map((p) => p.scope).sort()).toEqual(
      [...meta.config.auth.requiredScopes].sort(),
    );
  });
});
