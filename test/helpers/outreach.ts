import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import {
  composeService,
  twilioLimits,
  type ComposedService,
} from '../../src/cli/compose-service.ts';
import {
  createHubSpotClient,
  HUBSPOT_BUCKET,
  HUBSPOT_SEARCH_BUCKET,
} from '../../src/crm/hubspot-client.ts';
import { setupProperties } from '../../src/crm/setup-properties.ts';
import { runSync, type SyncSummary } from '../../src/crm/sync/run-sync.ts';
import { PracticeFile } from '../../src/domain/practice.ts';
import type { PatientRecords } from '../../src/domain/records.ts';
import { ManualClock, systemClock, type Clock } from '../../src/lib/clock.ts';
import { createLogger, type Logger } from '../../src/lib/logger.ts';
import { seededRandom } from '../../src/lib/random.ts';
import { createTwilioClient } from '../../src/messaging/twilio-client.ts';
import { reconcileReminders } from '../../src/outreach/reminder-schedule.ts';
import {
  startHubSpotSandbox,
  signV2,
  type HubSpotSandbox,
} from '../../src/sandbox/hubspot/index.ts';
import { generatePractice } from '../../src/sandbox/practice/generate.ts';
import { samplePracticeFile } from '../../src/sandbox/practice/sample-practice-file.ts';
import { startTwilioSandbox, type TwilioSandbox } from '../../src/sandbox/twilio/index.ts';
import { createApp } from '../../src/server/app.ts';
import { redisStore, type Store } from '../../src/store/store.ts';
import { testRedis } from './redis.ts';
import { todayIn } from '../../src/cli/today.ts';

export const CLIENT_SECRET = 'test-client-secret';
export const LINK_SECRET = 'test-link-secret';

export interface OutreachHarness {
  hubspot: HubSpotSandbox;
  twilio: TwilioSandbox;
  store: Store;
  service: ComposedService;
  practice: PracticeFile;
  records: PatientRecords[];
  baseUrl: string;
  clock: Clock;
  /** Runs the PMS → HubSpot sync on `records` (as of the clock's day), and keeps reminders in step. */
  sync(records?: PatientRecords[]): Promise<SyncSummary>;
  /** POSTs a workflow action as HubSpot does (v2 signed). */
  action(
    action: string,
    body: { callbackId: string; contactId: string; inputs?: Record<string, string> },
  ): Promise<Response>;
  /** Waits for the callback's completion in the HubSpot sandbox. */
  completion(callbackId: string, timeoutMs?: number): Promise<Record<string, string>>;
  waitFor<T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs?: number): Promise<T>;
  contact(patientId: string): ReturnType<HubSpotSandbox['contacts']['get']>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  patients?: number;
  seed?: number;
  /** The clock of the service and both sandboxes (a ManualClock to move time). */
  clock?: Clock;
  /** Changes to the sample practice file. */
  practice?: (p: Record<string, unknown>) => Record<string, unknown>;
  twilio?: Parameters<typeof startTwilioSandbox>[0];
  writeBack?: Parameters<typeof composeService>[0]['pmsWriteBack'];
  /** The service's logger (a test that reads the log lines passes its own). */
  logger?: Logger;
}

/** Sends every time of day: tests that are not about quiet hours must not depend on the hour. */
export const ALWAYS_OPEN = { start: '00:00', end: '00:00' };

/** A practice-file change: every office open all day. */
export function openAllDay(p: Record<string, unknown>): Record<string, unknown> {
  return {
    ...p,
    locations: (p.locations as Record<string, unknown>[]).map((l) => ({
      ...l,
      quietHours: ALWAYS_OPEN,
    })),
  };
}

/**
 * The whole service in the test process: HubSpot and Twilio sandboxes driven by the real SDKs,
 * real Redis (a prefix of its own) and BullMQ, the doors on a real HTTP port that both sandboxes
 * call back, and the sample practice synced into HubSpot.
 */
