import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express, Router } from 'express';
import type { Config } from '../config.ts';
import { SyncBusyError } from '../crm/sync/run-sync.ts';
import { startCronJob } from '../jobs/cron-schedule.ts';
import { syncOnce } from '../jobs/sync-job.ts';
import { describeError } from '../lib/errors.ts';
import type { Logger } from '../lib/logger.ts';
import { mathRandom, type Random } from '../lib/random.ts';
import { createTwilioClient } from '../messaging/twilio-client.ts';
import { reconcileReminders } from '../outreach/reminder-schedule.ts';
import { createOpenDentalApi } from '../pms/opendental-api/client.ts';
import { createOpenDentalWriteBack } from '../pms/opendental-api/write-back.ts';
import type { PmsSource } from '../pms/source.ts';
import { createApp } from '../server/app.ts';
import { createDashboardRouter } from '../server/dashboard/router.ts';
import type { Store } from '../store/store.ts';
import { composeService, type ComposedService } from './compose-service.ts';
import type { CliContext } from './context.ts';
import { todayIn } from './today.ts';
import { bookingLinkSecret, openHubSpot, openSource, publicBaseUrl } from './wiring.ts';

export type Role = 'web' | 'worker' | 'all';

export interface RunningService {
  composed: ComposedService;
  server?: Server;
  /** Where the service answers (PUBLIC_BASE_URL, else the local address it listens on). */
  baseUrl: string;
  /** Runs one sync now (the worker roles); resolves when it is done or was skipped. */
  syncNow(): Promise<void>;
  stop(): Promise<void>;
}

export interface StartServiceOptions {
  config: Config;
  store: Store;
  logger: Logger;
  ctx: CliContext;
  role: Role;
  port?: number;
  random?: Random;
  /** The PMS to sync from; default PMS_SOURCE / PMS_URL (no schedule when neither is set). */
  openSource?: () => Promise<PmsSource>;
  /** How long after a message's final status its price is first asked for. */
  priceLookupDelayMs?: number;
  /** Routers mounted after the doors and before the dashboard (the sandbox's pages). */
  extraRouters?: { path: string; router: Router }[];
}

/**
 * Starts the parts of the service a role runs; `stop` takes them down in order. The HTTP server
 * listens before the service is put together, so `PORT=0` works and the base URL callbacks are
 * sent to is the one actually listened on.
 */
export async function startService(o: StartServiceOptions): Promise<RunningService> {
  const { config, store, logger, ctx } = o;
  const env = config.env;
  const hubspot = openHubSpot(env, store, logger);
  const stops: (() => Promise<void>)[] = [() => store.close()];
  let server: Server | undefined;
  let baseUrl = publicBaseUrl(env);
  const handler: { app?: Express } = {};
  if (o.role !== 'worker') {
    const listening = createServer((req, res) =>
      handler.app ? handler.app(req, res) : res.writeHead(503).end(),
    );
    server = listening;
    await new Promise<void>((ready) => listening.listen(o.port ?? env.PORT, ready));
    const port = (listening.address() as AddressInfo).port;
    if (!env.PUBLIC_BASE_URL) baseUrl = `http://localhost:${port}`;
    logger.info({ port }, 'listening');
    stops.unshift(() => new Promise<void>((done) => listening.close(() => done())));
  }
  const composed = composeService({
    practice: config.practice,
    store,
    logger,
    clock: ctx.clock,
    random: o.random ?? mathRandom,
    hubspot: hubspot.client,
    twilio: createTwilioClient({
      accountSid: env.TWILIO_ACCOUNT_SID!,
      authToken: env.TWILIO_AUTH_TOKEN!,
      ...(env.TWILIO_API_BASE_URL ? { apiBaseUrl: env.TWILIO_API_BASE_URL } : {}),
    }),
    messagingServiceSid: env.TWILIO_MESSAGING_SERVICE_SID!,
    voiceFrom: env.TWILIO_VOICE_NUMBER ?? config.practice.locations[0]!.phone,
    publicBaseUrl: baseUrl,
    linkSecret: bookingLinkSecret(env),
    hubspotClientSecret: env.HUBSPOT_CLIENT_SECRET!,
    twilioAuthToken: env.TWILIO_AUTH_TOKEN!,
    ...(env.HUBSPOT_PORTAL_ID ? { portalId: env.HUBSPOT_PORTAL_ID } : {}),
    ...(o.priceLookupDelayMs !== undefined ? { priceLookupDelayMs: o.priceLookupDelayMs } : {}),
    ...(env.OPENDENTAL_DEVELOPER_KEY && env.OPENDENTAL_CUSTOMER_KEY
      ? {
          pmsWriteBack: createOpenDentalWriteBack({
            api: createOpenDentalApi({
              baseUrl: env.OPENDENTAL_API_URL,
              developerKey: env.OPENDENTAL_DEVELOPER_KEY,
              customerKey: env.OPENDENTAL_CUSTOMER_KEY,
            }),
            timeZone: config.practice.timeZone,
            appointmentOf: async (key) => (await store.reminders.get(key))?.appointmentId,
          }),
        }
      : {}),
  });
  stops.splice(stops.length - 1, 0, () => composed.close());
  handler.app = createApp({
    logger,
    routers: [
      ...composed.routers,
      ...(o.extraRouters ?? []),
      {
        path: '/',
        router: createDashboardRouter({
          store,
          practice: config.practice,
          token: env.DASHBOARD_TOKEN,
          clock: ctx.clock,
          logger,
        }),
      },
    ],
    ...(store.redis ? { checkStore: async () => (await store.redis!.ping()) === 'PONG' } : {}),
  });

  const source =
    o.openSource ??
    (env.PMS_SOURCE && env.PMS_URL
      ? () => openSource(env, config.practice, {}, ctx.cwd)
      : undefined);
  const sync = async (): Promise<void> => {
    if (!source) return;
    try {
      await syncOnce({
        openSource: source,
        client: hubspot.client,
        apiCalls: hubspot.calls,
        store,
        practice: config.practice,
        asOf: todayIn(config.practice.timeZone, ctx.clock),
        now: ctx.clock.now(),
        publicBaseUrl: baseUrl,
        linkSecret: bookingLinkSecret(env),
        logger,
        afterSync: (summary) => reconcileReminders(composed.deps, summary.appointments),
      });
    } catch (error) {
      if (error instanceof SyncBusyError) logger.info('sync skipped: another instance is syncing');
      else logger.error({ error: describeError(error) }, 'sync failed');
    }
  };
  if (o.role !== 'web') {
    composed.startWorkers({ concurrency: env.OUTREACH_CONCURRENCY });
    if (source) {
      const job = startCronJob({
        name: 'hubspot-sync',
        expression: env.SYNC_SCHEDULE,
        timeZone: config.practice.timeZone,
        idempotency: store.idempotency,
        logger,
        run: sync,
      });
      stops.unshift(() => job.stop());
    } else {
      logger.warn('no PMS_SOURCE / PMS_URL: the sync schedule is off');
    }
  }
  return {
    composed,
    ...(server ? { server } : {}),
    baseUrl,
    syncNow: () => (o.role === 'web' ? Promise.resolve() : sync()),
    async stop() {
      for (const stop of stops) await stop().catch(() => {});
    },
  };
}
