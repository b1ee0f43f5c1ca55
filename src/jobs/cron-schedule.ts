import { schedule, validate, type ScheduledTask } from 'node-cron';
import type { Logger } from '../lib/logger.ts';
import type { IdempotencyStore } from '../store/idempotency.ts';
import { describeError } from '../lib/errors.ts';

export interface CronJobOptions {
  /** Names the job in logs and in the cluster-wide election key. */
  name: string;
  /** Cron expression (a leading seconds field is allowed). */
  expression: string;
  timeZone?: string;
  /** Shared store: each tick runs on exactly one instance of the cluster. */
  idempotency: IdempotencyStore;
  logger: Logger;
  run(): Promise<void>;
}

/**
 * A node-cron job that runs once per tick across every instance sharing the store: node-cron asks
 * its run coordinator before each tick, and the coordinator's answer is a claim on the tick's key
 * in Redis. `noOverlap` skips a tick while the previous run of this instance is still going.
 */
export function startCronJob(o: CronJobOptions): { stop(): Promise<void> } {
  if (!validate(o.expression))
    throw new Error(`invalid cron expression for ${o.name}: "${o.expression}"`);
  const task: ScheduledTask = schedule(
    o.expression,
    async () => {
      try {
        await o.run();
      } catch (error) {
        o.logger.error({ job: o.name, error: describeError(error) }, 'scheduled job failed');
      }
    },
    {
      name: o.name,
      noOverlap: true,
      distributed: true,
      distributedLease: 60_000,
      ...(o.timeZone ? { timezone: o.timeZone } : {}),
      runCoordinator: {
        shouldRun: (key, ttlMs) => o.idempotency.claim(`cron:${key}`, Math.max(ttlMs, 60_000)),
      },
      logger: {
        info: () => {},
        debug: () => {},
        warn: (message) => o.logger.warn({ job: o.name }, message),
        error: (message) =>
          o.logger.error({ job: o.name, error: describeError(message) }, 'cron error'),
      },
    },
  );
  return {
    async stop() {
      await task.stop();
      await task.destroy();
    },
  };
}
