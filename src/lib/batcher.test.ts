import { describe, expect, it } from 'vitest';
import { createBatcher } from './batcher.ts';

describe('the batcher', () => {
  it('sends a full batch at once and the rest after the wait, each caller getting its own result', async () => {
    const batches: number[][] = [];
    const b = createBatcher<number, number>({
      maxSize: 3,
      maxWaitMs: 20,
      run: async (items) => (batches.push(items), items.map((i) => i * 10)),
    });
    const results = await Promise.all([1, 2, 3, 4, 5].map((i) => b.submit(i)));
    expect(results).toEqual([10, 20, 30, 40, 50]);
    expect(batches).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
  });

  it('fails only the items the batch says failed, or all when the call fails', async () => {
    const one = createBatcher<number, number>({
      maxSize: 10,
      maxWaitMs: 5,
      run: async (items) => items.map((i) => (i === 2 ? new Error('two') : i)),
    });
    const outcomes = await Promise.allSettled([1, 2, 3].map((i) => one.submit(i)));
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const all = createBatcher<number, number>({
      maxSize: 10,
      maxWaitMs: 5,
      run: async () => Promise.reject(new Error('down')),
    });
    await expect(all.submit(1)).rejects.toThrow('down');
  });
});

describe('the batcher with batches in flight limited', () => {
  it('gathers what arrives while a batch runs into the next one, and waits no longer when idle', async () => {
    const batches: number[][] = [];
    let release: () => void = () => {};
    const b = createBatcher<number, number>({
      maxSize: 100,
      maxWaitMs: 5,
      maxInFlight: 1,
      run: async (items) => {
        batches.push(items);
        if (batches.length === 1) await new Promise<void>((r) => (release = r));
        return items;
      },
    });
    const first = b.submit(1);
    await new Promise((r) => setTimeout(r, 20)); // the first batch is running, blocked
    const later = [2, 3, 4, 5, 6].map((i) => b.submit(i));
    await new Promise((r) => setTimeout(r, 20));
    expect(batches).toEqual([[1]]); // nothing more while the only slot is taken
    release();
    expect(await Promise.all([first, ...later])).toEqual([1, 2, 3, 4, 5, 6]);
    expect(batches).toEqual([[1], [2, 3, 4, 5, 6]]);
    // Idle again: a lone item goes after maxWaitMs, as before.
    const started = Date.now();
    expect(await b.submit(7)).toBe(7);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(batches.at(-1)).toEqual([7]);
  });

  it('cuts a backlog larger than a batch into full batches', async () => {
    const sizes: number[] = [];
    const b = createBatcher<number, number>({
      maxSize: 3,
      maxWaitMs: 5,
      maxInFlight: 1,
      run: async (items) => (sizes.push(items.length), items),
    });
    await Promise.all([...Array(8).keys()].map((i) => b.submit(i)));
    expect(sizes).toEqual([3, 3, 2]);
  });
});
