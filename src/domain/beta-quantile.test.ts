import { describe, expect, it } from 'vitest';
import { betaCdf, betaQuantile, logGamma } from './beta-quantile.ts';

describe('logGamma', () => {
  it.each([
    [1, 0],
    [2, 0],
    [0.5, Math.log(Math.sqrt(Math.PI))],
    [5, Math.log(24)],
    [10.5, Math.log(1133278.3889487856)],
    [0.1, Math.log(9.513507698668732)],
  ])('ln Γ(%s)', (x, expected) => {
    expect(logGamma(x)).toBeCloseTo(expected, 10);
  });
});

// Closed forms: Beta(a, 1) has CDF x^a; Beta(1, b) has CDF 1 − (1 − x)^b;
// Beta(½, ½) (arcsine) has quantile sin²(πp/2).
describe('betaQuantile against closed forms', () => {
  it.each([
    ['Beta(1, 1)', 1, 1, (p: number) => p],
    ['Beta(3, 1)', 3, 1, (p: number) => p ** (1 / 3)],
    ['Beta(1, 11)', 1, 11, (p: number) => 1 - (1 - p) ** (1 / 11)],
    ['Beta(1, 2000)', 1, 2000, (p: number) => 1 - (1 - p) ** (1 / 2000)],
    ['Beta(½, ½)', 0.5, 0.5, (p: number) => Math.sin((Math.PI * p) / 2) ** 2],
  ])('%s', (_name, a, b, quantile) => {
    for (const p of [0.01, 0.05, 0.5, 0.95, 0.99]) {
      expect(betaQuantile(p, a, b)).toBeCloseTo(quantile(p), 9);
      expect(betaCdf(quantile(p), a, b)).toBeCloseTo(p, 9);
    }
  });

  it('is symmetric: q_p(a, b) = 1 − q_{1−p}(b, a)', () => {
    expect(betaQuantile(0.05, 7, 93)).toBeCloseTo(1 - betaQuantile(0.95, 93, 7), 10);
  });

  it('stays accurate for large counts (100,000 trials)', () => {
    // Normal approximation: mean 0.05, sd √(pq/n) ≈ 0.000689; 1.645 sd either side.
    const low = betaQuantile(0.05, 1 + 5000, 1 + 95000);
    const high = betaQuantile(0.95, 1 + 5000, 1 + 95000);
    expect(low).toBeCloseTo(0.05 - 1.645 * 0.000689, 4);
    expect(high).toBeCloseTo(0.05 + 1.645 * 0.000689, 4);
  });

  it('refuses a probability outside [0, 1] and shapes that are not positive', () => {
    expect(() => betaQuantile(1.2, 1, 1)).toThrow('probability');
    expect(() => betaQuantile(0.5, 0, 1)).toThrow('positive');
  });
});
