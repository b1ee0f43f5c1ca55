import { CHANNELS } from '../../domain/channel-choice.ts';
import { daysBetween } from '../../domain/dates.ts';
import { SEGMENTS } from '../../domain/practice.ts';
import type { AuditReport } from '../../domain/audit.ts';
import type { SyncStatus } from '../../store/sync-status.ts';
import type { RollupRow } from '../../store/event-log.ts';
import { funnelBreakdown, FUNNEL_STAGES, type FunnelGroup, type StageCounts } from './funnel.ts';
import {
  applyFilters,
  byKnownOrder,
  money,
  DimensionIndex,
  rate,
  sumOf,
  type DashboardFilters,
  type Dimension,
  type Rate,
} from './rollup-filter.ts';
import { notesFor } from './filter-notes.ts';
import { dailySeries, type DailySeries } from './series.ts';
import {
  banditRates,
  variantRates,
  type BanditArm,
  type BanditArmRate,
  type VariantRate,
} from './variant-rates.ts';

/**
 * The dashboard's one JSON document, computed from the daily roll-ups of the range and the latest
 * audit. Pure: the router reads the store, this decides every number (and is unit-tested alone).
 */
export interface DashboardInput {
  from: string;
  to: string;
  filters: DashboardFilters;
  /** Every roll-up row of from..to, unfiltered: filters are applied here (see rollup-filter.ts). */
  rows: readonly RollupRow[];
  audit: AuditReport | null;
  currency: string;
  /** The practice's location names (the location filter offers them even before any event). */
  locations: readonly string[];
  /** The bandit's all-time arm counts, when the service keeps them. */
  bandit?: readonly BanditArm[];
  /** How the last sync ended, or null before the first one. */
  sync?: SyncStatus | null;
}

export interface AuditSummary {
  asOf: string;
  patients: number;
  lapsed: number;
  segments: AuditReport['segments'];
  active: number;
  reachable: AuditReport['reachable'];
  estimate: { appointments: number; revenue: number };
}

export interface DashboardData {
  range: { from: string; to: string; days: number };
  filters: DashboardFilters;
  currency: string;
  options: { locations: string[]; segments: string[]; channels: string[]; variants: string[] };
  audit: AuditSummary | null;
  /** How the last sync ended (a failed one is shown at the top), or null before the first one. */
  sync: SyncStatus | null;
  headline: {
    lapsed: number | null;
    reachable: number | null;
    recovered: number | null;
    revenue: number | null;
    cost: number | null;
    returnRatio: number | null;
  };
  funnel: {
    stages: readonly string[];
    overall: StageCounts;
    bySegment: FunnelGroup[];
    byChannel: FunnelGroup[];
    byVariant: FunnelGroup[];
  };
  series: DailySeries;
  rates: {
    delivery: Rate;
    optOut: Rate;
    byChannel: { channel: string; delivery: Rate; optOut: Rate }[];
  };
  variants: VariantRate[];
  bandit: BanditArmRate[] | null;
  reminders: {
    sent: number;
    confirmed: number;
    showed: number;
    missed: number;
    showRate: Rate;
    confirmationRate: Rate;
    remindersPerKept: Rate;
  };
  /** Plain sentences about what a filter cannot show (events that do not carry a dimension). */
  notes: string[];
}

const REMINDER_TYPES = ['reminder_sent', 'confirmed', 'showed', 'missed'];

