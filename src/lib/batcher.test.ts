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
