import { DateTime } from 'luxon';
import type { Clock } from '../lib/clock.ts';
import { isLocalDate } from '../domain/dates.ts';
import { UsageError } from '../lib/errors.ts';

/** Today's date in a time zone: the default `asOf` of every command. */
export function todayIn(timeZone: string, clock: Clock): string {
  return DateTime.fromJSDate(clock.now()).setZone(timeZone).toISODate()!;
}

/** `--as-of` when given (validated), else today in the practice's zone. */
export function resolveAsOf(asOf: string | undefined, timeZone: string, clock: Clock): string {
  if (asOf === undefined) return todayIn(timeZone, clock);
  if (!isLocalDate(asOf))
    throw new UsageError(`--as-of must be a date written YYYY-MM-DD (got "${asOf}")`);
  return asOf;
}
