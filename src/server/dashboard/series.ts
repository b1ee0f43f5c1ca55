import { addDays } from '../../domain/dates.ts';
import type { RollupRow } from '../../store/event-log.ts';
import { money } from './rollup-filter.ts';

/** Bookings, recovered visits and their value per day of the range (every day, zeros included). */
export interface DailySeries {
  days: string[];
  booked: number[];
  recovered: number[];
  revenue: number[];
}

/** The daily series of rows already filtered; days outside from..to are ignored. */
export function dailySeries(from: string, to: string, rows: readonly RollupRow[]): DailySeries {
  const days: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) days.push(d);
  const at = new Map(days.map((d, i) => [d, i]));
  const booked = days.map(() => 0);
  const recovered = days.map(() => 0);
  const revenue = days.map(() => 0);
  for (const r of rows) {
    const i = at.get(r.day);
    if (i === undefined) continue;
    if (r.type === 'booked') booked[i]! += r.count;
    if (r.type === 'recovered') {
      recovered[i]! += r.count;
      revenue[i]! += r.value;
    }
  }
  return { days, booked, recovered, revenue: revenue.map(money) };
}
