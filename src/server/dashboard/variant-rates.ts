import { posteriorSummary } from '../../domain/bandit.ts';
import type { RollupRow } from '../../store/event-log.ts';
import { SEGMENTS } from '../../domain/practice.ts';

/**
 * Each message variant's booking rate with its uncertainty. Variants are compared within one
 * segment × channel (the bandit's arms: variant `a` of the dormant SMS is another text than
 * variant `a` of the no-show call), so an arm here is segment · channel · variant.
 */
export interface VariantRate {
  segment: string;
  channel: string;
  variant: string;
  sent: number;
  booked: number;
  /** booked / sent as counted (null with nothing sent). */
  rate: number | null;
  /** The Beta posterior's mean and central 90% credible interval (src/domain/bandit.ts). */
  mean: number;
  low: number;
  high: number;
}

/** One arm of the bandit's counts (`key` is `segment|channel`, e.g. `dormant|sms`). */
export interface BanditArm {
  key: string;
  variant: string;
  trials: number;
  successes: number;
}

export type BanditArmRate = BanditArm & { mean: number; low: number; high: number };

const order = (value: string, known: readonly string[]): number => {
  const i = known.indexOf(value);
  return i === -1 ? known.length : i;
};

/**
 * Variant rates from `sent` and `booked` roll-ups (already filtered). A booking is credited to the
 * last message before it (attribution window), which may have been sent before the range: the
 * interval is computed with bookings clamped to the messages sent, while `booked` and `rate` show
 * the counts as they are.
 */
export function variantRates(rows: readonly RollupRow[]): VariantRate[] {
  const arms = new Map<
    string,
    { segment: string; channel: string; variant: string; sent: number; booked: number }
  >();
  for (const r of rows) {
    if ((r.type !== 'sent' && r.type !== 'booked') || r.variant === '') continue;
    const key = [r.segment, r.channel, r.variant].join('|');
    const arm = arms.get(key) ?? {
      segment: r.segment,
      channel: r.channel,
      variant: r.variant,
      sent: 0,
      booked: 0,
    };
    if (r.type === 'sent') arm.sent += r.count;
    else arm.booked += r.count;
    arms.set(key, arm);
  }
  return [...arms.values()]
    .filter((a) => a.sent > 0)
    .sort(
      (a, b) =>
        order(a.segment, SEGMENTS) - order(b.segment, SEGMENTS) ||
        a.segment.localeCompare(b.segment) ||
        a.channel.localeCompare(b.channel) ||
        a.variant.localeCompare(b.variant),
    )
    .map((a) => ({
      ...a,
      rate: a.sent > 0 ? a.booked / a.sent : null,
      ...posteriorSummary({ trials: a.sent, successes: Math.min(a.booked, a.sent) }),
    }));
}

/** The bandit's own all-time arms with the same interval, sorted by key and variant. */
export function banditRates(arms: readonly BanditArm[]): BanditArmRate[] {
  return [...arms]
    .sort((a, b) => a.key.localeCompare(b.key) || a.variant.localeCompare(b.variant))
    .map((a) => ({
      ...a,
      ...posteriorSummary({ trials: a.trials, successes: Math.min(a.successes, a.trials) }),
    }));
}