/** Computes the dashboard document. */
export function computeDashboard(input: DashboardInput): DashboardData {
  const { filters } = input;
  const index = new DimensionIndex(input.rows);
  const filtered = applyFilters(input.rows, filters);
  const missing = new Map<string, Dimension[]>();
  /** A type's total under the filters, or null when a filter hides a dimension it never carries. */
  const total = (type: string, field: 'count' | 'value' | 'cost' = 'count'): number | null => {
    const dims = index.missingDimensions(type, filters);
    if (dims.length > 0) {
      missing.set(type, dims);
      return null;
    }
    return sumOf(filtered, type, field);
  };
  const both = (a: number | null, b: number | null): number | null =>
    a === null || b === null ? null : a + b;

  const overall = Object.fromEntries(FUNNEL_STAGES.map((s) => [s, total(s)])) as StageCounts;
  const revenue = nullableMoney(total('recovered', 'value'));
  // Costs come on the final status when Twilio gives one there, else later as `priced`.
  const cost = nullableMoney(
    both(both(total('delivered', 'cost'), total('failed', 'cost')), total('priced', 'cost')),
  );
  const returnRatio = revenue !== null && cost !== null && cost > 0 ? revenue / cost : null;
  const delivery = rate(total('delivered'), both(total('delivered'), total('failed')));
  const optOut = rate(total('opted_out'), total('sent'));

  // Reminder events carry the office only (and `variant: confirmed` on outcomes, which is no
  // message variant): they follow the date and location filters alone.
  const reminderRows = applyFilters(input.rows, filters, ['location']).filter((r) =>
    REMINDER_TYPES.includes(r.type),
  );
  const showed = sumOf(reminderRows, 'showed');
  const missed = sumOf(reminderRows, 'missed');
  const confirmed = sumOf(reminderRows, 'confirmed');
  const remindersSent = sumOf(reminderRows, 'reminder_sent');
  // Confirmed out of the appointments asked to confirm (the `confirmation` step sent): a ratio over
  // appointments already over would pass 100% while bookings are still ahead.
  const askedToConfirm = reminderRows
    .filter((r) => r.type === 'reminder_sent' && r.variant === 'confirmation')
    .reduce((n, r) => n + r.count, 0);

  const audit = input.audit ? summariseAudit(input.audit) : null;
  return {
    range: { from: input.from, to: input.to, days: daysBetween(input.from, input.to) + 1 },
    filters,
    currency: input.currency,
    options: filterOptions(input),
    audit,
    sync: input.sync ?? null,
    headline: {
      lapsed: audit?.lapsed ?? null,
      reachable: audit?.reachable.any ?? null,
      recovered: overall.recovered,
      revenue,
      cost,
      returnRatio,
    },
    funnel: {
      stages: FUNNEL_STAGES,
      overall,
      bySegment: funnelBreakdown(filtered, index, filters, 'segment', SEGMENTS),
      byChannel: funnelBreakdown(filtered, index, filters, 'channel', CHANNELS),
      byVariant: funnelBreakdown(filtered, index, filters, 'variant', []),
    },
    series: dailySeries(input.from, input.to, filtered),
    rates: { delivery, optOut, byChannel: ratesByChannel(filtered, index, filters) },
    variants: variantRates(filtered),
    bandit: input.bandit ? banditRates(input.bandit) : null,
    reminders: {
      sent: remindersSent,
      confirmed,
      showed,
      missed,
      showRate: rate(showed, showed + missed),
      confirmationRate: rate(confirmed, askedToConfirm),
      remindersPerKept: rate(remindersSent, showed),
    },
    notes: notesFor(missing, filters, audit !== null),
  };
}

function nullableMoney(amount: number | null): number | null {
  return amount === null ? null : money(amount);
}

function summariseAudit(a: AuditReport): AuditSummary {
  const lapsed = Object.values(a.segments).reduce((s, n) => s + n, 0);
  return {
    asOf: a.asOf,
    patients: a.patients,
    lapsed,
    segments: a.segments,
    active: a.active,
    reachable: a.reachable,
    estimate: { appointments: a.estimate.appointments, revenue: a.estimate.revenue },
  };
}

function ratesByChannel(
  rows: readonly RollupRow[],
  index: DimensionIndex,
  filters: DashboardFilters,
): DashboardData['rates']['byChannel'] {
  const known = (type: string): boolean => index.missingDimensions(type, filters).length === 0;
  const channels = new Set<string>();
  for (const r of rows)
    if (['sent', 'delivered', 'failed', 'opted_out'].includes(r.type) && r.channel !== '')
      channels.add(r.channel);
  return [...channels].sort(byKnownOrder(CHANNELS)).map((channel) => {
    const of = rows.filter((r) => r.channel === channel);
    const count = (type: string): number | null => (known(type) ? sumOf(of, type) : null);
    const delivered = count('delivered');
    const failed = count('failed');
    return {
      channel,
      delivery: rate(delivered, delivered === null || failed === null ? null : delivered + failed),
      optOut: rate(count('opted_out'), count('sent')),
    };
  });
}

function filterOptions(input: DashboardInput): DashboardData['options'] {
  const distinct = (dim: Dimension, types: string[]): string[] => [
    ...new Set(
      input.rows.filter((r) => types.includes(r.type) && r[dim] !== '').map((r) => r[dim]),
    ),
  ];
  const locations = new Set([...input.locations, ...distinct('location', ['sent', 'eligible'])]);
  const channels = new Set<string>([...CHANNELS, ...distinct('channel', ['sent', 'booked'])]);
  return {
    locations: [...locations].sort((a, b) => a.localeCompare(b)),
    segments: [...SEGMENTS],
    channels: [...channels].sort(byKnownOrder(CHANNELS)),
    variants: distinct('variant', ['sent']).sort((a, b) => a.localeCompare(b)),
  };
}
