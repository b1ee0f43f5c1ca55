/**
 * The job queue the outreach use cases run on: BullMQ on Redis in production (src/jobs), an
 * in-memory queue for the embedded default. A job is keyed by an id the caller chooses (a
 * callbackId), so adding the same job twice runs it once.
 */
export type JobResult<T> = { kind: 'done' } | { kind: 'later'; at: Date; data?: T };

/** What a processor does with a job. Throw a temporary AppError to retry with backoff. */
export type JobProcessor<T> = (
  data: T,
  info: { attempt: number; jobId: string },
) => Promise<JobResult<T>>;

export interface JobQueue<T> {
  /** Adds a job unless one with this id exists; `at` delays it. */
  add(id: string, data: T, options?: { at?: Date }): Promise<void>;
  /** Removes a job that has not started (an opt-out cancels what was queued); returns its data. */
  remove(id: string): Promise<T | undefined>;
  /** Starts processing in this process (a worker role). */
  process(processor: JobProcessor<T>, options?: { concurrency?: number }): void;
  /** Jobs waiting or delayed (metrics, tests). */
  backlog(): Promise<number>;
  close(): Promise<void>;
}
