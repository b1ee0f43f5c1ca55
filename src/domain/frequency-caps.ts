import { DateTime } from 'luxon';
import { z } from 'zod';

/**
 * How many messages a patient may receive: at most `perDay` per calendar day in the patient's
 * local time, and at most `perWindow` in any rolling `windowDays` days, across all channels.
 * Caps are a parameter, not a constant: reactivation uses the defaults below (the FCC's healthcare
 * exemption, messaging-facts.md), reminders for booked appointments will pass their own.
 *
 * The rolling window is measured in exact 24-hour days: a message stops counting at the instant
 * it is `windowDays` × 24 hours old, whatever daylight-saving did in between.
 */
export const FrequencyCaps = z.object({
  perDay: z.number().int().positive(),
  perWindow: z.number().int().positive(),
  windowDays: z.number().int().positive(),
});
export type FrequencyCaps = z.infer<typeof FrequencyCaps>;

/** One message a day and three in seven days, per patient across all channels. */
export const DEFAULT_REACTIVATION_CAPS: FrequencyCaps = { perDay: 1, perWindow: 3, windowDays: 7 };

/**
 * The practice file's `caps`: a practice may only tighten the defaults (fewer messages, or a
 * longer window), never loosen them past the exemption.
 */
export const ReactivationCaps = z.object({
  perDay: z.number().int().positive().max(1).default(1),
  perWindow: z.number().int().positive().max(3).default(3),
  windowDays: z.number().int().min(7).default(7),
});

const DAY_MS = 86_400_000;

/**
 * Under the daily cap at `at`? When not, the start of the next local day (the earliest instant a
 * daily count can be lower); undefined when the cap allows `at`.
 */
export function dailyCapUntil(
  at: Date,
  sentAt: readonly Date[],
  caps: FrequencyCaps,
  timeZone: string,
): Date | undefined {
  const day = DateTime.fromJSDate(at, { zone: timeZone });
  const today = day.toISODate();
  const count = sentAt.filter(
    (s) => DateTime.fromJSDate(s, { zone: timeZone }).toISODate() === today,
  ).length;
  if (count < caps.perDay) return undefined;
  return day.plus({ days: 1 }).startOf('day').toJSDate();
}

/**
 * Under the rolling cap at `at`? A message sent at `s` counts while `at − window < s`. When the
 * cap is reached, the instant enough of the oldest have aged out for one more; undefined when the
 * cap allows `at`.
 */
export function rollingCapUntil(
  at: Date,
  sentAt: readonly Date[],
  caps: FrequencyCaps,
): Date | undefined {
  const window = caps.windowDays * DAY_MS;
  const inWindow = sentAt
    .map((s) => s.getTime())
    .filter((s) => s > at.getTime() - window)
    .sort((a, b) => a - b);
  if (inWindow.length < caps.perWindow) return undefined;
  // Dropping the oldest (n − perWindow + 1) leaves perWindow − 1: room for one more.
  return new Date(inWindow[inWindow.length - caps.perWindow]! + window);
}
