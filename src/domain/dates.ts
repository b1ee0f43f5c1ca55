/**
 * Calendar arithmetic on local dates, kept as ISO strings (`YYYY-MM-DD`) and local date-times
 * (`YYYY-MM-DDTHH:MM:SS`). ISO strings of one format sort like the dates they name, so the
 * segmentation engine compares them directly: no Date objects and no time zones in the hot path.
 */

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function pad4(n: number): string {
  return String(n).padStart(4, '0');
}

export function formatLocalDate(year: number, month: number, day: number): string {
  return `${pad4(year)}-${pad2(month)}-${pad2(day)}`;
}

/** True for a real calendar date written `YYYY-MM-DD` (not `2026-02-30`, not `0000-01-01`). */
export function isLocalDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/**
 * Normalises a local date-time to `YYYY-MM-DDTHH:MM:SS`, or returns undefined when it is not a
 * real one. Seconds are optional on input.
 */
export function normalizeLocalDateTime(value: string): string | undefined {
  const m = DATE_TIME_RE.exec(value);
  if (!m) return undefined;
  const date = `${m[1]}-${m[2]}-${m[3]}`;
  if (!isLocalDate(date)) return undefined;
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  return `${date}T${m[4]}:${m[5]}:${pad2(second)}`;
}

/** The calendar date of a local date-time. */
export function dateOf(localDateTime: string): string {
  return localDateTime.slice(0, 10);
}

/**
 * `date` plus `months` calendar months, the day clamped to the end of the target month:
 * 2026-03-31 − 1 month = 2026-02-28; 2026-02-28 + 6 months = 2026-08-28.
 */
export function addMonths(date: string, months: number): string {
  // Parsed by position: the engine calls this once per patient and the input is already valid.
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  const index = year * 12 + (month - 1) + months;
  const newYear = Math.floor(index / 12);
  const newMonth = (index % 12) + 1;
  const newDay = Math.min(day, daysInMonth(newYear, newMonth));
  return formatLocalDate(newYear, newMonth, newDay);
}

/** `date` plus `days` days (negative to go back). */
export function addDays(date: string, days: number): string {
  const t = Date.UTC(
    Number(date.slice(0, 4)),
    Number(date.slice(5, 7)) - 1,
    Number(date.slice(8, 10)),
  );
  const d = new Date(t + days * 86_400_000);
  return formatLocalDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  const a = Date.UTC(
    Number(from.slice(0, 4)),
    Number(from.slice(5, 7)) - 1,
    Number(from.slice(8, 10)),
  );
  const b = Date.UTC(Number(to.slice(0, 4)), Number(to.slice(5, 7)) - 1, Number(to.slice(8, 10)));
  return Math.round((b - a) / 86_400_000);
}

/** True when someone born on `birthDate` is under 18 on `asOf` (an 18th birthday on asOf is 18). */
export function isMinorOn(birthDate: string, asOf: string): boolean {
  return addMonths(birthDate, 18 * 12) > asOf;
}
