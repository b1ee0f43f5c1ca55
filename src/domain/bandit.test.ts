import { describe, expect, it } from 'vitest';
import { seededRandom } from '../lib/random.ts';
import {
  armOfTemplateId,
  armsForVariants,
  chooseVariant,
  posteriorSummary,
  type Arm,
  type ChooseVariantInput,
} from './bandit.ts';

const arm = (variant: string, trials = 0, successes = 0): Arm => ({ variant, trials, successes });

/** How often each variant (and each reason) comes out of `n` choices on fixed counts. */
function tally(n: number, input: Omit<ChooseVariantInput, 'random'>, seed = 1) {
  const random = seededRandom(seed);
  const variants = new Map<string, number>();
  const reasons = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const choice = chooseVariant({ ...input, random });
    variants.set(choice.variant, (variants.get(choice.variant) ?? 0) + 1);
    reasons.set(choice.reason, (reasons.get(choice.reason) ?? 0) + 1);
  }
  const share = (m: Map<string, number>, k: string) => (m.get(k) ?? 0) / n;
  return { variant: (v: string) => share(variants, v), reason: (r: string) => share(reasons, r) };
}

describe('chooseVariant', () => {
  // a is far ahead; b and c would almost never win a Thompson draw against it.
  const lopsided = [arm('a', 1000, 500), arm('b', 1000, 10), arm('c', 1000, 10)];

  it('repeats the same choices for the same seed', () => {
    const run = (seed: number) => {
      const random = seededRandom(seed);
      const arms = [arm('a', 40, 3), arm('b', 35, 4), arm('c', 10, 1)];
      return Array.from({ length: 200 }, () => chooseVariant({ arms, random }).variant).join('');
    };
    expect(run(5)).toBe(run(5));
    expect(run(5)).not.toBe(run(6));
  });

  it('keeps a floor of exploration: every arm gets about floor / arms of the choices', () => {
    const t = tally(20_000, { arms: lopsided });
    expect(t.reason('exploration')).toBeGreaterThan(0.09);
    expect(t.reason('exploration')).toBeLessThan(0.11);
    for (const v of ['b', 'c']) {
      expect(t.variant(v)).toBeGreaterThan((0.9 * 0.1) / 3);
      expect(t.variant(v)).toBeLessThan((1.1 * 0.1) / 3);
    }
    expect(t.variant('a')).toBeGreaterThan(0.92);
  });

  it.each([
    [0, 0],
    [0.3, 0.3],
    [1, 1],
  ])('explores at the floor it is given (%s)', (floor, share) => {
    const t = tally(10_000, { arms: lopsided, explorationFloor: floor });
    expect(Math.abs(t.reason('exploration') - share)).toBeLessThan(0.02);
  });

  it('without data, chooses roughly uniformly', () => {
    const t = tally(9_000, { arms: [arm('a'), arm('b'), arm('c')] });
    for (const v of ['a', 'b', 'c']) expect(Math.abs(t.variant(v) - 1 / 3)).toBeLessThan(0.03);
  });

  it('when disabled, always the first variant by letter, whatever the counts or their order', () => {
    const random = seededRandom(1);
    const arms = [arm('c', 100, 90), arm('a', 100, 1), arm('b')];
    for (let i = 0; i < 50; i++)
      expect(chooseVariant({ arms, random, enabled: false })).toEqual({
        variant: 'a',
        reason: 'disabled',
      });
  });

  it('with one variant, that one', () => {
    expect(chooseVariant({ arms: [arm('b', 3, 1)], random: seededRandom(1) })).toEqual({
      variant: 'b',
      reason: 'only-one',
    });
  });

  it('does not depend on the order the arms come in', () => {
    const arms = [arm('a', 40, 3), arm('b', 35, 4), arm('c', 10, 1)];
    const run = (list: Arm[]) => {
      const random = seededRandom(9);
      return Array.from({ length: 100 }, () => chooseVariant({ arms: list, random }).variant);
    };
    expect(run([...arms].reverse())).toEqual(run(arms));
  });

  it.each([
    ['no arms', { arms: [] }, 'no variant'],
    ['a floor above 1', { arms: [arm('a')], explorationFloor: 1.5 }, 'exploration floor'],
    ['negative counts', { arms: [arm('a'), arm('b', -1, 0)] }, 'negative'],
  ])('refuses %s', (_name, input, message) => {
    expect(() => chooseVariant({ ...input, random: seededRandom(1) })).toThrow(message);
  });
});

describe('posteriorSummary (mean and 90% credible interval)', () => {
  // Beta(1, 1 + n) has quantile 1 − (1 − p)^(1/(1 + n)); Beta(1 + n, 1) has p^(1/(1 + n)).
  it.each([
    [0, 0, 1 / 2, 0.05, 0.95],
    [10, 0, 1 / 12, 1 - 0.95 ** (1 / 11), 1 - 0.05 ** (1 / 11)],
    [10, 10, 11 / 12, 0.05 ** (1 / 11), 0.95 ** (1 / 11)],
  ])('%s trials, %s successes', (trials, successes, mean, low, high) => {
    const s = posteriorSummary({ trials, successes });
    expect(s.mean).toBeCloseTo(mean, 10);
    expect(s.low).toBeCloseTo(low, 9);
    expect(s.high).toBeCloseTo(high, 9);
  });

  it('narrows as messages accumulate at the same rate', () => {
    const widths = [100, 1000, 10_000].map((n) => {
      const s = posteriorSummary({ trials: n, successes: n * 0.06 });
      expect(s.low).toBeLessThan(s.mean);
      expect(s.high).toBeGreaterThan(s.mean);
      return s.high - s.low;
    });
    expect(widths[1]).toBeLessThan(widths[0]! / 2.5);
    expect(widths[2]).toBeLessThan(widths[1]! / 2.5);
  });

  it('treats more successes than trials (a lost trial count) as no failures', () => {
    expect(posteriorSummary({ trials: 2, successes: 3 })).toEqual(
      posteriorSummary({ trials: 3, successes: 3 }),
    );
  });
});

describe('arms and template ids', () => {
  it.each([
    ['overdue_recall.sms.b', { key: 'overdue_recall|sms', variant: 'b' }],
    ['dormant.voice.a', { key: 'dormant|voice', variant: 'a' }],
    ['unscheduled_treatment.whatsapp.c', { key: 'unscheduled_treatment|whatsapp', variant: 'c' }],
    ['reminder.1d', undefined],
    ['overdue_recall.email.a', undefined],
    ['overdue_recall.sms.automatic', undefined],
  ])('%s', (templateId, expected) => {
    expect(armOfTemplateId(templateId)).toEqual(expected);
  });

  it('aligns the counts with the variants the practice has now', () => {
    expect(armsForVariants(['b', 'a', 'c'], [arm('a', 5, 1), arm('d', 9, 2)])).toEqual([
      arm('a', 5, 1),
      arm('b'),
      arm('c'),
    ]);
  });
});
