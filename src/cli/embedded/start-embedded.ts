import { randomUUID } from 'node:crypto';
import type { Config, Environment } from '../../config.ts';
import { setupProperties } from '../../crm/setup-properties.ts';
import type { Clock } from '../../lib/clock.ts';
import type { Logger } from '../../lib/logger.ts';
import { seededRandom } from '../../lib/random.ts';
import { cardView } from '../../outreach/card.ts';
import { startHubSpotSandbox } from '../../sandbox/hubspot/index.ts';
import { startWorkflowRunner } from '../../sandbox/hubspot/workflow-runner.ts';
import { generateRecords } from '../../sandbox/practice/generate.ts';
import { LivePractice } from '../../sandbox/practice/live-practice.ts';
import type { PatientBehaviour } from '../../sandbox/simulation/behaviour.ts';
import { startSimulatedPatients } from '../../sandbox/simulation/simulated-patients.ts';
import { startTwilioSandbox } from '../../sandbox/twilio/index.ts';
import { createCardPreviewRouter } from '../../server/card-preview/router.ts';
import { purgePrefix } from '../../store/purge-prefix.ts';
import type { CliContext } from '../context.ts';
import { startService, type RunningService } from '../start-service.ts';
import { todayIn } from '../today.ts';
import { openHubSpot, openStore } from '../wiring.ts';
import { livePracticeSource } from './live-source.ts';
import { progressLine } from './progress-line.ts';
import { sandboxPracticeFile } from './sandbox-practice.ts';

/** The HubSpot app's client secret inside the sandbox (signs the workflow runner's requests). */
const SANDBOX_CLIENT_SECRET = 'sandbox-client-secret';
const SANDBOX_MESSAGING_SERVICE = `MG${'5a'.repeat(16)}`;
/** Every ten seconds: booked and came-in patients show on the dashboard soon after. */
const SANDBOX_SYNC_SCHEDULE = '*/10 * * * * *';

export interface EmbeddedOptions {
  ctx: CliContext;
  config: Config;
  logger: Logger;
  port?: number;
  patients: number;
  seed: number;
  behaviour: Partial<PatientBehaviour>;
  /** Seconds between progress lines on stdout; 0 for none. */
  progressEverySeconds: number;
}

export interface EmbeddedSandbox {
  baseUrl: string;
  dashboardToken: string;
  service: RunningService;
  stop(): Promise<void>;
}

/**
 * The embedded default: HubSpot and Twilio sandboxes in this process, the sample practice as a
 * live PMS, the in-memory store (Redis on a prefix of its own when REDIS_URL is set), the whole
 * service, a first sync, then HubSpot's workflow engine enrolling contacts and simulated patients
 * answering. Everything the service does goes through the same doors and clients as in production.
 */
export async function startEmbedded(o: EmbeddedOptions): Promise<EmbeddedSandbox> {
  const { ctx, logger } = o;
  const practice = sandboxPracticeFile();
  const clock: Clock = ctx.clock;
  const asOf = todayIn(practice.timeZone, clock);
  const live = new LivePractice(
    [...generateRecords({ patients: o.patients, seed: o.seed, asOf })],
    {
      defaultRegion: practice.defaultRegion,
      recallIntervalMonths: practice.windows.recallIntervalMonths,
    },
  );

  const hubspot = await startHubSpotSandbox({ clock });
  const twilio = await startTwilioSandbox({ clock, deliverAfterMs: 400 });
  const runId = randomUUID().slice(0, 8);
  const env: Environment = {
    ...o.config.env,
    HUBSPOT_ACCESS_TOKEN: hubspot.accessToken,
    HUBSPOT_API_BASE_URL: hubspot.baseUrl,
    HUBSPOT_CLIENT_SECRET: SANDBOX_CLIENT_SECRET,
    HUBSPOT_PORTAL_ID: hubspot.portalId,
    TWILIO_ACCOUNT_SID: twilio.accountSid,
    TWILIO_AUTH_TOKEN: twilio.authToken,
    TWILIO_API_BASE_URL: twilio.baseUrl,
    TWILIO_MESSAGING_SERVICE_SID: SANDBOX_MESSAGING_SERVICE,
    SYNC_SCHEDULE: o.ctx.env.SYNC_SCHEDULE ?? SANDBOX_SYNC_SCHEDULE,
    DASHBOARD_TOKEN: o.config.env.DASHBOARD_TOKEN ?? 'sandbox',
    // A run of its own in a shared Redis: nothing mixes with another run, nothing is left behind.
    REDIS_PREFIX: `${o.config.env.REDIS_PREFIX}sandbox:${runId}:`,
    OPENDENTAL_DEVELOPER_KEY: undefined,
    OPENDENTAL_CUSTOMER_KEY: undefined,
  };
  const opened = await openStore(env, { require: false, why: 'unused' });
  const store = opened.redis
    ? {
        ...opened,
        close: async () => {
          await purgePrefix(opened.redis!, env.REDIS_PREFIX).catch(() => 0);
          await opened.close();
        },
      }
    : opened;
  await setupProperties(openHubSpot(env, store, logger).client);

  const preview = createCardPreviewRouter({
    contacts: () =>
      hubspot.contacts.list().map((c) => ({
        id: c.id,
        name: `${c.properties.firstname ?? ''} ${(c.properties.lastname ?? '').slice(0, 1)}.`.trim(),
        status: c.properties.reactivation_status ?? 'none',
        segment: c.properties.reactivation_segment ?? '',
      })),
    // Called only once the service below is up.
    view: (contactId) => cardView(service.composed.deps, contactId),
  });
  const service = await startService({
    config: { ...o.config, env, practice },
    store,
    logger,
    ctx,
    role: 'all',
    random: seededRandom(o.seed),
    ...(o.port !== undefined ? { port: o.port } : {}),
    openSource: async () => livePracticeSource(live),
    // The sandbox prices a message as soon as it is sent: no need to wait a minute as for Twilio.
    priceLookupDelayMs: 2_000,
    extraRouters: [{ path: '/sandbox/cards', router: preview }],
  });
  const baseUrl = service.baseUrl;
  twilio.configure({ inboundUrl: `${baseUrl}/twilio/messages/inbound` });
  hubspot.subscribeWebhooks({
    targetUrl: `${baseUrl}/hubspot/webhooks`,
    clientSecret: SANDBOX_CLIENT_SECRET,
    appId: 1,
  });

  const started = Date.now();
  await service.syncNow();
  const workflows = startWorkflowRunner({
    contacts: hubspot.contacts,
    portalId: hubspot.portalId,
    serviceUrl: baseUrl,
    clientSecret: SANDBOX_CLIENT_SECRET,
    logger,
  });
  const patients = startSimulatedPatients({
    twilio,
    practice: live,
    timeZone: practice.timeZone,
    behaviour: o.behaviour,
    random: seededRandom(o.seed + 1),
    clock,
    logger,
  });
  const progress =
    o.progressEverySeconds > 0
      ? setInterval(() => {
          ctx.stdout.write(
            progressLine({
              elapsedMs: Date.now() - started,
              workflows: workflows.stats(),
              patients: patients.stats(),
              messagesSent: twilio.outbox.filter((m) => m.kind === 'message').length,
              tasks: hubspot.tasks.list().length,
            }),
          );
        }, o.progressEverySeconds * 1000)
      : undefined;

  return {
    baseUrl,
    dashboardToken: env.DASHBOARD_TOKEN!,
    service,
    async stop() {
      if (progress) clearInterval(progress);
      await workflows.stop();
      await patients.stop();
      await service.stop();
      await twilio.stop();
      await hubspot.close();
    },
  };
}
