import { describe, expect, it } from 'vitest';
import {
  broken,
  completed,
  hygiene,
  patient,
  planned,
  recall,
  records,
  scheduled,
} from '../../test/builders.ts';
import { SegmentWindows } from './practice.ts';
import { segmentContext, segmentPatient, type Segmentation } from './segment.ts';
import type { PatientRecords } from './records.ts';

const windows = SegmentWindows.parse({});
const run = (asOf: string, r: PatientRecords): Segmentation =>
  segmentPatient(r, segmentContext(asOf, windows));
const outcome = (asOf: string, r: PatientRecords): string => {
  const s = run(asOf, r);
  return s.outcome === 'excluded' ? `excluded:${s.exclusion}` : s.outcome;
};

// asOf 2026-11-01: no-show window after 2025-11-01; planned after 2024-11-01;
// dormant on or before 2025-05-01; lost on or before 2023-11-01.
const AS_OF = '2026-11-01';
const recent = completed('2026-09-01');

describe('window cut-offs, with month-end clamping', () => {
  it.each([
    [
      '2026-11-01',
      {
        noShowAfter: '2025-11-01',
        plannedAfter: '2024-11-01',
        dormantOnOrBefore: '2025-05-01',
        lostOnOrBefore: '2023-11-01',
      },
    ],
    [
      '2026-03-31',
      {
        noShowAfter: '2025-03-31',
        plannedAfter: '2024-03-31',
        dormantOnOrBefore: '2024-09-30',
        lostOnOrBefore: '2023-03-31',
      },
    ],
    [
      '2024-02-29',
      {
        noShowAfter: '2023-02-28',
        plannedAfter: '2022-02-28',
        dormantOnOrBefore: '2022-08-29',
        lostOnOrBefore: '2021-02-28',
      },
    ],
    [
      '2026-08-31',
      {
        noShowAfter: '2025-08-31',
        plannedAfter: '2024-08-31',
        dormantOnOrBefore: '2025-02-28',
        lostOnOrBefore: '2023-08-31',
      },
    ],
  ])('as of %s', (asOf, expected) => {
    expect(segmentContext(asOf, windows)).toMatchObject(expected);
  });

  it('takes the windows from the practice file', () => {
    const ctx = segmentContext(
      AS_OF,
      SegmentWindows.parse({
        noShowMonths: 6,
        unscheduledTreatmentMonths: 12,
        dormantMonths: 24,
        lostMonths: 60,
        recallIntervalMonths: 12,
      }),
    );
    expect(ctx).toMatchObject({
      noShowAfter: '2026-05-01',
      plannedAfter: '2025-11-01',
      dormantOnOrBefore: '2024-11-01',
      lostOnOrBefore: '2021-11-01',
      recallIntervalMonths: 12,
    });
  });
});

describe('1. status', () => {
  it.each([
    ['deceased', 'excluded:deceased'],
    ['inactive', 'excluded:inactive'],
    ['archived', 'excluded:inactive'],
    ['deleted', 'excluded:inactive'],
    ['non_patient', 'excluded:inactive'],
    ['prospective', 'excluded:inactive'],
    ['active', 'no_show'],
  ] as const)('%s → %s (even with a recent no-show)', (status, expected) => {
    expect(
      outcome(
        AS_OF,
        records({ patient: patient({ status }), appointments: [broken('2026-10-01')] }),
      ),
    ).toBe(expected);
  });

  it('a deceased patient with a scheduled appointment is deceased, not scheduled', () => {
    expect(
      outcome(
        AS_OF,
        records({
          patient: patient({ status: 'deceased' }),
          appointments: [scheduled('2026-12-01')],
        }),
      ),
    ).toBe('excluded:deceased');
  });
});

describe('2. already scheduled', () => {
  it.each([
    ['2026-11-01', 'excluded:scheduled'], // on asOf
    ['2027-03-01', 'excluded:scheduled'],
    ['2026-10-31', 'no_show'], // a "scheduled" appointment in the past does not count
  ])('scheduled on %s → %s', (day, expected) => {
    expect(outcome(AS_OF, records({ appointments: [scheduled(day), broken('2026-10-01')] }))).toBe(
      expected,
    );
  });

  it('reports the next scheduled appointment, with its PMS id (write-back confirms that one)', () => {
    const next = scheduled('2026-12-01T08:00');
    const s = run(
      AS_OF,
      records({
        appointments: [scheduled('2027-01-05T14:30'), next, scheduled('2026-10-01')],
      }),
    );
    expect(s.nextAppointment).toBe('2026-12-01T08:00:00');
    expect(s.nextAppointmentId).toBe(next.id);
  });
});

