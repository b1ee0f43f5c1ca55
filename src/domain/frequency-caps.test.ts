import { describe, expect, it } from 'vitest';
import {
  DEFAULT_REACTIVATION_CAPS,
  ReactivationCaps,
  dailyCapUntil,
  rollingCapUntil,
} from './frequency-caps.ts';
import { PracticeFile } from './practice.ts';

const NEW_YORK = 'America/New_York';
const dates = (...iso: string[]) => iso.map((s) => new Date(s));
const iso = (d: Date | undefined) => d?.toISOString();

describe('the daily cap counts calendar days in the local time zone', () => {
  it.each([
    // [what, sent, now, until]
    ['nothing sent', [], '2026-06-10T20:00:00Z', undefined],
    [
      'one today (10:00 EDT) → local midnight',
      ['2026-06-10T14:00:00Z'],
      '2026-06-10T20:00:00Z',
      '2026-06-11T04:00:00Z',
    ],
    [
      '23:59 EDT is still the same local day',
      ['2026-06-10T14:00:00Z'],
      '2026-06-11T03:59:00Z',
      '2026-06-11T04:00:00Z',
    ],
    [
      '00:00 EDT is the next local day',
      ['2026-06-10T14:00:00Z'],
      '2026-06-11T04:00:00Z',
      undefined,
    ],
    // 21:30 EDT on the 10th is 01:30Z on the 11th: the same UTC date as "now", another local date.
    [
      'sent 21:30 EDT yesterday, now 09:00 EDT (same UTC date)',
      ['2026-06-11T01:30:00Z'],
      '2026-06-11T13:00:00Z',
      undefined,
    ],
    // 20:30 EDT on the 10th is 00:30Z on the 11th; 23:00 EDT is 03:00Z: local date the same.
    [
      'sent 20:30 EDT, now 23:00 EDT (UTC date changed in between)',
      ['2026-06-11T00:30:00Z'],
      '2026-06-11T03:00:00Z',
      '2026-06-11T04:00:00Z',
    ],
    [
      'spring-forward day: midnight after is 04:00Z',
      ['2026-03-08T14:00:00Z'],
      '2026-03-08T20:00:00Z',
      '2026-03-09T04:00:00Z',
    ],
    [
      'fall-back day: midnight after is 05:00Z',
      ['2026-11-01T14:00:00Z'],
      '2026-11-01T20:00:00Z',
      '2026-11-02T05:00:00Z',
    ],
  ])('%s', (_what, sent, now, until) => {
    expect(
      iso(dailyCapUntil(new Date(now), dates(...sent), DEFAULT_REACTIVATION_CAPS, NEW_YORK)),
    ).toBe(until && new Date(until).toISOString());
  });

  it('takes its own caps: two a day allows a second, not a third', () => {
    const caps = { perDay: 2, perWindow: 10, windowDays: 7 };
    const now = new Date('2026-06-10T20:00:00Z');
    expect(dailyCapUntil(now, dates('2026-06-10T14:00:00Z'), caps, NEW_YORK)).toBeUndefined();
    expect(
      iso(
        dailyCapUntil(now, dates('2026-06-10T14:00:00Z', '2026-06-10T15:00:00Z'), caps, NEW_YORK),
      ),
    ).toBe('2026-06-11T04:00:00.000Z');
  });
});

describe('the rolling cap: a message counts until it is exactly 7 × 24 h old', () => {
  const three = ['2026-06-01T14:00:00Z', '2026-06-03T14:00:00Z', '2026-06-05T14:00:00Z'];
  it.each([
    ['two in the window', three.slice(1), '2026-06-06T14:00:00Z', undefined],
    [
      'three: one minute before the oldest is 7 days old',
      three,
      '2026-06-08T13:59:00Z',
      '2026-06-08T14:00:00Z',
    ],
    ['three: the minute the oldest is 7 days old', three, '2026-06-08T14:00:00Z', undefined],
    [
      'three, in any order',
      [three[2]!, three[0]!, three[1]!],
      '2026-06-07T00:00:00Z',
      '2026-06-08T14:00:00Z',
    ],
    [
      'five: the third oldest has to age out',
      ['2026-06-01T10:00:00Z', '2026-06-02T10:00:00Z', ...three.slice(1), '2026-06-06T10:00:00Z'],
      '2026-06-07T00:00:00Z',
      '2026-06-10T14:00:00Z',
    ],
    // Across spring-forward: 7 × 24 h after 10:00 EST is 11:00 EDT, not 10:00.
    [
      'across daylight saving',
      ['2026-03-05T15:00:00Z', '2026-03-06T15:00:00Z', '2026-03-07T15:00:00Z'],
      '2026-03-12T14:30:00Z',
      '2026-03-12T15:00:00Z',
    ],
  ])('%s', (_what, sent, now, until) => {
    expect(iso(rollingCapUntil(new Date(now), dates(...sent), DEFAULT_REACTIVATION_CAPS))).toBe(
      until && new Date(until).toISOString(),
    );
  });
});

describe('the practice file may only tighten the caps', () => {
  const base = {
    name: 'P',
    timeZone: NEW_YORK,
    locations: [
      {
        name: 'L',
        timeZone: NEW_YORK,
        phone: '+16175550142',
        bookingUrl: 'https://p.example/book',
      },
    ],
  };
  it.each([
    ['absent', undefined, true],
    ['the defaults', {}, true],
    ['two in fourteen days', { perWindow: 2, windowDays: 14 }, true],
    ['two a day', { perDay: 2 }, false],
    ['four a week', { perWindow: 4 }, false],
    ['three in five days', { windowDays: 5 }, false],
  ])('%s', (_what, caps, ok) => {
    expect(PracticeFile.safeParse({ ...base, ...(caps ? { caps } : {}) }).success).toBe(ok);
  });

  it('fills the defaults', () => {
    expect(ReactivationCaps.parse({ perWindow: 2 })).toEqual({
      perDay: 1,
      perWindow: 2,
      windowDays: 7,
    });
  });
});
