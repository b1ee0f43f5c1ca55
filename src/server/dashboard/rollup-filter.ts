import type { RollupRow } from '../../store/event-log.ts';

/**
 * Filtering daily roll-up rows by the dashboard's dimensions. Not every event carries every
 * dimension (a delivery receipt knows its channel and variant, not the patient's segment or
 * office), so a filter on a dimension an event type never carries would turn its count into a
 * false zero. `missingDimensions` tells those cases apart so the page can say "not recorded".
 */

export const DIMENSIONS = ['location', 'segment', 'channel', 'variant'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export type DashboardFilters = Partial<Record<Dimension, string>>;

/** The filters actually set (empty strings count as unset). */
export function activeDimensions(filters: DashboardFilters): Dimension[] {
  return DIMENSIONS.filter((d) => filters[d] !== undefined && filters[d] !== '');
}

/** Rows matching every set filter. */
export function applyFilters(
  rows: readonly RollupRow[],
  filters: DashboardFilters,
  only: readonly Dimension[] = DIMENSIONS,
): RollupRow[] {
  const dims = activeDimensions(filters).filter((d) => only.includes(d));
  return rows.filter((r) => dims.every((d) => r[d] === filters[d]));
}

/**
 * Which dimensions each event type carries, learnt once from the unfiltered rows of the range. A
 * type with no rows at all counts as carrying everything: its zero is a real zero whatever the
 * filter.
 */
export class DimensionIndex {
  private readonly seen = new Map<string, Set<Dimension>>();

  constructor(rows: readonly RollupRow[]) {
    for (const r of rows) {
      const set = this.seen.get(r.type) ?? new Set<Dimension>();
      for (const d of DIMENSIONS) if (r[d] !== '') set.add(d);
      this.seen.set(r.type, set);
    }
  }

  /** True when some event of `type` in the range carries `dimension`, or there is no such event. */
  carries(type: string, dimension: Dimension): boolean {
    const set = this.seen.get(type);
    return set === undefined || set.has(dimension);
  }

  /** The set filters that events of `type` do not carry (their totals would be false zeros). */
  missingDimensions(type: string, filters: DashboardFilters): Dimension[] {
    return activeDimensions(filters).filter((d) => !this.carries(type, d));
  }
}

/** Sum of a row field over the rows of one type. */
export function sumOf(
  rows: readonly RollupRow[],
  type: string,
  field: 'count' | 'value' | 'cost' = 'count',
): number {
  let total = 0;
  for (const r of rows) if (r.type === type) total += r[field];
  return total;
}

/** A ratio with its parts; `value` is null when the denominator is zero or a part is unknown. */
export interface Rate {
  numerator: number | null;
  denominator: number | null;
  value: number | null;
}

export function rate(numerator: number | null, denominator: number | null): Rate {
  const value =
    numerator === null || denominator === null || denominator === 0
      ? null
      : numerator / denominator;
  return { numerator, denominator, value };
}

/**
 * Money with the noise of float sums removed (12.000000000002 → 12). Six decimals, not cents: a
 * text costs fractions of a cent, and the return on cost must be computed on the real figure.
 */
export function money(amount: number): number {
  return Math.round(amount * 1e6) / 1e6;
}

/** Sorts known values in their given order, then the rest alphabetically. */
export function byKnownOrder(known: readonly string[]): (a: string, b: string) => number {
  const rank = (v: string): number => (known.includes(v) ? known.indexOf(v) : known.length);
  return (a, b) => rank(a) - rank(b) || a.localeCompare(b);
}
