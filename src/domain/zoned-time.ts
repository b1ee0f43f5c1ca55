import { IANAZone } from 'luxon';
import { ValidationError } from '../lib/errors.ts';
import { formatLocalDate, isLocalDate } from './dates.ts';

/**
 * Instants (`2026-03-08T12:30:00Z`, `…-05:00`) to and from local date-times of one time zone.
 * Hand-rolled on top of luxon's zone offsets because a FHIR practice has a million appointment
 * times: luxon's DateTime per value costs ~10 µs, an offset looked up per UTC day almost nothing.
 */
export interface ZoneConverter {
  readonly timeZone: string;
  /**
   * The local date-time (`YYYY-MM-DDTHH:MM:SS`, fractions of a second dropped) of an instant
   * written with an offset or `Z`; undefined when the value is not such an instant or names an
   * impossible date.
   */
  instantToLocal(instant: string): string | undefined;
  /**
   * The instant of a local date-time, written with the zone's offset at that moment
   * (`2026-07-01T09:00:00-04:00`). A local time that does not exist (inside a spring-forward gap)
   * moves forward by the gap, as luxon does; an ambiguous one (fall-back) takes the earlier instant.
   */
  localToInstant(localDateTime: string): string | undefined;
}

const INSTANT_RE =
  /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:(Z)|([+-])(\d{2}):(\d{2}))$/;
const LOCAL_RE = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;
const DAY_MS = 86_400_000;

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function formatUtcAsLocal(ms: number): string {
  const d = new Date(ms);
  const date = formatLocalDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
  return `${date}T${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
}

function formatOffset(minutes: number): string {
  if (minutes === 0) return 'Z';
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}

/** Date.UTC of a `YYYY-MM-DD` plus a time, or undefined when the parts are not a real time. */
function utcMillis(date: string, h: string, m: string, s: string | undefined): number | undefined {
  if (!isLocalDate(date)) return undefined;
  const hour = Number(h);
  const minute = Number(m);
  const second = s === undefined ? 0 : Number(s);
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const t = Date.UTC(
    Number(date.slice(0, 4)),
    Number(date.slice(5, 7)) - 1,
    Number(date.slice(8, 10)),
    hour,
    minute,
    second,
  );
  // Date.UTC maps years 0-99 to 1900-1999; such dates are not appointment times anyway.
  return Number(date.slice(0, 4)) < 100 ? undefined : t;
}

/**
 * A converter for one IANA time zone. Its offset cache lives as long as the converter: create one
 * per read, not per value.
 */
export function createZoneConverter(timeZone: string): ZoneConverter {
  if (!IANAZone.isValidZone(timeZone)) {
    throw new ValidationError(`unknown time zone ${JSON.stringify(timeZone)}`, 'timeZone');
  }
  const zone = IANAZone.create(timeZone);
  // Per UTC day: the offset when it holds all day, NaN when the day holds a transition.
  const byDay = new Map<number, number>();
  const offsetAt = (ms: number): number => {
    const day = Math.floor(ms / DAY_MS);
    let cached = byDay.get(day);
    if (cached === undefined) {
      const start = zone.offset(day * DAY_MS);
      cached = start === zone.offset(day * DAY_MS + DAY_MS - 1) ? start : Number.NaN;
      byDay.set(day, cached);
    }
    return Number.isNaN(cached) ? zone.offset(ms) : cached;
  };

  return {
    timeZone,
    instantToLocal(instant) {
      const m = INSTANT_RE.exec(instant);
      if (!m) return undefined;
      const local = utcMillis(m[1]!, m[2]!, m[3]!, m[4]);
      if (local === undefined) return undefined;
      let offset = 0;
      if (m[5] === undefined) {
        const oh = Number(m[7]);
        const om = Number(m[8]);
        if (oh > 23 || om > 59) return undefined;
        offset = (m[6] === '-' ? -1 : 1) * (oh * 60 + om);
      }
      const utc = local - offset * 60_000;
      return formatUtcAsLocal(utc + offsetAt(utc) * 60_000);
    },
    localToInstant(localDateTime) {
      const m = LOCAL_RE.exec(localDateTime);
      if (!m) return undefined;
      const local = utcMillis(m[1]!, m[2]!, m[3]!, m[4]);
      if (local === undefined) return undefined;
      // luxon's fixOffset: guess with the offset at "local as if UTC", then correct once.
      const o1 = offsetAt(local);
      let utc = local - o1 * 60_000;
      let offset = offsetAt(utc);
      if (offset !== o1) {
        utc -= (offset - o1) * 60_000;
        const o3 = offsetAt(utc);
        if (o3 !== offset) {
          utc = local - Math.min(offset, o3) * 60_000;
          offset = Math.max(offset, o3);
        }
      }
      return `${formatUtcAsLocal(utc + offset * 60_000)}${formatOffset(offset)}`;
    },
  };
}
