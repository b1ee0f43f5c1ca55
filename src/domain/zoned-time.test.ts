import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../lib/errors.ts';
import { createZoneConverter } from './zoned-time.ts';

const newYork = createZoneConverter('America/New_York');

describe('instantToLocal keeps the local time of the practice zone', () => {
  it.each([
    ['2026-01-15T14:00:00Z', '2026-01-15T09:00:00'],
    ['2026-07-15T14:00:00Z', '2026-07-15T10:00:00'],
    ['2026-07-15T16:00:00+02:00', '2026-07-15T10:00:00'],
    ['2026-07-15T10:00:00-04:00', '2026-07-15T10:00:00'],
    ['2026-07-15T10:00-04:00', '2026-07-15T10:00:00'],
    ['2026-07-15T10:00:07.999-04:00', '2026-07-15T10:00:07'],
    // The calendar date moves with the zone.
    ['2026-07-16T02:30:00Z', '2026-07-15T22:30:00'],
    // Spring forward on 2026-03-08 at 07:00Z; fall back on 2026-11-01 at 06:00Z.
    ['2026-03-08T06:59:59Z', '2026-03-08T01:59:59'],
    ['2026-03-08T07:00:00Z', '2026-03-08T03:00:00'],
    ['2026-11-01T05:30:00Z', '2026-11-01T01:30:00'],
    ['2026-11-01T06:30:00Z', '2026-11-01T01:30:00'],
    ['2026-11-01T07:00:00Z', '2026-11-01T02:00:00'],
  ])('%s is %s in New York', (instant, local) => {
    expect(newYork.instantToLocal(instant)).toBe(local);
  });

  it.each([
    '2026-07-15T10:00:00',
    '2026-07-15',
    '2026-02-30T10:00:00Z',
    '2026-07-15T24:00:00Z',
    '2026-07-15T10:00:00+25:00',
    '2026-7-15T10:00:00Z',
    '15/07/2026 10:00',
    '',
  ])('%j is not an instant', (value) => {
    expect(newYork.instantToLocal(value)).toBeUndefined();
  });
});

describe('localToInstant writes the offset of the zone at that date', () => {
  it.each([
    ['2026-01-15T09:00:00', '2026-01-15T09:00:00-05:00'],
    ['2026-07-15T10:00:00', '2026-07-15T10:00:00-04:00'],
    ['2026-03-08T01:59:00', '2026-03-08T01:59:00-05:00'],
    ['2026-03-08T03:00:00', '2026-03-08T03:00:00-04:00'],
    // 02:30 does not exist that night: it moves forward by the gap.
    ['2026-03-08T02:30:00', '2026-03-08T03:30:00-04:00'],
    // 01:30 happens twice that night: the earlier one.
    ['2026-11-01T01:30:00', '2026-11-01T01:30:00-04:00'],
    ['2026-11-01T02:30', '2026-11-01T02:30:00-05:00'],
  ])('%s is %s', (local, instant) => {
    expect(newYork.localToInstant(local)).toBe(instant);
  });

  it('writes Z for UTC', () => {
    expect(createZoneConverter('Europe/London').localToInstant('2026-01-10T08:00:00')).toBe(
      '2026-01-10T08:00:00Z',
    );
  });

  it('rejects what is not a local date-time', () => {
    expect(newYork.localToInstant('2026-02-30T10:00:00')).toBeUndefined();
    expect(newYork.localToInstant('2026-02-03T10:00:00Z')).toBeUndefined();
  });
});

describe('agrees with luxon', () => {
  it.each(['America/New_York', 'Europe/Berlin', 'Australia/Lord_Howe', 'Asia/Kolkata'])(
    'every 97 minutes over two years in %s',
    (zone) => {
      const converter = createZoneConverter(zone);
      const start = Date.UTC(2025, 0, 1);
      for (let t = start; t < start + 2 * 365 * 86_400_000; t += 97 * 60_000) {
        const instant = new Date(t).toISOString();
        const expected = DateTime.fromMillis(t, { zone }).toFormat("yyyy-MM-dd'T'HH:mm:ss");
        expect(converter.instantToLocal(instant)).toBe(expected);
        // luxon resolves an ambiguous local time with today's offset; we take the earlier
        // instant, so compare what the instant means locally, not the instant itself.
        const back = converter.localToInstant(expected)!;
        expect(DateTime.fromISO(back, { zone }).toFormat("yyyy-MM-dd'T'HH:mm:ss")).toBe(expected);
      }
    },
  );
});

it('refuses an unknown zone', () => {
  expect(() => createZoneConverter('Mars/Olympus')).toThrow(ValidationError);
});
