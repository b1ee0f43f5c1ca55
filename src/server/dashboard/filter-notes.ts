import { byKnownOrder, type DashboardFilters, type Dimension } from './rollup-filter.ts';

const LABEL: Record<string, string> = { opted_out: 'opted out' };
const NOTE_ORDER = [
  'eligible',
  'sent',
  'delivered',
  'failed',
  'replied',
  'clicked',
  'booked',
  'recovered',
  'opted_out',
];

/**
 * Plain sentences for the page about what the filters cannot show: event types that do not carry
 * a filtered dimension, the audit (whole practice), reminders (date and location only).
 */
export function notesFor(
  missing: Map<string, Dimension[]>,
  filters: DashboardFilters,
  hasAudit: boolean,
): string[] {
  const byDimension = new Map<Dimension, string[]>();
  const types = [...missing.keys()].sort(byKnownOrder(NOTE_ORDER));
  for (const type of types)
    for (const d of missing.get(type) ?? [])
      byDimension.set(d, [...(byDimension.get(d) ?? []), LABEL[type] ?? type]);
  const notes = [...byDimension].map(
    ([d, types]) =>
      `${types.join(', ')} ${types.length === 1 ? 'is' : 'are'} not recorded by ${d}: shown as “—” with the ${d} filter.`,
  );
  if (hasAudit && (filters.location || filters.segment))
    notes.push('The audit figures cover the whole practice, whatever the filters.');
  if (filters.segment || filters.channel || filters.variant)
    notes.push('Reminder figures follow the date and location filters only.');
  return notes;
}
