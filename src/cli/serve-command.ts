import type { Server } from 'node:http';
import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { startCronJob } from '../jobs/cron-schedule.ts';
import { SyncBusyError } from '../crm/sync/run-sync.ts';
import { syncOnce } from '../jobs/sync-job.ts';
import { UsageError, describeError } from '../lib/errors.ts';
import { createLogger } from '../lib/logger.ts';
import { createApp } from '../server/app.ts';
import type { CliContext } from './context.ts';
import { todayIn } from './today.ts';
import { bookingLinkSecret, openHubSpot, openSource, openStore, publicBaseUrl } from './wiring.ts';

const ROLES = ['web', 'worker', 'all'] as const;

/**
 * `reactivate serve`: the service. `web` answers HTTP (stateless: any number behind a load
 * balancer), `worker` runs the schedules and queues, `all` both. Every instance shares Redis.
 */
export function registerServe(program: Command, ctx: CliContext): void {
  program
    .command('serve')
    .description('run the service: web server, sync schedule and workers')
    .option('--role <role>', 'web | worker | all', 'all')
    .option('--port <port>', 'HTTP port (default: PORT)')
    .action(async (flags: { role: string; port?: string }) => {
      if (!(ROLES as readonly string[]).includes(flags.role))
        throw new UsageError(`unknown role "${flags.role}" (expected ${ROLES.join(', ')})`);
      const config = loadConfig(ctx.env);
      const env = config.env;
      const logger = createLogger({ level: env.LOG_LEVEL }).child({
        role: flags.role,
        pid: process.pid,
      });
      const store = await openStore(env, {
        require: false,
        why: 'instances share state through Redis',
      });
      const stops: (() => Promise<void>)[] = [() => store.close()];
      let server: Server | undefined;
      if (flags.role !== 'worker') {
        const app = createApp({
          logger,
          ...(store.redis
            ? { checkStore: async () => (await store.redis!.ping()) === 'PONG' }
            : {}),
        });
        const port = flags.port ? Number(flags.port) : env.PORT;
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
      if (flags.role !== 'web' && env.HUBSPOT_ACCESS_TOKEN && env.PMS_SOURCE) {
        const hubspot = openHubSpot(env, store, logger);
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
              });
            } catch (error) {
              if (error instanceof SyncBusyError)
                logger.info('sync skipped: another instance is syncing');
              else logger.error({ error: describeError(error) }, 'sync failed');
            }
          },
        });
        stops.unshift(() => job.stop());
      } else if (flags.role !== 'web') {
        logger.warn('no HUBSPOT_ACCESS_TOKEN or PMS_SOURCE: the sync schedule is off');
      }
      await new Promise<void>((done) => {
        process.once('SIGINT', done);
        process.once('SIGTERM', done);
      });
      logger.info('stopping');
      for (const stop of stops) await stop().catch(() => {});
    });
}
