import type { Clock } from '../../lib/clock.ts';

interface Pending {
  id: number;
  dueAt: number;
  key: string;
  run: () => Promise<void>;
}

/**
 * The sandbox's timeline: steps of a message's or call's life, each due at a time of the
 * injected clock. With `autoAdvance` a real timer runs steps as they fall due (the system
 * clock); otherwise the test moves its clock and calls `runDue()`, or `flush()` to run every
 * pending step now. Steps run one at a time, in due order, each awaited (a callback's POST
 * included), so what a test observes after `flush()` is complete.
 */
export class Scheduler {
  private pending: Pending[] = [];
  private nextId = 1;
  private chain: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly clock: Clock,
    private readonly autoAdvance: boolean,
  ) {}

  schedule(key: string, dueAt: number, run: () => Promise<void>): void {
    this.pending.push({ id: this.nextId++, dueAt, key, run });
    this.arm();
  }

  /** Drops the steps still pending for `key` (a test takes over that message or call). */
  cancel(key: string): void {
    this.pending = this.pending.filter((step) => step.key !== key);
    this.arm();
  }

  pendingFor(key: string): number {
    return this.pending.filter((step) => step.key === key).length;
  }

  get size(): number {
    return this.pending.length;
  }

  /** Runs every step due at the clock's current time. */
  runDue(): Promise<void> {
    return this.serialize(() => this.drain(false));
  }

  /** Runs every pending step now, including those its steps schedule, until nothing is left. */
  flush(): Promise<void> {
    return this.serialize(() => this.drain(true));
  }

  /** Waits for whatever is running, then stops the timer for good. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.pending = [];
    await this.chain;
  }

  private serialize(work: () => Promise<void>): Promise<void> {
    const next = this.chain.then(work);
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async drain(all: boolean): Promise<void> {
    for (;;) {
      const index = this.nextIndex(all ? Infinity : this.clock.now().getTime());
      if (index < 0 || this.stopped) break;
      const [ready] = this.pending.splice(index, 1);
      await ready!.run();
    }
    this.arm();
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.autoAdvance || this.stopped || this.pending.length === 0) return;
    const earliest = this.pending[this.nextIndex(Infinity)]!.dueAt;
    const delay = Math.min(Math.max(0, earliest - this.clock.now().getTime()), 2 ** 31 - 1);
    this.timer = setTimeout(() => void this.runDue(), delay);
    this.timer.unref();
  }

  /**
   * Where the step to run next is: the earliest due by `until`, the first scheduled among equals;
   * -1 when none is. One pass, no copy: a bench keeps tens of thousands of steps pending, and
   * sorting them for every step made the sandbox the slowest part of the run.
   */
  private nextIndex(until: number): number {
    let best = -1;
    for (let i = 0; i < this.pending.length; i++) {
      const step = this.pending[i]!;
      if (step.dueAt > until) continue;
      const chosen = this.pending[best];
      if (
        !chosen ||
        step.dueAt < chosen.dueAt ||
        (step.dueAt === chosen.dueAt && step.id < chosen.id)
      )
        best = i;
    }
    return best;
  }
}
