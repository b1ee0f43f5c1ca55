import { ValidationError } from '../lib/errors.ts';
import type { Random } from '../lib/random.ts';

/**
 * Draws from the standard normal, Gamma and Beta distributions with nothing but the seeded
 * uniform `Random`, so a seed reproduces a bandit run exactly and no `Math.random` hides in the
 * choice of a message. Written here rather than taken from npm: @stdlib/random-base-beta accepts
 * an injected generator but brings a tree of @stdlib packages, and jStat's samplers read one
 * module-wide generator (`jStat.setRandom`) instead of one passed per call; the algorithms below
 * are forty lines of textbook.
 */

/** A uniform draw in (0, 1]: `Random.next()` may return 0, whose logarithm is -Infinity. */
function openUniform(random: Random): number {
  return 1 - random.next();
}

/** A standard normal draw (Box–Muller; the second value of the pair is dropped to stay stateless). */
export function sampleStandardNormal(random: Random): number {
  const u1 = openUniform(random);
  const u2 = random.next();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/**
 * The natural logarithm of a Gamma(shape, 1) draw. Marsaglia–Tsang (2000) for shape ≥ 1; for
 * shape < 1 the boost Gamma(shape) = Gamma(shape + 1) · U^(1/shape), kept in log space because
 * U^(1/shape) underflows to 0 for small shapes (shape 0.01 gives 0 about half the time in doubles).
 */
export function sampleLogGamma(random: Random, shape: number): number {
  if (!(shape > 0) || !Number.isFinite(shape))
    throw new ValidationError(`Gamma shape must be positive, got ${shape}`);
  if (shape < 1) return sampleLogGamma(random, shape + 1) + Math.log(openUniform(random)) / shape;
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = sampleStandardNormal(random);
    const t = 1 + c * x;
    if (t <= 0) continue;
    const v = t * t * t;
    const u = openUniform(random);
    // The cheap squeeze accepts ~98% of draws before the exact test needs its logarithms.
    if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v)))
      return Math.log(d) + Math.log(v);
  }
}

/** A Gamma(shape, 1) draw. */
export function sampleGamma(random: Random, shape: number): number {
  return Math.exp(sampleLogGamma(random, shape));
}

/**
 * A Beta(alpha, beta) draw as X / (X + Y) with X ~ Gamma(alpha), Y ~ Gamma(beta), computed as
 * 1 / (1 + e^(log Y − log X)) so that two underflowing Gammas (tiny shapes) still give a number.
 */
export function sampleBeta(random: Random, alpha: number, beta: number): number {
  const logX = sampleLogGamma(random, alpha);
  const logY = sampleLogGamma(random, beta);
  return 1 / (1 + Math.exp(logY - logX));
}