export async function outreachHarness(o: HarnessOptions = {}): Promise<OutreachHarness> {
  const clock = o.clock ?? systemClock;
  const asOf = todayIn('America/New_York', clock);
  const base = samplePracticeFile() as unknown as Record<string, unknown>;
  const practice = PracticeFile.parse(o.practice ? o.practice(structuredClone(base)) : base);
  const { records } = generatePractice({ patients: o.patients ?? 300, seed: o.seed ?? 5, asOf });
  const hubspot = await startHubSpotSandbox({ rateLimit: false, searchRateLimit: false, clock });
  const redis = await testRedis();
  const store = redisStore(redis.redis, redis.prefix, {
    [HUBSPOT_BUCKET]: { limit: 100_000, windowMs: 10_000 },
    [HUBSPOT_SEARCH_BUCKET]: { limit: 10_000, windowMs: 1_000 },
    ...twilioLimits(200),
  });
  const client = createHubSpotClient({
    accessToken: hubspot.accessToken,
    basePath: hubspot.baseUrl,
    limiter: store.limiter,
  });
  await setupProperties(client);
  // The server starts first (the service needs its address); the app is plugged in once built.
  const handler: { app?: Express } = {};
  const server: Server = createServer((req, res) =>
    handler.app ? handler.app(req, res) : res.writeHead(503).end(),
  );
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const twilio = await startTwilioSandbox({
    clock,
    deliverAfterMs: 20,
    inboundUrl: `${baseUrl}/twilio/messages/inbound`,
    ...o.twilio,
  });
  // HARNESS_LOG=debug shows the service's log lines while a test runs.
  const logger =
    o.logger ??
    createLogger({
      level: (process.env.HARNESS_LOG as 'debug' | undefined) ?? 'silent',
    });
  const service = composeService({
    practice,
    store,
    logger,
    clock,
    random: seededRandom(7),
    hubspot: client,
    twilio: createTwilioClient({
      accountSid: twilio.accountSid,
      authToken: twilio.authToken,
      apiBaseUrl: twilio.baseUrl,
    }),
    messagingServiceSid: `MG${'a'.repeat(32)}`,
    voiceFrom: '+16175550142',
    publicBaseUrl: baseUrl,
    linkSecret: LINK_SECRET,
    hubspotClientSecret: CLIENT_SECRET,
    twilioAuthToken: twilio.authToken,
    portalId: hubspot.portalId,
    priceLookupDelayMs: 50,
    ...(o.writeBack ? { pmsWriteBack: o.writeBack } : {}),
  });
  handler.app = createApp({ logger, routers: service.routers, checkStore: async () => true });
  hubspot.subscribeWebhooks({
    targetUrl: `${baseUrl}/hubspot/webhooks`,
    clientSecret: CLIENT_SECRET,
    appId: 1,
  });
  service.startWorkers({ concurrency: 10 });

  const h: OutreachHarness = {
    hubspot,
    twilio,
    store,
    service,
    practice,
    records,
    baseUrl,
    clock,
    async sync(recs = records) {
      const summary = await runSync({
        records: recs,
        sourceName: 'csv',
        practice,
        asOf: todayIn(practice.timeZone, clock),
        now: clock.now(),
        client,
        store,
        publicBaseUrl: baseUrl,
        linkSecret: LINK_SECRET,
      });
      await reconcileReminders(service.deps, summary.appointments);
      return summary;
    },
    async action(action, b) {
      const url = `${baseUrl}/hubspot/actions/${action}`;
      const body = JSON.stringify({
        callbackId: b.callbackId,
        origin: {
          portalId: hubspot.portalId,
          actionDefinitionId: 1001,
          actionDefinitionVersion: 1,
        },
        context: { source: 'WORKFLOWS', workflowId: 555 },
        object: { objectId: Number(b.contactId), objectType: 'CONTACT' },
        inputFields: { template: 'a', ...b.inputs },
      });
      return fetch(url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-HubSpot-Signature-Version': 'v2',
          'X-HubSpot-Signature': signV2({ clientSecret: CLIENT_SECRET, method: 'POST', url, body }),
        },
        body,
      });
    },
    async completion(callbackId, timeoutMs = 15_000) {
      const done = await h.waitFor(
        () => hubspot.callbackCompletions.find((c) => c.callbackId === callbackId),
        timeoutMs,
      );
      return done.outputFields as Record<string, string>;
    },
    async waitFor(probe, timeoutMs = 15_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const value = await probe();
        if (value !== undefined && value !== false) return value as never;
        if (Date.now() > until) throw new Error('timed out waiting');
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    contact(patientId) {
      const record = records.find((r) => r.patient.id === patientId)!;
      return hubspot.contacts.findBy(
        'pms_patient_id',
        `csv:${record.patient.clinicId}:${patientId}`,
      )[0];
    },
    async close() {
      await service.close();
      await twilio.stop();
      await hubspot.close();
      await new Promise<void>((done) => server.close(() => done()));
      await redis.cleanup();
    },
  };
  return h;
}

