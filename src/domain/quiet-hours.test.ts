import { describe, expect, it } from 'vitest';
import { isInsideSendingWindow, nextSendingTime } from './quiet-hours.ts';

const NEW_YORK = 'America/New_York';
const CHICAGO = 'America/Chicago';
const DEFAULT = { start: '08:00', end: '20:00' };

describe('the sending window, end exclusive', () => {
  it.each([
    // [what, zone, now (UTC), next sending time (UTC)]
    ['07:59 EDT waits for 08:00', NEW_YORK, '2026-06-10T11:59:00Z', '2026-06-10T12:00:00Z'],
    ['07:59:59 EDT still waits', NEW_YORK, '2026-06-10T11:59:59Z', '2026-06-10T12:00:00Z'],
    ['08:00 EDT is inside', NEW_YORK, '2026-06-10T12:00:00Z', '2026-06-10T12:00:00Z'],
    ['19:59 EDT is inside', NEW_YORK, '2026-06-10T23:59:00Z', '2026-06-10T23:59:00Z'],
    ['19:59:59 EDT is inside', NEW_YORK, '2026-06-10T23:59:59Z', '2026-06-10T23:59:59Z'],
    [
      '20:00 EDT waits for tomorrow 08:00',
      NEW_YORK,
      '2026-06-11T00:00:00Z',
      '2026-06-11T12:00:00Z',
    ],
    [
      '21:30 EDT waits for tomorrow 08:00',
      NEW_YORK,
      '2026-06-11T01:30:00Z',
      '2026-06-11T12:00:00Z',
    ],
    [
      '00:10 EDT waits for the same day 08:00',
      NEW_YORK,
      '2026-06-11T04:10:00Z',
      '2026-06-11T12:00:00Z',
    ],
    // Spring forward, 2026-03-08 02:00 EST → 03:00 EDT.
    [
      'Sat 21:30 EST → Sun 08:00 EDT (12:00Z, not 13:00Z)',
      NEW_YORK,
      '2026-03-08T02:30:00Z',
      '2026-03-08T12:00:00Z',
    ],
    [
      '03:30 EDT on the change day → 08:00 EDT',
      NEW_YORK,
      '2026-03-08T07:30:00Z',
      '2026-03-08T12:00:00Z',
    ],
    ['07:59 EDT on the change day', NEW_YORK, '2026-03-08T11:59:00Z', '2026-03-08T12:00:00Z'],
    ['08:00 EDT on the change day', NEW_YORK, '2026-03-08T12:00:00Z', '2026-03-08T12:00:00Z'],
    ['19:59 EDT on the change day', NEW_YORK, '2026-03-08T23:59:00Z', '2026-03-08T23:59:00Z'],
    ['20:00 EDT on the change day', NEW_YORK, '2026-03-09T00:00:00Z', '2026-03-09T12:00:00Z'],
    // Fall back, 2026-11-01 02:00 EDT → 01:00 EST.
    [
      'Sat 21:30 EDT → Sun 08:00 EST (13:00Z)',
      NEW_YORK,
      '2026-11-01T01:30:00Z',
      '2026-11-01T13:00:00Z',
    ],
    ['01:30 EST, the second one', NEW_YORK, '2026-11-01T06:30:00Z', '2026-11-01T13:00:00Z'],
    ['07:59 EST on the change day', NEW_YORK, '2026-11-01T12:59:00Z', '2026-11-01T13:00:00Z'],
    ['08:00 EST on the change day', NEW_YORK, '2026-11-01T13:00:00Z', '2026-11-01T13:00:00Z'],
    ['12:00Z is 07:00 EST, not 08:00', NEW_YORK, '2026-11-01T12:00:00Z', '2026-11-01T13:00:00Z'],
    ['19:59 EST on the change day', NEW_YORK, '2026-11-02T00:59:00Z', '2026-11-02T00:59:00Z'],
    ['20:00 EST on the change day', NEW_YORK, '2026-11-02T01:00:00Z', '2026-11-02T13:00:00Z'],
    // The same instants in Chicago (one hour behind New York).
    [
      '07:30 CDT in Chicago (08:30 in New York) waits',
      CHICAGO,
      '2026-06-10T12:30:00Z',
      '2026-06-10T13:00:00Z',
    ],
    ['08:00 CDT in Chicago', CHICAGO, '2026-06-10T13:00:00Z', '2026-06-10T13:00:00Z'],
    [
      '19:30 CDT in Chicago (20:30 in New York) is inside',
      CHICAGO,
      '2026-06-11T00:30:00Z',
      '2026-06-11T00:30:00Z',
    ],
    ['20:00 CDT in Chicago', CHICAGO, '2026-06-11T01:00:00Z', '2026-06-11T13:00:00Z'],
  ])('%s', (_what, zone, now, next) => {
    const at = new Date(now);
    expect(isInsideSendingWindow(at, DEFAULT, zone)).toBe(now === next);
    expect(nextSendingTime(at, DEFAULT, zone).toISOString()).toBe(new Date(next).toISOString());
  });
});

describe('other windows', () => {
  it.each([
    [
      '09:00–17:00, 16:59',
      { start: '09:00', end: '17:00' },
      '2026-06-10T20:59:00Z',
      '2026-06-10T20:59:00Z',
    ],
    [
      '09:00–17:00, 17:00',
      { start: '09:00', end: '17:00' },
      '2026-06-10T21:00:00Z',
      '2026-06-11T13:00:00Z',
    ],
    [
      '22:00–06:00 runs across midnight, 23:00',
      { start: '22:00', end: '06:00' },
      '2026-06-11T03:00:00Z',
      '2026-06-11T03:00:00Z',
    ],
    [
      '22:00–06:00, 05:59',
      { start: '22:00', end: '06:00' },
      '2026-06-11T09:59:00Z',
      '2026-06-11T09:59:00Z',
    ],
    [
      '22:00–06:00, 06:00 waits for 22:00',
      { start: '22:00', end: '06:00' },
      '2026-06-11T10:00:00Z',
      '2026-06-12T02:00:00Z',
    ],
    [
      'equal start and end: no restriction',
      { start: '00:00', end: '00:00' },
      '2026-06-11T07:00:00Z',
      '2026-06-11T07:00:00Z',
    ],
    [
      'a start inside the spring-forward gap moves forward',
      { start: '02:30', end: '20:00' },
      '2026-03-08T06:00:00Z',
      '2026-03-08T07:30:00Z',
    ],
  ])('%s', (_what, window, now, next) => {
    expect(nextSendingTime(new Date(now), window, NEW_YORK).toISOString()).toBe(
      new Date(next).toISOString(),
    );
  });
});
