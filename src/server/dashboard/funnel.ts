import type { RollupRow } from '../../store/event-log.ts';
import {
  byKnownOrder,
  sumOf,
  type DashboardFilters,
  type Dimension,
  type DimensionIndex,
} from './rollup-filter.ts';

/** The reactivation funnel, in order: each stage is the event type of the same name. */
export const FUNNEL_STAGES = [
  'eligible',
  'sent',
  'delivered',
  'replied',
  'clicked',
  'booked',
  'recovered',
] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];

/** A count per stage; null where the stage's events cannot be counted that way (not recorded). */
export type StageCounts = Record<FunnelStage, number | null>;

export interface FunnelGroup {
  key: string;
  counts: StageCounts;
}

/**
 * The funnel split by one dimension (segment, channel or variant) over rows already filtered.
 * A stage whose events never carry the dimension (a delivery receipt has no segment; eligibility
 * comes before any channel) is null in every group rather than a misleading zero. Rows without a
 * value for the dimension are left out of the split (they still count in the overall funnel).
 */
export function funnelBreakdown(
  rows: readonly RollupRow[],
  index: DimensionIndex,
  filters: DashboardFilters,
  dimension: Dimension,
  knownOrder: readonly string[],
): FunnelGroup[] {
  const stages: readonly string[] = FUNNEL_STAGES;
  const funnelRows = rows.filter((r) => stages.includes(r.type) && r[dimension] !== '');
  const keys = [...new Set(funnelRows.map((r) => r[dimension]))].sort(byKnownOrder(knownOrder));
  const countable = (stage: FunnelStage): boolean =>
    index.carries(stage, dimension) && index.missingDimensions(stage, filters).length === 0;
  return keys.map((key) => {
    const of = funnelRows.filter((r) => r[dimension] === key);
    const counts = Object.fromEntries(
      FUNNEL_STAGES.map((s) => [s, countable(s) ? sumOf(of, s) : null]),
    ) as StageCounts;
    return { key, counts };
  });
}
