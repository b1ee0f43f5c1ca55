import { z } from 'zod';
import { CHANNELS } from '../../domain/channel-choice.ts';
import { addDays, daysBetween, isLocalDate } from '../../domain/dates.ts';
import { Segment } from '../../domain/practice.ts';
import { ValidationError } from '../../lib/errors.ts';
import type { DashboardFilters } from './rollup-filter.ts';

/** The longest range one request may ask for: a year of daily roll-ups. */
export const MAX_RANGE_DAYS = 366;
/** The default range: the last 30 days, today included. */
export const DEFAULT_RANGE_DAYS = 30;

// A select left on "All" sends an empty value: the same as not filtering.
const blankIsAbsent = (v: unknown): unknown => (v === '' ? undefined : v);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankIsAbsent, schema.optional());

const LocalDate = z.string().refine(isLocalDate, 'expected a date written YYYY-MM-DD');

/** The query string of `GET /api/dashboard` (unknown parameters are ignored). */
export const DashboardQuery = z.object({
  from: optional(LocalDate),
  to: optional(LocalDate),
  location: optional(z.string().max(200, 'a location name is at most 200 characters')),
  segment: optional(Segment),
  channel: optional(z.enum([...CHANNELS, 'none'])),
  variant: optional(z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'expected a variant letter')),
});
export type DashboardQuery = z.infer<typeof DashboardQuery>;

export interface DashboardRequest {
  from: string;
  to: string;
  filters: DashboardFilters;
}

/**
 * Validates the query and fills the defaults (the last 30 days to `today`, the practice's
 * calendar day). Throws a ValidationError naming the first bad field.
 */
export function parseDashboardQuery(raw: unknown, today: string): DashboardRequest {
  const parsed = DashboardQuery.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = String(issue.path[0] ?? 'query');
    throw new ValidationError(`${field}: ${issue.message}`, field);
  }
  const q = parsed.data;
  const to = q.to ?? today;
  const from = q.from ?? addDays(to, -(DEFAULT_RANGE_DAYS - 1));
  if (from > to) throw new ValidationError('from: must be on or before to', 'from');
  if (daysBetween(from, to) + 1 > MAX_RANGE_DAYS)
    throw new ValidationError(`from: the range may cover at most ${MAX_RANGE_DAYS} days`, 'from');
  const filters: DashboardFilters = {};
  if (q.location !== undefined) filters.location = q.location;
  if (q.segment !== undefined) filters.segment = q.segment;
  if (q.channel !== undefined) filters.channel = q.channel;
  if (q.variant !== undefined) filters.variant = q.variant;
  return { from, to, filters };
}