/** HubSpot shows the opt-out on every channel: status `opted_out`, no SMS, no WhatsApp consent. */
export function hubspotShowsOptOut(
  h: Pick<OutreachHarness, 'hubspot'>,
  contactId: string,
): boolean {
  const c = h.hubspot.contacts.get(contactId)!.properties;
  return (
    c.reactivation_status === 'opted_out' && c.sms_consent === 'no' && c.whatsapp_consent === 'no'
  );
}

/** A manual clock at a given local time of the sample practice's downtown office (New York). */
export function clockAt(isoWithOffset: string): ManualClock {
  return new ManualClock(isoWithOffset);
}

export interface PickedPatient {
  records: PatientRecords;
  contactId: string;
  mobile: string;
  /** The contact's `pms_patient_id`. */
  key: string;
  segment: string;
  bookingLink: string | undefined;
}

export interface PickOptions {
  clinicId?: string;
  segments?: string[];
  withEmail?: boolean;
  /** Not a Spanish speaker (the test reads English words). */
  english?: boolean;
  /** Nothing booked in the PMS. */
  unbooked?: boolean;
  /** The patient's `pms_patient_id` when the practice is not read from CSV. */
  keyOf?: (r: PatientRecords) => string;
}

/**
 * A synced, eligible patient who can be texted, with a mobile of their own (no one else in the
 * practice has it, so a reply is theirs alone), picked once per `used` (by number and contact). The Twilio sandbox is
 * told the number is a mobile: it would otherwise guess the line type from the number.
 */
export function pickPatient(
  h: Pick<OutreachHarness, 'records' | 'hubspot' | 'twilio' | 'contact'>,
  used: Set<string>,
  o: PickOptions = {},
): PickedPatient {
  const contactOf = (r: PatientRecords) =>
    o.keyOf ? h.hubspot.contacts.findBy('pms_patient_id', o.keyOf(r))[0] : h.contact(r.patient.id);
  const all = h.records
    .map((r) => ({ r, c: contactOf(r) }))
    .filter(
      (x): x is { r: PatientRecords; c: NonNullable<typeof x.c> } =>
        x.c?.properties.mobilephone !== undefined &&
        x.c.properties.mobilephone !== '' &&
        x.c.properties.sms_consent !== 'no' &&
        x.c.properties.reactivation_status === 'eligible',
    );
  const found = all.find(
    ({ r, c }) =>
      (!o.clinicId || r.patient.clinicId === o.clinicId) &&
      (!o.segments || o.segments.includes(c.properties.reactivation_segment ?? '')) &&
      (!o.withEmail || c.properties.email) &&
      (!o.english || c.properties.hs_language !== 'es') &&
      (!o.unbooked || !r.appointments.some((a) => a.status === 'scheduled')) &&
      !used.has(c.properties.mobilephone!) &&
      !used.has(c.id) &&
      all.filter((x) => x.c.properties.mobilephone === c.properties.mobilephone).length === 1,
  );
  if (!found) throw new Error(`no patient to pick for ${JSON.stringify(o)}`);
  const mobile = found.c.properties.mobilephone!;
  // The number and the contact: a test may change the contact's number afterwards.
  used.add(mobile).add(found.c.id);
  h.twilio.setLineType(mobile, 'mobile');
  return {
    records: found.r,
    contactId: found.c.id,
    mobile,
    key: found.c.properties.pms_patient_id!,
    segment: found.c.properties.reactivation_segment ?? '',
    bookingLink: found.c.properties.reactivation_booking_link,
  };
}
