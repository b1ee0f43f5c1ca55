import { DelayedError, Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { AppError, describeError } from '../lib/errors.ts';
import type { Clock } from '../lib/clock.ts';
import type { Logger } from '../lib/logger.ts';
import type { JobProcessor, JobQueue } from '../outreach/queue.ts';

export interface BullQueueOptions {
  name: string;
  redis: Redis;
  /** Redis key prefix (BullMQ keeps its keys under it). */
  prefix: string;
  logger: Logger;
  /** Tries before a job that keeps failing for temporary reasons gives up. */
  attempts?: number;
  /** The service's clock: a `later` time is turned into a delay from it (tests move it). */
  clock?: Clock;
  /** Exponential from 2 s by default; `fixed` retries at a steady pace (for must-land writes). */
  backoff?: { type: 'fixed' | 'exponential'; delayMs: number };
}

/**
 * The outreach queue on BullMQ: jobs survive restarts, any number of workers share them, a job id
 * is added once. A processor that asks for `later` moves its job to the delayed set (quiet hours,
 * caps); a temporary error retries with exponential backoff; a permanent one fails the job at once.
 */
export function createBullQueue<T>(o: BullQueueOptions): JobQueue<T> {
  // BullMQ blocks on its worker connection: it needs its own, with no retry limit per command.
  const connection = o.redis.duplicate({ maxRetriesPerRequest: null });
  const bullPrefix = `${o.prefix}bull`;
  const queue = new Queue(o.name, { connection, prefix: bullPrefix });
  const workers: Worker[] = [];
  const workerConnections: Redis[] = [];
  // BullMQ reserves ':' in job ids (its key separator); ids keep their meaning with it escaped.
  const jobId = (id: string): string => id.replace(/%/g, '%25').replace(/:/g, '%3A');
  const delayUntil = (at: Date): number =>
    Date.now() + Math.max(0, at.getTime() - (o.clock ? o.clock.now().getTime() : Date.now()));
  return {
    async add(id, data, options = {}) {
      const delay = options.at ? delayUntil(options.at) - Date.now() : 0;
      await queue.add(o.name, data, {
        jobId: jobId(id),
        delay,
        attempts: o.attempts ?? 12,
        backoff: { type: o.backoff?.type ?? 'exponential', delay: o.backoff?.delayMs ?? 2_000 },
        removeOnComplete: { age: 86_400, count: 10_000 },
        removeOnFail: { age: 14 * 86_400 },
      });
    },
    async remove(id) {
      const job = await queue.getJob(jobId(id));
      if (!job) return undefined;
      const state = await job.getState();
      if (state !== 'delayed' && state !== 'waiting' && state !== 'prioritized') return undefined;
      await job.remove();
      return job.data as T;
    },
    process(processor: JobProcessor<T>, options = {}) {
      const workerConnection = (): Redis => {
        const c = connection.duplicate({ maxRetriesPerRequest: null });
        workerConnections.push(c);
        return c;
      };
      const worker = new Worker(
        o.name,
        async (job: Job, token?: string) => {
          try {
            const result = await processor(job.data as T, {
              attempt: job.attemptsMade + 1,
              jobId: job.id!,
            });
            if (result.kind === 'later') {
              if (result.data) await job.updateData(result.data);
              await job.moveToDelayed(delayUntil(result.at), token);
              throw new DelayedError();
            }
          } catch (error) {
            if (error instanceof DelayedError) throw error;
            if (error instanceof AppError && error.permanent)
              throw new UnrecoverableError(error.message);
            o.logger.warn(
              { jobId: job.id, attempt: job.attemptsMade + 1, error: describeError(error) },
              'job failed; it will be retried',
            );
            throw error;
          }
        },
        {
          connection: workerConnection(),
          prefix: bullPrefix,
          concurrency: options.concurrency ?? 20,
        },
      );
      worker.on('failed', (job, error) => {
        if (
          job &&
          (error instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1))
        ) {
          o.logger.error({ jobId: job.id, error: describeError(error) }, 'job gave up');
        }
      });
      worker.on('error', (error) =>
        o.logger.error({ error: describeError(error) }, 'worker error'),
      );
      workers.push(worker);
    },
    async backlog() {
      const counts = await queue.getJobCounts('waiting', 'delayed', 'active', 'prioritized');
      return (
        (counts.waiting ?? 0) +
        (counts.delayed ?? 0) +
        (counts.active ?? 0) +
        (counts.prioritized ?? 0)
      );
    },
    async close() {
      await Promise.all(workers.map((w) => w.close()));
      await queue.close();
      for (const c of workerConnections) c.disconnect();
      connection.disconnect();
    },
  };
}
