import { ValidationError } from '../lib/errors.ts';
import { chance, randomInt, type Random } from '../lib/random.ts';
import { betaQuantile } from './beta-quantile.ts';
import { sampleBeta } from './beta-sampling.ts';
import { TEMPLATE_CHANNELS, TEMPLATE_SEGMENTS } from './templates/template-schema.ts';

/**
 * Which template variant an "automatic" message uses: Thompson sampling over the variants of one
 * segment × channel, the reward being a booking within 14 days of the message. Each variant's
 * booking rate has a Beta(1 + successes, 1 + failures) posterior (a uniform prior); one draw per
 * variant, the highest wins, so a variant is chosen as often as it is likely to be the best.
 */

/** One variant's counts: messages chosen automatically with it, and the bookings they earned. */
export interface Arm {
  variant: string;
  trials: number;
  successes: number;
}

export type ChoiceReason = 'thompson' | 'exploration' | 'disabled' | 'only-one';

export interface ChooseVariantInput {
  arms: readonly Arm[];
  random: Random;
  /**
   * The share of choices made uniformly among the variants instead: a variant that started
   * unlucky keeps being tried, and a change in what patients answer to is noticed. Default 0.1.
   */
  explorationFloor?: number;
  /** When false, always the first variant by letter (the marketer's default, `a`). Default true. */
  enabled?: boolean;
}

export const DEFAULT_EXPLORATION_FLOOR = 0.1;

/** How long after a message a booking counts as its reward. */
export const REWARD_WINDOW_DAYS = 14;

/**
 * Picks the variant of one message. Draw order (for reproducible runs): one uniform for the
 * exploration floor, then either one uniform index or one Beta draw per variant in letter order.
 */
export function chooseVariant(input: ChooseVariantInput): {
  variant: string;
  reason: ChoiceReason;
} {
  const floor = input.explorationFloor ?? DEFAULT_EXPLORATION_FLOOR;
  if (!(floor >= 0 && floor <= 1))
    throw new ValidationError(
      `exploration floor must be in [0, 1], got ${floor}`,
      'explorationFloor',
    );
  if (input.arms.length === 0) throw new ValidationError('no variant to choose from', 'arms');
  const arms = [...input.arms].sort((a, b) => a.variant.localeCompare(b.variant));
  for (const arm of arms) {
    if (!(arm.trials >= 0 && arm.successes >= 0))
      throw new ValidationError(`variant ${arm.variant} has negative counts`, 'arms');
  }
  if (input.enabled === false) return { variant: arms[0]!.variant, reason: 'disabled' };
  if (arms.length === 1) return { variant: arms[0]!.variant, reason: 'only-one' };
  if (chance(input.random, floor))
    return {
      variant: arms[randomInt(input.random, 0, arms.length - 1)]!.variant,
      reason: 'exploration',
    };
  let best = arms[0]!;
  let bestDraw = -1;
  for (const arm of arms) {
    const { alpha, beta } = posteriorShape(arm);
    const draw = sampleBeta(input.random, alpha, beta);
    // Strictly greater: a tie goes to the earlier letter.
    if (draw > bestDraw) {
      best = arm;
      bestDraw = draw;
    }
  }
  return { variant: best.variant, reason: 'thompson' };
}

/**
 * The Beta posterior of an arm. Failures are clamped at 0: trials and successes are counted by
 * separate increments, so a lost trial count must not produce an invalid shape.
 */
export function posteriorShape(arm: Pick<Arm, 'trials' | 'successes'>): {
  alpha: number;
  beta: number;
} {
  return { alpha: 1 + arm.successes, beta: 1 + Math.max(0, arm.trials - arm.successes) };
}

export const CREDIBLE_MASS = 0.9;

/**
 * A variant's booking rate with its uncertainty, for the dashboard: the posterior mean and the
 * central 90% credible interval (the 5% and 95% quantiles of the Beta posterior, computed
 * numerically, so the same counts always show the same interval).
 */
export function posteriorSummary(arm: Pick<Arm, 'trials' | 'successes'>): {
  mean: number;
  low: number;
  high: number;
} {
  const { alpha, beta } = posteriorShape(arm);
  const tail = (1 - CREDIBLE_MASS) / 2;
  return {
    mean: alpha / (alpha + beta),
    low: betaQuantile(tail, alpha, beta),
    high: betaQuantile(1 - tail, alpha, beta),
  };
}

/** The store key of a segment × template channel (`overdue_recall|sms`). */
export function banditKey(segment: string, channel: string): string {
  return `${segment}|${channel}`;
}

const TEMPLATE_ID = new RegExp(
  `^(${TEMPLATE_SEGMENTS.join('|')})\\.(${TEMPLATE_CHANNELS.join('|')})\\.([a-z])$`,
);

/**
 * The bandit key and variant a template id belongs to (`dormant.voice.b` → `dormant|voice`, `b`);
 * undefined for ids that are not reactivation templates (`reminder.1d`).
 */
export function armOfTemplateId(templateId: string): { key: string; variant: string } | undefined {
  const match = TEMPLATE_ID.exec(templateId);
  return match ? { key: banditKey(match[1]!, match[2]!), variant: match[3]! } : undefined;
}

/**
 * The arms for the variants a practice has now: counted ones keep their counts, a new variant
 * starts at zero, and a variant that was removed from the templates is no longer offered.
 */
export function armsForVariants(variants: readonly string[], counted: readonly Arm[]): Arm[] {
  const byVariant = new Map(counted.map((arm) => [arm.variant, arm]));
  return [...new Set(variants)]
    .sort((a, b) => a.localeCompare(b))
    .map((variant) => byVariant.get(variant) ?? { variant, trials: 0, successes: 0 });
}
