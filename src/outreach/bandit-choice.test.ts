import { describe, expect, it } from 'vitest';
import { seededRandom } from '../lib/random.ts';
import { createMemoryStore } from '../store/store.ts';
import { chooseAutomaticVariant } from './bandit-choice.ts';

async function storeWithCounts() {
  const store = createMemoryStore({});
  const key = 'no_show|sms';
  for (let i = 0; i < 400; i++) {
    await store.bandit.recordTrial(key, i % 2 ? 'a' : 'd');
    if (i % 4 === 1) await store.bandit.recordSuccess(key, 'a'); // a books half the time
    if (i % 4 === 0) await store.bandit.recordSuccess(key, 'd'); // so does d, which was removed
  }
  for (let i = 0; i < 200; i++) await store.bandit.recordTrial(key, 'b'); // b never books
  return store;
}

describe('chooseAutomaticVariant', () => {
  it('learns from the stored counts, offers a new variant, never a removed one', async () => {
    const store = await storeWithCounts();
    const random = seededRandom(4);
    const counts = new Map<string, number>();
    for (let i = 0; i < 2000; i++) {
      const { variant } = await chooseAutomaticVariant(store, {
        segment: 'no_show',
        channel: 'sms',
        variants: ['a', 'b', 'c'],
        random,
      });
      counts.set(variant, (counts.get(variant) ?? 0) + 1);
    }
    expect(counts.has('d')).toBe(false);
    // c has no data: its Beta(1, 1) draw beats a's Beta(101, 101) about half the time.
    expect(counts.get('c')! / 2000).toBeGreaterThan(0.35);
    expect(counts.get('a')! / 2000).toBeGreaterThan(0.35);
    // b only through the exploration floor (about 0.1 / 3).
    expect(counts.get('b')! / 2000).toBeLessThan(0.05);
    expect(counts.get('b')! / 2000).toBeGreaterThan(0.02);
  });

  it('when disabled, the first letter', async () => {
    const store = await storeWithCounts();
    expect(
      await chooseAutomaticVariant(store, {
        segment: 'no_show',
        channel: 'sms',
        variants: ['c', 'b'],
        random: seededRandom(1),
        enabled: false,
      }),
    ).toEqual({ variant: 'b', reason: 'disabled' });
  });
});
