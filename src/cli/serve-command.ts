import type { Server } from 'node:http';
import type { Command } from 'commander';
import { loadConfig, requireSettings, type Config } from '../config.ts';
import { SyncBusyError } from '../crm/sync/run-sync.ts';
import { startCronJob } from '../jobs/cron-schedule.ts';
import { syncOnce } from '../jobs/sync-job.ts';
import { mathRandom } from '../lib/random.ts';
import { UsageError, describeError } from '../lib/errors.ts';
import { createLogger, type Logger } from '../lib/logger.ts';
import { createTwilioClient } from '../messaging/twilio-client.ts';
import { reconcileReminders } from '../outreach/reminder-schedule.ts';
import { createOpenDentalApi } from '../pms/opendental-api/client.ts';
import { createOpenDentalWriteBack } from '../pms/opendental-api/write-back.ts';
import { createApp } from '../server/app.ts';
import type { Store } from '../store/store.ts';
import { composeService, type ComposedService } from './compose-service.ts';
import type { CliContext } from './context.ts';
import { todayIn } from './today.ts';
import { bookingLinkSecret, openHubSpot, openSource, openStore, publicBaseUrl } from './wiring.ts';

const ROLES = ['web', 'worker', 'all'] as const;

/**
 * `reactivate serve`: the service. `web` answers HTTP (stateless: any number behind a load
 * balancer); `worker` runs the queues and the sync schedule; `all` both. Every instance shares
 * Redis: BullMQ spreads the jobs, each schedule tick runs on one instance.
 */
export function registerServe(program: Command, ctx: CliContext): void {
  program
    .command('serve')
    .description('run the service: web doors, workers and the sync schedule')
    .option('--role <role>', 'web | worker | all', 'all')
    .option('--port <port>', 'HTTP port (default: PORT)')
    .action(async (flags: { role: string; port?: string }) => {
      if (!(ROLES as readonly string[]).includes(flags.role))
        throw new UsageError(`unknown role "${flags.role}" (expected ${ROLES.join(', ')})`);
      const config = loadConfig(ctx.env);
      requireSettings(config.env, [
        'HUBSPOT_ACCESS_TOKEN',
        'HUBSPOT_CLIENT_SECRET',
        'TWILIO_ACCOUNT_SID',
        'TWILIO_AUTH_TOKEN',
        'TWILIO_MESSAGING_SERVICE_SID',
        ...(config.env.NODE_ENV === 'production'
          ? ([
              'REDIS_URL',
              'PUBLIC_BASE_URL',
              'BOOKING_LINK_SECRET',
              'PMS_SOURCE',
              'PMS_URL',
            ] as const)
          : []),
      ]);
      const logger = createLogger({ level: config.env.LOG_LEVEL }).child({
        role: flags.role,
        pid: process.pid,
      });
      const store = await openStore(config.env, {
        require: false,
        why: 'instances share state through Redis',
      });
      const running = await startService({
        config,
        store,
        logger,
        ctx,
        role: flags.role as (typeof ROLES)[number],
        ...(flags.port ? { port: Number(flags.port) } : {}),
      });
      await new Promise<void>((done) => {
        process.once('SIGINT', done);
        process.once('SIGTERM', done);
      });
      logger.info('stopping');
      await running.stop();
    });
}

export interface RunningService {
  composed: ComposedService;
  server?: Server;
  stop(): Promise<void>;
}