describe('3. no_show: broken in (asOf − 12 months, asOf], no completed visit after it', () => {
  it.each([
    ['2026-11-01', 'no_show'], // on asOf
    ['2025-11-02', 'no_show'], // first day of the window
    ['2025-11-01', 'active'], // exactly 12 months before: outside
    ['2026-11-02', 'active'], // after asOf
  ])('broken on %s → %s', (day, expected) => {
    expect(
      outcome(
        AS_OF,
        records({
          appointments: [completed('2025-06-01'), broken(day)],
          recalls: [recall('2027-03-01')],
        }),
      ),
    ).toBe(expected);
  });

  it('broken on the first day of the window with no visit since → no_show', () => {
    expect(
      outcome(
        AS_OF,
        records({
          appointments: [completed('2025-06-01'), broken('2025-11-02')],
          recalls: [recall('2027-01-01')],
        }),
      ),
    ).toBe('no_show');
  });

  it.each([
    [
      'a completed visit after the broken one',
      [broken('2026-05-01T09:00'), completed('2026-05-01T11:00')],
      'active',
    ],
    [
      'a completed visit at the same start',
      [broken('2026-05-01T09:00'), completed('2026-05-01T09:00')],
      'no_show',
    ],
    ['a completed visit before it', [completed('2026-04-01'), broken('2026-05-01')], 'no_show'],
    [
      'an early no-show made good, then a later one',
      [broken('2026-01-01'), completed('2026-02-01'), broken('2026-06-01')],
      'no_show',
    ],
    [
      'two no-shows, a visit after both',
      [broken('2026-01-01'), broken('2026-06-01'), completed('2026-07-01')],
      'active',
    ],
  ])('%s', (_name, appointments, expected) => {
    expect(outcome(AS_OF, records({ appointments, recalls: [recall('2027-03-01')] }))).toBe(
      expected,
    );
  });

  it('comes before unscheduled treatment', () => {
    expect(
      outcome(
        AS_OF,
        records({ appointments: [broken('2026-06-01')], procedures: [planned('2026-05-01', 900)] }),
      ),
    ).toBe('no_show');
  });
});

describe('4. unscheduled_treatment: planned in (asOf − 24 months, asOf]', () => {
  it.each([
    ['2026-11-01', 'unscheduled_treatment'],
    ['2024-11-02', 'unscheduled_treatment'],
    ['2024-11-01', 'active'],
    ['2026-11-02', 'active'],
  ])('planned on %s → %s', (day, expected) => {
    expect(
      outcome(
        AS_OF,
        records({
          appointments: [recent],
          recalls: [recall('2027-03-01')],
          procedures: [planned(day, 500)],
        }),
      ),
    ).toBe(expected);
  });

  it('ignores completed and other procedures, and planned ones without a date', () => {
    const procedures = [
      { ...planned('2026-05-01', 100), status: 'completed' as const },
      { ...planned('2026-05-01', 100), status: 'other' as const },
      planned(undefined, 100),
    ];
    expect(
      outcome(
        AS_OF,
        records({ appointments: [recent], recalls: [recall('2027-03-01')], procedures }),
      ),
    ).toBe('active');
  });

  it('sums the planned fees inside the window', () => {
    const s = run(
      AS_OF,
      records({
        procedures: [
          planned('2026-05-01', 900),
          planned('2025-01-01', 250.5),
          planned('2024-01-01', 1000),
          planned('2026-06-01'),
        ],
      }),
    );
    expect(s.outcome).toBe('unscheduled_treatment');
    expect(s.plannedFees).toBe(1150.5);
  });

  it('comes before never_visited: a patient with a plan but no visit yet', () => {
    expect(outcome(AS_OF, records({ procedures: [planned('2026-01-01', 100)] }))).toBe(
      'unscheduled_treatment',
    );
  });
});

