import type { Command } from 'commander';
import { loadConfig, readEnvironment, requireSettings, type Environment } from '../config.ts';
import { UsageError } from '../lib/errors.ts';
import { createLogger } from '../lib/logger.ts';
import type { CliContext } from './context.ts';
import { startService, type Role } from './start-service.ts';
import { openStore } from './wiring.ts';

const ROLES = ['web', 'worker', 'all'] as const;

/** What the service cannot run without; in production nothing falls back to a development value. */
export function requiredServiceSettings(env: Environment): (keyof Environment)[] {
  return [
    'HUBSPOT_ACCESS_TOKEN',
    'HUBSPOT_CLIENT_SECRET',
    'TWILIO_ACCOUNT_SID',
    'TWILIO_AUTH_TOKEN',
    'TWILIO_MESSAGING_SERVICE_SID',
    ...(env.NODE_ENV === 'production'
      ? ([
          'REDIS_URL',
          'PUBLIC_BASE_URL',
          'BOOKING_LINK_SECRET',
          'PMS_SOURCE',
          'PMS_URL',
          'DASHBOARD_TOKEN',
        ] as const)
      : []),
  ];
}

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
      await runServe(ctx, {
        role: flags.role as Role,
        ...(flags.port ? { port: Number(flags.port) } : {}),
      });
    });
}

/** Runs the service until SIGINT or SIGTERM, then stops it in order. */
export async function runServe(ctx: CliContext, o: { role: Role; port?: number }): Promise<void> {
  // Every missing setting at once (the practice file too), before anything is read or opened.
  const env = readEnvironment(ctx.env);
  requireSettings(env, [
    ...(env.NODE_ENV === 'production' ? (['PRACTICE_CONFIG'] as const) : []),
    ...requiredServiceSettings(env),
  ]);
  const config = loadConfig(ctx.env);
  const logger = createLogger({ level: config.env.LOG_LEVEL }).child({
    role: o.role,
    pid: process.pid,
  });
  const store = await openStore(config.env, {
    require: false,
    why: 'instances share state through Redis',
  });
  const running = await startService({ config, store, logger, ctx, role: o.role, port: o.port });
  await untilSignalled();
  logger.info('stopping');
  await running.stop();
}

export function untilSignalled(): Promise<void> {
  return new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}
