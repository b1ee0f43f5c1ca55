/**
 * Gathers single requests made close together into one batch call: the service answers HubSpot's
 * workflows one execution at a time, but HubSpot counts calls, and its batch endpoints take 100.
 * A batch goes when it is full or `maxWaitMs` after its first item, whichever comes first.
 *
 * With `maxInFlight`, at most that many batches run at once: while they wait (for the shared rate
 * limiter, or for HubSpot), new items gather, and the next batch takes all of them (up to
 * `maxSize`) the moment one finishes. Under load the batches grow on their own, so the calls per
 * item fall exactly when the budget of calls is what limits; at low load nothing waits longer.
 */
export interface BatcherOptions<I, O> {
  maxSize: number;
  maxWaitMs: number;
  /** Batches running at once (default: no limit). */
  maxInFlight?: number;
  /** Runs one batch; returns one output per item, in order (an Error in a slot fails that item). */
  run(items: I[]): Promise<(O | Error)[]>;
}

export interface Batcher<I, O> {
  submit(item: I): Promise<O>;
}

interface Pending<I, O> {
  item: I;
  resolve(o: O): void;
  reject(e: unknown): void;
}

export function createBatcher<I, O>(o: BatcherOptions<I, O>): Batcher<I, O> {
  const maxInFlight = o.maxInFlight ?? Number.POSITIVE_INFINITY;
  let pending: Pending<I, O>[] = [];
  let timer: NodeJS.Timeout | undefined;
  let inFlight = 0;
  /** The first pending item has waited its `maxWaitMs`: send as soon as a slot frees up. */
  let due = false;

  const settle = (batch: Pending<I, O>[], outputs: (O | Error)[]): void => {
    batch.forEach((b, i) => {
      const out = outputs[i];
      if (out instanceof Error) b.reject(out);
      else if (i >= outputs.length) b.reject(new Error('batch returned fewer results than items'));
      else b.resolve(out as O);
    });
  };

  const flush = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    due = true;
    while (pending.length > 0 && inFlight < maxInFlight) {
      const batch = pending.slice(0, o.maxSize);
      pending = pending.slice(batch.length);
      inFlight++;
      o.run(batch.map((b) => b.item))
        .then(
          (outputs) => settle(batch, outputs),
          (error) => batch.forEach((b) => b.reject(error)),
        )
        .finally(() => {
          inFlight--;
          // Whatever gathered meanwhile has waited at least as long as this batch took.
          if (pending.length > 0) flush();
        });
    }
    if (pending.length === 0) due = false;
  };

  return {
    submit(item) {
      return new Promise<O>((resolve, reject) => {
        pending.push({ item, resolve, reject });
        if (pending.length >= o.maxSize || due) flush();
        else if (!timer) timer = setTimeout(flush, o.maxWaitMs);
      });
    },
  };
}