describe('5–7. by the last visit', () => {
  it.each([
    [[], 'excluded:never_visited'],
    [[completed('2026-11-02')], 'excluded:never_visited'], // only a "completed" visit after asOf
    [[completed('2023-11-01')], 'excluded:lost'], // exactly 36 months
    [[completed('2023-11-02')], 'dormant'],
    [[completed('2025-05-01')], 'dormant'], // exactly 18 months
    [[completed('2025-05-02')], 'overdue_recall'], // fallback due 2025-11-02
    [[completed('2020-01-01'), completed('2025-05-01T08:00')], 'dormant'],
  ])('%j → %s', (appointments, expected) => {
    expect(outcome(AS_OF, records({ appointments }))).toBe(expected);
  });

  it('only completed appointments are visits', () => {
    expect(
      outcome(
        AS_OF,
        records({
          appointments: [
            { ...recent, status: 'cancelled' },
            { ...recent, status: 'unscheduled' },
          ],
        }),
      ),
    ).toBe('excluded:never_visited');
  });

  it('reports the last visit date', () => {
    expect(
      run(
        AS_OF,
        records({
          appointments: [
            completed('2026-01-10'),
            completed('2026-09-01T16:00'),
            completed('2026-11-05'),
          ],
        }),
      ).lastVisit,
    ).toBe('2026-09-01');
  });
});

describe('8. overdue_recall: due before asOf', () => {
  const visit = completed('2026-08-01');
  it.each([
    ['due the day before asOf', [recall('2026-10-31')], 'overdue_recall'],
    ['due on asOf: not yet overdue', [recall('2026-11-01')], 'active'],
    ['due later', [recall('2027-02-01')], 'active'],
    [
      'the earliest enabled recall decides',
      [recall('2027-02-01'), recall('2026-10-01')],
      'overdue_recall',
    ],
    [
      'a disabled recall is ignored',
      [recall('2026-10-01', { disabled: true }), recall('2027-02-01')],
      'active',
    ],
    ['all recalls disabled: never overdue', [recall('2026-01-01', { disabled: true })], 'active'],
    ['recall rows without dates: no due date, no fallback', [recall(undefined)], 'active'],
  ])('%s', (_name, recalls, expected) => {
    expect(outcome(AS_OF, records({ appointments: [visit], recalls }))).toBe(expected);
  });

  it('no recall rows: last completed hygiene visit + 6 months', () => {
    const r = (asOf: string): string =>
      outcome(asOf, records({ appointments: [hygiene('2026-05-31'), completed('2026-08-15')] }));
    expect(
      run('2026-11-30', records({ appointments: [hygiene('2026-05-31'), completed('2026-08-15')] }))
        .recallDue,
    ).toBe('2026-11-30');
    expect(r('2026-11-30')).toBe('active'); // due on asOf
    expect(r('2026-12-01')).toBe('overdue_recall');
  });

  it('no recall rows and no hygiene visit: last visit + 6 months, clamped', () => {
    const r = records({ appointments: [completed('2025-08-31')] });
    expect(run('2026-02-28', r).recallDue).toBe('2026-02-28');
    expect(outcome('2026-02-28', r)).toBe('active');
    expect(outcome('2026-03-01', r)).toBe('overdue_recall');
  });

  it('a hygiene visit after asOf is not used by the fallback', () => {
    const r = records({ appointments: [hygiene('2026-03-01'), hygiene('2026-11-20')] });
    expect(run(AS_OF, r).recallDue).toBe('2026-09-01');
    expect(outcome(AS_OF, r)).toBe('overdue_recall');
  });

  it('uses the practice’s recall interval', () => {
    const ctx = segmentContext(AS_OF, SegmentWindows.parse({ recallIntervalMonths: 12 }));
    expect(segmentPatient(records({ appointments: [completed('2026-01-15')] }), ctx).outcome).toBe(
      'active',
    );
  });
});

describe('9. active', () => {
  it('a current patient with a recall ahead', () => {
    expect(
      outcome(AS_OF, records({ appointments: [recent], recalls: [recall('2027-03-01')] })),
    ).toBe('active');
  });
});
