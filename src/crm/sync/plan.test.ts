import { describe, expect, it } from 'vitest';
import { broken, completed, patient, recall, records, scheduled } from '../../../test/builders.ts';
import { PracticeFile } from '../../domain/practice.ts';
import type { PatientRecords } from '../../domain/records.ts';
import { planSync, type PlanOptions } from './plan.ts';

const practice = PracticeFile.parse({
  name: 'Test Dental',
  timeZone: 'America/New_York',
  locations: [
    {
      clinicId: '0',
      name: 'Main office',
      timeZone: 'America/New_York',
      phone: '+1 617 555 0142',
      bookingUrl: 'https://example.com/book',
    },
    {
      clinicId: '2',
      name: 'West office',
      timeZone: 'America/Los_Angeles',
      phone: '+1 415 555 0142',
      bookingUrl: 'https://example.com/book-west',
    },
  ],
});
const options = (over: Partial<PlanOptions> = {}): PlanOptions => ({
  sourceName: 'csv',
  practice,
  asOf: '2026-11-01',
  now: new Date('2026-11-01T12:00:00Z'),
  publicBaseUrl: 'https://svc.example.com/',
  linkSecret: 's',
  previouslySynced: new Set(),
  ...over,
});
const noShow = (p: Partial<Parameters<typeof patient>[0]> = {}): PatientRecords =>
  records({ patient: patient(p), appointments: [broken('2026-10-01')] });
const current = (p: Partial<Parameters<typeof patient>[0]> = {}): PatientRecords =>
  records({
    patient: patient(p),
    appointments: [completed('2026-10-01')],
    recalls: [recall('2027-04-01')],
  });

describe('planning the sync', () => {
  it('takes every patient in a segment and every patient synced before, nobody else', async () => {
    const plan = await planSync(
      [noShow({ id: '1' }), current({ id: '2' }), current({ id: '3' })],
      options({ previouslySynced: new Set(['csv:0:3']) }),
    );
    expect([...plan.contacts()].map((c) => c.key)).toEqual(['csv:0:1', 'csv:0:3']);
    expect(plan.patientsRead).toBe(3);
    expect([...plan.contacts()][1]!.properties.reactivation_segment).toBe('none');
  });

  it('writes exactly the properties of domain.md', async () => {
    const plan = await planSync(
      [
        records({
          patient: patient({
            id: '7',
            clinicId: '2',
            firstName: 'Robert',
            preferredName: 'Bob',
            lastName: 'Jones',
            mobilePhone: '(415) 555-0199',
            email: 'bob@example.com',
            birthDate: '1970-01-01',
            language: 'es',
          }),
          appointments: [broken('2026-10-01'), scheduled('2026-10-20')],
        }),
      ],
      options(),
    );
    const [c] = [...plan.contacts()];
    expect(Object.keys(c!.properties).sort()).toEqual(
      [
        'firstname',
        'lastname',
        'mobilephone',
        'hs_language',
        'pms_patient_id',
        'reactivation_segment',
        'last_visit_date',
        'recall_due_date',
        'next_appointment_date',
        'reactivation_booking_link',
        'sms_consent',
        'whatsapp_consent',
        'preferred_channel',
        'practice_location',
      ].sort(),
    );
    expect(c!.properties).toMatchObject({
      pms_patient_id: 'csv:2:7',
      firstname: 'Bob',
      lastname: 'Jones',
      mobilephone: '+14155550199',
      hs_language: 'es',
      reactivation_segment: 'no_show',
      last_visit_date: '',
      next_appointment_date: '',
      sms_consent: 'yes',
      whatsapp_consent: 'unknown',
      preferred_channel: 'sms',
      practice_location: 'West office',
    });
    expect(c!.properties.reactivation_booking_link).toMatch(
      /^https:\/\/svc\.example\.com\/b\/[\w-]+\.[a-z0-9]+\.[\w-]+$/,
    );
    expect(c!.email).toBe('bob@example.com');
    expect(JSON.stringify(c!.properties)).not.toContain('1970');
  });

  it('writes the next appointment as an instant of the location’s zone', async () => {
    const plan = await planSync(
      [
        records({
          patient: patient({ id: '9', clinicId: '2' }),
          appointments: [scheduled('2026-12-01T09:30')],
        }),
      ],
      options({ previouslySynced: new Set(['csv:2:9']) }),
    );
    expect([...plan.contacts()][0]!.properties.next_appointment_date).toBe('2026-12-01T17:30:00Z');
  });

  it('reaches a minor through the guarantor’s mobile, and the guarantor alone carries the family email', async () => {
    const family = [
      noShow({ id: '20', birthDate: '2015-01-01', guarantorId: '10', email: 'parent@example.com' }),
      noShow({
        id: '10',
        guarantorId: '10',
        mobilePhone: '617-555-0123',
        email: 'parent@example.com',
      }),
      noShow({ id: '21', birthDate: '2017-01-01', guarantorId: '10', email: 'parent@example.com' }),
    ];
    const plan = await planSync(family, options());
    const byId = new Map([...plan.contacts()].map((c) => [c.patientId, c]));
    expect(byId.get('10')!.email).toBe('parent@example.com');
    expect(byId.get('20')!.email).toBeUndefined();
    expect(byId.get('21')!.email).toBeUndefined();
    expect(byId.get('20')!.properties.mobilephone).toBe('+16175550123');
  });

  it('when the guarantor is not synced, one child carries it; unrelated adults sharing one: the lowest id', async () => {
    const plan = await planSync(
      [
        current({ id: '10', guarantorId: '10', email: 'parent@example.com' }),
        noShow({ id: '22', birthDate: '2015-01-01', guarantorId: '10' }),
        noShow({ id: '23', birthDate: '2016-01-01', guarantorId: '10' }),
        noShow({ id: '31', email: 'shared@example.com' }),
        noShow({ id: '30', email: 'Shared@Example.com' }),
      ],
      options(),
    );
    const emails = Object.fromEntries([...plan.contacts()].map((c) => [c.patientId, c.email]));
    expect(emails).toEqual({
      '22': 'parent@example.com',
      '23': undefined,
      '31': undefined,
      '30': 'shared@example.com',
    });
  });
});
