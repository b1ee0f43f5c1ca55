import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  daysBetween,
  isLocalDate,
  isMinorOn,
  normalizeLocalDateTime,
} from './dates.ts';

describe('addMonths clamps the day to the end of the month', () => {
  it.each([
    ['2026-03-31', -1, '2026-02-28'],
    ['2026-02-28', 6, '2026-08-28'],
    ['2024-03-31', -1, '2024-02-29'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2026-08-31', -6, '2026-02-28'],
    ['2026-12-31', 2, '2027-02-28'],
    ['2026-01-15', -13, '2024-12-15'],
    ['2026-05-31', 6, '2026-11-30'],
    ['2026-10-31', -18, '2025-04-30'],
    ['2024-02-29', -12, '2023-02-28'],
    ['2024-02-29', 48, '2028-02-29'],
    ['2026-11-01', -36, '2023-11-01'],
    ['2026-01-01', -1, '2025-12-01'],
    ['2026-11-28', 0, '2026-11-28'],
  ])('%s %+d months = %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });
});

describe('local dates', () => {
  it.each([
    ['2026-02-28', true],
    ['2024-02-29', true],
    ['2026-02-29', false],
    ['2026-04-31', false],
    ['2026-13-01', false],
    ['2026-00-10', false],
    ['0000-01-01', false],
    ['0001-01-01', true],
    ['2026-1-5', false],
    ['02/03/2026', false],
    ['2026-02-03T10:00', false],
    ['', false],
  ])('isLocalDate(%j) is %s', (value, expected) => {
    expect(isLocalDate(value)).toBe(expected);
  });

  it.each([
    ['2026-11-01T09:30', '2026-11-01T09:30:00'],
    ['2026-11-01T09:30:15', '2026-11-01T09:30:15'],
    ['2026-11-01T24:00', undefined],
    ['2026-11-31T09:00', undefined],
    ['2026-11-01 09:30', undefined],
    ['2026-11-01', undefined],
  ])('normalizeLocalDateTime(%j) = %j', (value, expected) => {
    expect(normalizeLocalDateTime(value)).toBe(expected);
  });

  it('adds days across months, years and leap days', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-01-01', '2026-03-01')).toBe(59);
    expect(daysBetween('2026-03-08', '2026-03-09')).toBe(1);
  });
});

describe('isMinorOn: under 18 on asOf', () => {
  it.each([
    ['2008-11-28', '2026-11-28', false], // 18th birthday is asOf: 18
    ['2008-11-29', '2026-11-28', true], // turns 18 tomorrow
    ['2008-02-29', '2026-02-28', false], // leap-day birthday: the 18th falls on Feb 28
    ['2008-02-29', '2026-02-27', true],
    ['1990-05-05', '2026-11-28', false],
    ['2020-01-01', '2026-11-28', true],
  ])('born %s, on %s: minor=%s', (birth, asOf, expected) => {
    expect(isMinorOn(birth, asOf)).toBe(expected);
  });
});
