import { DateTime } from 'luxon';
import type { Location } from './practice.ts';

/**
 * The sending window of a location (`quietHours` in the practice file, default 08:00–20:00): a
 * message may go out from `start` (inclusive) to `end` (exclusive), local time of the location.
 * A window whose end is earlier than its start runs across midnight (22:00–06:00); equal start and
 * end mean no restriction.
 */
export type SendingWindow = Location['quietHours'];

const minutesOf = (hhmm: string): number =>
  Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

function insideAt(minute: number, window: SendingWindow): boolean {
  const start = minutesOf(window.start);
  const end = minutesOf(window.end);
  if (start === end) return true;
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}

/** Whether `at` falls inside the window, in `timeZone`. 19:59:59 is inside a window ending 20:00. */
export function isInsideSendingWindow(at: Date, window: SendingWindow, timeZone: string): boolean {
  const local = DateTime.fromJSDate(at, { zone: timeZone });
  return insideAt(local.hour * 60 + local.minute, window);
}

/**
 * `at` itself when inside the window, else the next moment the window opens: today's start when
 * the local time is before it, tomorrow's otherwise. A start inside a daylight-saving gap moves
 * forward by the gap, as luxon does.
 */
export function nextSendingTime(at: Date, window: SendingWindow, timeZone: string): Date {
  if (isInsideSendingWindow(at, window, timeZone)) return at;
  const local = DateTime.fromJSDate(at, { zone: timeZone });
  const start = minutesOf(window.start);
  const day = local.hour * 60 + local.minute < start ? local : local.plus({ days: 1 });
  return DateTime.fromObject(
    {
      year: day.year,
      month: day.month,
      day: day.day,
      hour: Math.floor(start / 60),
      minute: start % 60,
    },
    { zone: timeZone },
  ).toJSDate();
}
