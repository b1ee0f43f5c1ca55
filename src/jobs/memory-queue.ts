import { AppError, describeError } from '../lib/errors.ts';
import type { Clock } from '../lib/clock.ts';
import type { Logger } from '../lib/logger.ts';
import type { JobProcessor, JobQueue } from '../outreach/queue.ts';

interface Entry<T> {
  id: string;
  data: T;
  at: number;
  attempt: number;
  running: boolean;
}

/**
 * The same queue in one process, for the embedded default (no Redis): jobs in a map, a timer for
 * the next due one, the same retry and delay behaviour. Nothing survives a restart.
 */
export function createMemoryQueue<T>(o: {
  logger: Logger;
  clock?: Clock;
  attempts?: number;
  pollMs?: number;
  backoff?: { type: 'fixed' | 'exponential'; delayMs: number };
}): JobQueue<T> {
  const now = (): number => (o.clock ? o.clock.now().getTime() : Date.now());
  const jobs = new Map<string, Entry<T>>();
  let processor: JobProcessor<T> | undefined;
  let concurrency = 10;
  let running = 0;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const schedule = (): void => {
    if (closed || !processor) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(tick, o.pollMs ?? 50);
    timer.unref?.();
  };
  const tick = (): void => {
    timer = undefined;
    if (closed || !processor) return;
    const due = [...jobs.values()]
      .filter((j) => !j.running && j.at <= now())
      .sort((a, b) => a.at - b.at);
    for (const job of due) {
      if (running >= concurrency) break;
      void run(job);
    }
    schedule();
  };
  const run = async (job: Entry<T>): Promise<void> => {
    job.running = true;
    running++;
    job.attempt++;
    try {
      const result = await processor!(job.data, { attempt: job.attempt, jobId: job.id });
      if (result.kind === 'later') {
        if (result.data) job.data = result.data;
        job.at = result.at.getTime();
        job.attempt = 0;
      } else jobs.delete(job.id);
    } catch (error) {
      const permanent = error instanceof AppError && error.permanent;
      if (permanent || job.attempt >= (o.attempts ?? 12)) {
        o.logger.error({ jobId: job.id, error: describeError(error) }, 'job gave up');
        jobs.delete(job.id);
      } else {
        const base = o.backoff?.delayMs ?? 2_000;
        job.at = now() + (o.backoff?.type === 'fixed' ? base : base * 2 ** (job.attempt - 1));
      }
    } finally {
      job.running = false;
      running--;
    }
  };
  return {
    async add(id, data, options = {}) {
      if (jobs.has(id)) return;
      jobs.set(id, { id, data, at: options.at?.getTime() ?? now(), attempt: 0, running: false });
      schedule();
    },
    async remove(id) {
      const job = jobs.get(id);
      if (!job || job.running) return undefined;
      jobs.delete(id);
      return job.data;
    },
    process(p, options = {}) {
      processor = p;
      concurrency = options.concurrency ?? 10;
      schedule();
    },
    async backlog() {
      return jobs.size;
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
    },
  };
}
