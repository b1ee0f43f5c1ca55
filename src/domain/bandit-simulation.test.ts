import { describe, expect, it } from 'vitest';
import { chance, seededRandom } from '../lib/random.ts';
import { chooseVariant, type Arm } from './bandit.ts';

/**
 * The bandit on simulated patients: three variants whose true booking rates are 4%, 9% and 6%;
 * each message's variant is chosen on the counts so far, and whether it books is drawn from the
 * true rate. The best variant is `b`, neither the first letter (the tie-break) nor the last.
 */
const TRUE_RATES: Record<string, number> = { a: 0.04, b: 0.09, c: 0.06 };
const MESSAGES = 5_000;
const LAST = 1_000;

function simulate(seed: number) {
  const choices = seededRandom(seed);
  const outcomes = seededRandom(seed + 1_000_003);
  const arms: Arm[] = Object.keys(TRUE_RATES).map((variant) => ({
    variant,
    trials: 0,
    successes: 0,
  }));
  const lastChoices = new Map<string, number>();
  let bookings = 0;
  for (let i = 0; i < MESSAGES; i++) {
    const { variant } = chooseVariant({ arms, random: choices });
    const chosen = arms.find((a) => a.variant === variant)!;
    chosen.trials++;
    if (chance(outcomes, TRUE_RATES[variant]!)) {
      chosen.successes++;
      bookings++;
    }
    if (i >= MESSAGES - LAST) lastChoices.set(variant, (lastChoices.get(variant) ?? 0) + 1);
  }
  return { arms, lastChoices, bookings };
}

describe('Thompson sampling converges on the best variant', () => {
  const rates = Object.values(TRUE_RATES);
  const uniformExpected = (MESSAGES * rates.reduce((s, r) => s + r, 0)) / rates.length;
  const bestExpected = MESSAGES * Math.max(...rates);

  it.each([1, 2024, 777_777])('seed %s', (seed) => {
    const { arms, lastChoices, bookings } = simulate(seed);
    console.log(
      `seed ${seed}: allocation ${arms.map((a) => `${a.variant} ${a.trials} (${a.successes} booked)`).join(', ')}; ` +
        `last ${LAST}: ${[...lastChoices]
          .sort()
          .map(([v, n]) => `${v} ${n}`)
          .join(', ')}; ` +
        `bookings ${bookings} vs uniform ${uniformExpected.toFixed(0)} expected, best-only ${bestExpected.toFixed(0)}`,
    );
    expect((lastChoices.get('b') ?? 0) / LAST).toBeGreaterThan(0.6);
    expect(bookings).toBeGreaterThan(uniformExpected);
  });
});
