import { Queue } from 'bullmq';
import { expect } from 'vitest';
import type { ManualClock } from '../../src/lib/clock.ts';
import type { OutreachHarness } from './outreach.ts';

const ACTIONS_QUEUE = 'outreach-actions';

/**
 * The workflow-action queue on a controllable clock. A deferred action is a BullMQ job delayed in
 * wall time by what the clock asked for; the clock only moves in `advanceTo`, after the queue has
 * settled, so whatever is new in the delayed set was delayed at the current clock time, and is due
 * at that time plus its delay.
 */
export interface ActionClock {
  queue: Queue;
  /** The delayed action jobs and, for each, the clock time it is due: delayed-at + its delay. */
  delayed(): Promise<Map<string, number>>;
  /** Nothing of the action queue running or waiting to run. */
  settled(): Promise<void>;
  /** Moves the clock to `iso` and runs the delayed jobs due by then (as BullMQ would in wall time). */
  advanceTo(iso: string): Promise<void>;
  close(): Promise<void>;
}

export function actionClock(
  h: OutreachHarness,
  clock: ManualClock,
  o: {
    /**
     * Also wait until every delayed job is due a minute or more later on the clock: a job that
     * lost the patient's lock to a send retries 2 s of wall time later, and must settle too.
     */
    waitForLockRetries?: boolean;
  } = {},
): ActionClock {
  const queue = new Queue(ACTIONS_QUEUE, {
    connection: h.store.redis!.duplicate(),
    prefix: `${h.store.prefix}bull`,
  });
  // When each delayed job was delayed on the clock, keyed by its place in BullMQ's delayed set (a
  // job delayed again gets a new score).
  const delayedAt = new Map<string, { score: string; at: number }>();

  async function delayed(): Promise<Map<string, number>> {
    const raw = await h.store.redis!.zrange(
      `${h.store.prefix}bull:${ACTIONS_QUEUE}:delayed`,
      0,
      -1,
      'WITHSCORES',
    );
    const out = new Map<string, number>();
    for (let i = 0; i < raw.length; i += 2) {
      const [id, score] = [raw[i]!, raw[i + 1]!];
      if (delayedAt.get(id)?.score !== score)
        delayedAt.set(id, { score, at: clock.now().getTime() });
      // `delay` is what the worker's moveToDelayed was given: the wait the clock asked for.
      const job = await queue.getJob(id);
      if (job) out.set(id, delayedAt.get(id)!.at + job.delay);
    }
    return out;
  }

  async function settled(): Promise<void> {
    await h.waitFor(async () => {
      const c = await queue.getJobCounts('waiting', 'active', 'prioritized');
      if ((c.waiting ?? 0) + (c.active ?? 0) + (c.prioritized ?? 0) > 0) return false;
      if (!o.waitForLockRetries) return true;
      const now = clock.now().getTime();
      return [...(await delayed()).values()].every((due) => due > now + 60_000);
    }, 20_000);
    await delayed();
  }

  async function advanceTo(iso: string): Promise<void> {
    const to = Date.parse(iso);
    expect(to).toBeGreaterThanOrEqual(clock.now().getTime());
    const due = await delayed();
    clock.set(iso);
    for (const [id, at] of due) if (at <= to) await (await queue.getJob(id))?.promote();
    await settled();
  }

  return { queue, delayed, settled, advanceTo, close: () => queue.close() };
}
