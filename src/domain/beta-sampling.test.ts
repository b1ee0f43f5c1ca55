import { describe, expect, it } from 'vitest';
import { seededRandom } from '../lib/random.ts';
import { sampleBeta, sampleGamma, sampleStandardNormal } from './beta-sampling.ts';

const N = 20_000;

function moments(values: number[]): { mean: number; variance: number } {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1);
  return { mean, variance };
}

/**
 * Tolerances are five standard errors of the estimators: σ/√n for the mean and
 * σ²·√((excess kurtosis + 2)/n) for the variance, so a skewed shape gets the slack it needs and
 * no more.
 */
function expectMoments(
  values: number[],
  expected: { mean: number; variance: number; excessKurtosis: number },
): void {
  const { mean, variance } = moments(values);
  const n = values.length;
  expect(Math.abs(mean - expected.mean)).toBeLessThan(5 * Math.sqrt(expected.variance / n));
  expect(Math.abs(variance - expected.variance)).toBeLessThan(
    5 * expected.variance * Math.sqrt((expected.excessKurtosis + 2) / n),
  );
}

function draws(n: number, draw: () => number): number[] {
  return Array.from({ length: n }, draw);
}

describe('standard normal (Box–Muller)', () => {
  it('has mean 0 and variance 1', () => {
    const random = seededRandom(7);
    expectMoments(
      draws(N, () => sampleStandardNormal(random)),
      { mean: 0, variance: 1, excessKurtosis: 0 },
    );
  });
});

describe('Gamma(shape) (Marsaglia–Tsang, boosted below 1)', () => {
  it.each([0.3, 0.5, 1, 2.5, 10, 100])('shape %s: mean = variance = shape', (shape) => {
    const random = seededRandom(11);
    expectMoments(
      draws(N, () => sampleGamma(random, shape)),
      { mean: shape, variance: shape, excessKurtosis: 6 / shape },
    );
  });

  it('refuses a shape that is not positive', () => {
    expect(() => sampleGamma(seededRandom(1), 0)).toThrow('positive');
    expect(() => sampleGamma(seededRandom(1), -1)).toThrow('positive');
  });
});

describe('Beta(α, β) = X / (X + Y)', () => {
  it.each([
    [1, 1],
    [0.5, 0.5],
    [0.1, 0.1],
    [0.3, 2],
    [2, 0.3],
    [3, 7],
    [5, 95],
    [50, 950],
  ])('Beta(%s, %s): mean and variance over 20,000 draws', (a, b) => {
    const random = seededRandom(Math.round(a * 1000 + b));
    const s = a + b;
    const excessKurtosis =
      (6 * ((a - b) ** 2 * (s + 1) - a * b * (s + 2))) / (a * b * (s + 2) * (s + 3));
    const values = draws(N, () => sampleBeta(random, a, b));
    expect(values.every((v) => v >= 0 && v <= 1)).toBe(true);
    expectMoments(values, {
      mean: a / s,
      variance: (a * b) / (s * s * (s + 1)),
      excessKurtosis,
    });
  });

  it('stays a number for tiny shapes, where both Gammas underflow to 0', () => {
    const random = seededRandom(3);
    const values = draws(N, () => sampleBeta(random, 0.01, 0.01));
    expect(values.every((v) => Number.isFinite(v) && v >= 0 && v <= 1)).toBe(true);
    // Beta(0.01, 0.01) piles up at the two ends, half at each.
    const low = values.filter((v) => v < 0.01).length / N;
    const high = values.filter((v) => v > 0.99).length / N;
    expect(low).toBeGreaterThan(0.45);
    expect(high).toBeGreaterThan(0.45);
  });

  it('repeats itself for a seed, and differs for another', () => {
    const run = (seed: number) => {
      const random = seededRandom(seed);
      return draws(50, () => sampleBeta(random, 2, 30));
    };
    expect(run(42)).toEqual(run(42));
    expect(run(42)).not.toEqual(run(43));
  });
});