/** Starts the parts of the service a role runs; `stop` takes them down in order. */
export async function startService(o: {
  config: Config;
  store: Store;
  logger: Logger;
  ctx: CliContext;
  role: 'web' | 'worker' | 'all';
  port?: number;
}): Promise<RunningService> {
  const { config, store, logger, ctx } = o;
  const env = config.env;
  const hubspot = openHubSpot(env, store, logger);
  const twilio = createTwilioClient({
    accountSid: env.TWILIO_ACCOUNT_SID!,
    authToken: env.TWILIO_AUTH_TOKEN!,
    ...(env.TWILIO_API_BASE_URL ? { apiBaseUrl: env.TWILIO_API_BASE_URL } : {}),
  });
  const writeBackApi =
    env.OPENDENTAL_DEVELOPER_KEY && env.OPENDENTAL_CUSTOMER_KEY
      ? createOpenDentalApi({
          baseUrl: env.OPENDENTAL_API_URL,
          developerKey: env.OPENDENTAL_DEVELOPER_KEY,
          customerKey: env.OPENDENTAL_CUSTOMER_KEY,
        })
      : undefined;
  const composed = composeService({
    practice: config.practice,
    store,
    logger,
    clock: ctx.clock,
    random: mathRandom,
    hubspot: hubspot.client,
    twilio,
    messagingServiceSid: env.TWILIO_MESSAGING_SERVICE_SID!,
    voiceFrom: env.TWILIO_VOICE_NUMBER ?? config.practice.locations[0]!.phone,
    publicBaseUrl: publicBaseUrl(env),
    linkSecret: bookingLinkSecret(env),
    hubspotClientSecret: env.HUBSPOT_CLIENT_SECRET!,
    twilioAuthToken: env.TWILIO_AUTH_TOKEN!,
    ...(env.HUBSPOT_PORTAL_ID ? { portalId: env.HUBSPOT_PORTAL_ID } : {}),
    ...(writeBackApi
      ? {
          pmsWriteBack: createOpenDentalWriteBack({
            api: writeBackApi,
            timeZone: config.practice.timeZone,
            appointmentOf: async (key) => (await store.reminders.get(key))?.appointmentId,
          }),
        }
      : {}),
  });
  const stops: (() => Promise<void>)[] = [() => composed.close(), () => store.close()];
  let server: Server | undefined;
  if (o.role !== 'worker') {
    const app = createApp({
      logger,
      routers: composed.routers,
      ...(store.redis ? { checkStore: async () => (await store.redis!.ping()) === 'PONG' } : {}),
    });
    const port = o.port ?? env.PORT;
    server = await new Promise<Server>((ready) => {
      const s = app.listen(port, () => ready(s));
    });
    const address = server.address();
    logger.info(
      { port: typeof address === 'object' && address ? address.port : port },
      'listening',
    );
    stops.unshift(() => new Promise<void>((done) => server!.close(() => done())));
  }
  if (o.role !== 'web') {
    composed.startWorkers({ concurrency: env.OUTREACH_CONCURRENCY });
    if (env.PMS_SOURCE && env.PMS_URL) {
      const job = startCronJob({
        name: 'hubspot-sync',
        expression: env.SYNC_SCHEDULE,
        timeZone: config.practice.timeZone,
        idempotency: store.idempotency,
        logger,
        run: async () => {
          try {
            await syncOnce({
              openSource: () => openSource(env, config.practice, {}, ctx.cwd),
              client: hubspot.client,
              apiCalls: hubspot.calls,
              store,
              practice: config.practice,
              asOf: todayIn(config.practice.timeZone, ctx.clock),
              now: ctx.clock.now(),
              publicBaseUrl: publicBaseUrl(env),
              linkSecret: bookingLinkSecret(env),
              logger,
              afterSync: (summary) => reconcileReminders(composed.deps, summary.appointments),
            });
          } catch (error) {
            if (error instanceof SyncBusyError)
              logger.info('sync skipped: another instance is syncing');
            else logger.error({ error: describeError(error) }, 'sync failed');
          }
        },
      });
      stops.unshift(() => job.stop());
    } else {
      logger.warn('no PMS_SOURCE / PMS_URL: the sync schedule is off');
    }
  }
  return {
    composed,
    ...(server ? { server } : {}),
    async stop() {
      for (const stop of stops) await stop().catch(() => {});
    },
  };
}
