import { describe, expect, it } from 'vitest';
import { broken, completed, patient, planned, recall, records } from '../../test/builders.ts';
import { AuditReport, AuditTally } from './audit.ts';
import { PracticeFile } from './practice.ts';

const practice = PracticeFile.parse({
  name: 'Test Dental',
  timeZone: 'America/New_York',
  locations: [
    {
      name: 'Main',
      timeZone: 'America/New_York',
      phone: '+1 617 555 0142',
      bookingUrl: 'https://example.com/book',
    },
  ],
});
const AS_OF = '2026-11-01';
const MOBILE = '(617) 555-0142';

describe('the audit', () => {
  it('counts every patient exactly once and matches the documented JSON', () => {
    const tally = new AuditTally(AS_OF, practice);
    tally.add(
      records({ patient: patient({ mobilePhone: MOBILE }), appointments: [broken('2026-10-01')] }),
    );
    tally.add(
      records({
        patient: patient({ email: 'a@b.com' }),
        procedures: [planned('2026-01-01', 1200)],
      }),
    );
    tally.add(
      records({
        patient: patient(),
        appointments: [completed('2026-01-01')],
        recalls: [recall('2026-07-01')],
      }),
    );
    tally.add(
      records({ patient: patient({ homePhone: MOBILE }), appointments: [completed('2024-06-01')] }),
    );
    tally.add(records({ patient: patient({ status: 'deceased' }) }));
    tally.add(
      records({
        patient: patient(),
        appointments: [completed('2026-10-01')],
        recalls: [recall('2027-04-01')],
      }),
    );
    const report = AuditReport.parse(tally.finish(2));
    expect(report).toMatchObject({
      asOf: AS_OF,
      patients: 6,
      segments: { no_show: 1, unscheduled_treatment: 1, overdue_recall: 1, dormant: 1 },
      active: 1,
      excluded: { inactive: 0, deceased: 1, scheduled: 0, never_visited: 0, lost: 0 },
      reachable: { sms: 1, email: 1, call: 2, any: 3 },
      skipped: 2,
    });
    const sum =
      Object.values(report.segments).reduce((a, b) => a + b, 0) +
      report.active +
      Object.values(report.excluded).reduce((a, b) => a + b, 0);
    expect(sum).toBe(report.patients);
    expect(Object.keys(report)).toEqual([
      'asOf',
      'patients',
      'segments',
      'active',
      'excluded',
      'reachable',
      'estimate',
      'skipped',
    ]);
  });

  it('reachable counts only patients in a segment', () => {
    const tally = new AuditTally(AS_OF, practice);
    tally.add(
      records({
        patient: patient({ mobilePhone: MOBILE, email: 'x@y.com' }),
        appointments: [completed('2026-10-01')],
        recalls: [recall('2027-04-01')],
      }),
    );
    expect(tally.finish().reachable).toEqual({ sms: 0, email: 0, call: 0, any: 0 });
  });

  it('reaches a minor through a guarantor read later in the stream', () => {
    const tally = new AuditTally(AS_OF, practice);
    tally.add(
      records({
        patient: patient({
          id: 'kid',
          birthDate: '2016-01-01',
          guarantorId: 'mum',
          mobilePhone: '555-12',
        }),
        appointments: [broken('2026-10-01')],
      }),
    );
    tally.add(
      records({
        patient: patient({
          id: 'mum',
          mobilePhone: MOBILE,
          email: 'mum@example.com',
          smsConsent: 'no',
        }),
        appointments: [completed('2026-10-01')],
        recalls: [recall('2027-04-01')],
      }),
    );
    expect(tally.finish().reachable).toEqual({ sms: 0, email: 1, call: 1, any: 1 });
  });

  it('estimates from reachable patients, booking rates, visit values and planned fees, and states them', () => {
    const tally = new AuditTally(AS_OF, practice);
    for (let i = 0; i < 10; i++)
      tally.add(
        records({
          patient: patient({ mobilePhone: MOBILE }),
          appointments: [broken('2026-10-01')],
        }),
      );
    tally.add(
      records({
        patient: patient({ mobilePhone: MOBILE }),
        procedures: [planned('2026-01-01', 2000)],
      }),
    );
    tally.add(
      records({ patient: patient({ mobilePhone: MOBILE }), procedures: [planned('2026-01-01')] }),
    );
    tally.add(records({ patient: patient(), procedures: [planned('2026-01-01', 5000)] })); // unreachable
    const { estimate } = tally.finish();
    // no_show: 10 × 0.15 = 1.5 visits × 250; unscheduled: 2 reachable × 0.1 = 0.2 visits, (2000 + 900) × 0.1
    expect(estimate.appointments).toBe(Math.round(1.5 + 0.2));
    expect(estimate.revenue).toBe(Math.round(1.5 * 250 + 0.1 * 2900));
    expect(estimate.assumptions).toMatchObject({
      currency: 'USD',
      no_show: { bookingRate: 0.15, visitValue: 250 },
      unscheduled_treatment: { bookingRate: 0.1, visitValue: 900 },
      overdue_recall: { bookingRate: 0.15, visitValue: 250 },
      dormant: { bookingRate: 0.08, visitValue: 250 },
    });
  });

  it('uses the practice file’s own assumptions', () => {
    const own = PracticeFile.parse({
      ...practice,
      estimate: { usePlannedFees: false, no_show: { bookingRate: 0.5, visitValue: 100 } },
    });
    const tally = new AuditTally(AS_OF, own);
    for (let i = 0; i < 4; i++)
      tally.add(
        records({
          patient: patient({ mobilePhone: MOBILE }),
          appointments: [broken('2026-10-01')],
        }),
      );
    tally.add(
      records({
        patient: patient({ mobilePhone: MOBILE }),
        procedures: [planned('2026-01-01', 2000)],
      }),
    );
    expect(tally.finish().estimate).toMatchObject({
      appointments: 2,
      revenue: Math.round(2 * 100 + 0.1 * 900),
    });
  });
});
