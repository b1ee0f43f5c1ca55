import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHubSpotSandbox, type HubSpotSandbox } from '../../src/sandbox/hubspot/index.ts';
import { generateRecords } from '../../src/sandbox/practice/generate.ts';
import { samplePracticeFile } from '../../src/sandbox/practice/sample-practice-file.ts';
import { writeCsvFolder } from '../../src/sandbox/practice/write-csv.ts';
import { startTwilioSandbox, type TwilioSandbox } from '../../src/sandbox/twilio/index.ts';
import { REDIS_URL } from './redis.ts';

export const HUBSPOT_TOKEN = 'pat-na1-11111111-2222-3333-4444-555555555555';
export const CLIENT_SECRET = 'client-secret-9f8e7d6c5b4a';
export const SERVICE = `MG${'5'.repeat(32)}`;

/** What `reactivate doctor` tests run against. */
export interface DoctorWorld {
  hubspot: HubSpotSandbox;
  twilio: TwilioSandbox;
  /** A folder of its own: the practice file and the CSV export. */
  dir: string;
  /** A right production configuration pointing at all of it. */
  good: Record<string, string>;
  close(): Promise<void>;
}

/**
 * The HubSpot and Twilio sandboxes, real Redis, the sample practice file and a CSV export of a
 * small generated practice, and the production environment that is right for them.
 */
export async function startDoctorWorld(o: {
  patients: number;
  seed: number;
  linkSecret: string;
}): Promise<DoctorWorld> {
  const hubspot = await startHubSpotSandbox({ accessToken: HUBSPOT_TOKEN });
  const twilio = await startTwilioSandbox({ messagingServices: [SERVICE] });
  const dir = await mkdtemp(join(tmpdir(), 'doctor-'));
  await writeFile(join(dir, 'practice.json'), JSON.stringify(samplePracticeFile()));
  await writeCsvFolder(
    generateRecords({ patients: o.patients, seed: o.seed, asOf: '2026-03-02' }),
    join(dir, 'csv'),
  );
  const good = {
    NODE_ENV: 'production',
    PRACTICE_CONFIG: join(dir, 'practice.json'),
    PUBLIC_BASE_URL: 'https://reactivation.riverside-dental.example',
    BOOKING_LINK_SECRET: o.linkSecret,
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
  return {
    hubspot,
    twilio,
    dir,
    good,
    async close() {
      await hubspot.close();
      await twilio.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
