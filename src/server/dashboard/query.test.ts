import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../lib/errors.ts';
import { parseDashboardQuery } from './query.ts';

const TODAY = '2026-05-20';

function fieldOf(raw: unknown): string | undefined {
  try {
    parseDashboardQuery(raw, TODAY);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).field;
  }
  return undefined;
}

describe('parseDashboardQuery', () => {
  it('defaults to the last 30 days, today included', () => {
    expect(parseDashboardQuery({}, TODAY)).toEqual({
      from: '2026-04-21',
      to: '2026-05-20',
      filters: {},
    });
  });

  it('counts 30 days back from a given end', () => {
    expect(parseDashboardQuery({ to: '2026-03-01' }, TODAY)).toMatchObject({
      from: '2026-01-31',
      to: '2026-03-01',
    });
  });

  it('keeps the filters given and treats empty values as absent', () => {
    expect(
      parseDashboardQuery(
        {
          from: '2026-05-01',
          to: '2026-05-02',
          location: 'North',
          segment: 'dormant',
          channel: '',
          variant: 'b',
          other: 'x',
        },
        TODAY,
      ),
    ).toEqual({
      from: '2026-05-01',
      to: '2026-05-02',
      filters: { location: 'North', segment: 'dormant', variant: 'b' },
    });
  });

  it.each([
    [{ from: '2026-02-30' }, 'from'],
    [{ to: '20260501' }, 'to'],
    [{ from: ['2026-05-01', '2026-05-02'] }, 'from'],
    [{ segment: 'lost' }, 'segment'],
    [{ channel: 'fax' }, 'channel'],
    [{ variant: 'a b' }, 'variant'],
    [{ location: 'x'.repeat(201) }, 'location'],
    [{ from: '2026-05-10', to: '2026-05-09' }, 'from'],
    [{ from: '2026-05-21' }, 'from'],
    [{ from: '2025-05-19', to: '2026-05-20' }, 'from'],
  ])('refuses %j naming the field', (raw, field) => {
    expect(fieldOf(raw)).toBe(field);
  });

  it('accepts a range of exactly 366 days', () => {
    expect(parseDashboardQuery({ from: '2025-05-20', to: '2026-05-20' }, TODAY).from).toBe(
      '2025-05-20',
    );
  });
});
