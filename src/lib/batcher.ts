/**
 * Gathers single requests made close together into one batch call: the service answers HubSpot's
 * workflows one execution at a time, but HubSpot counts calls, and its batch endpoints take 100.
 * A batch goes when it is full or `maxWaitMs` after its first item, whichever comes first.
 */
export interface BatcherOptions<I, O> {
  maxSize: number;
  maxWaitMs: number;
  /** Runs one batch; returns one output per item, in order (an Error in a slot fails that item). */
  run(items: I[]): Promise<(O | Error)[]>;
}

export interface Batcher<I, O> {
  submit(item: I): Promise<O>;
}

export function createBatcher<I, O>(o: BatcherOptions<I, O>): Batcher<I, O> {
  let pending: { item: I; resolve(o: O): void; reject(e: unknown): void }[] = [];
  let timer: NodeJS.Timeout | undefined;

  const flush = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const batch = pending;
    pending = [];
    if (batch.length === 0) return;
    o.run(batch.map((b) => b.item)).then(
      (outputs) => {
        batch.forEach((b, i) => {
          const out = outputs[i];
          if (out instanceof Error) b.reject(out);
          else if (i >= outputs.length)
            b.reject(new Error('batch returned fewer results than items'));
          else b.resolve(out as O);
        });
      },
      (error) => batch.forEach((b) => b.reject(error)),
    );
  };

  return {
    submit(item) {
      return new Promise<O>((resolve, reject) => {
        pending.push({ item, resolve, reject });
        if (pending.length >= o.maxSize) flush();
        else if (!timer) timer = setTimeout(flush, o.maxWaitMs);
      });
    },
  };
}
