import { describe, expect, it } from 'vitest';
import { createZoneConverter } from '../../domain/zoned-time.ts';
import { mapAppointment } from './map-appointment.ts';
import { patientKey } from './references.ts';
import { ResourceProblem } from './resources.ts';

const newYork = createZoneConverter('America/New_York');

function appointment(fields: Record<string, unknown>) {
  return {
    resourceType: 'Appointment',
    id: 'a1',
    status: 'booked',
    start: '2026-06-01T14:00:00Z',
    participant: [{ actor: { reference: 'Patient/p1' } }],
    ...fields,
  };
}

function problemOf(resource: unknown): string {
  try {
    mapAppointment(resource, newYork);
  } catch (error) {
    if (error instanceof ResourceProblem) return error.message;
    throw error;
  }
  throw new Error('expected a ResourceProblem');
}

describe('status', () => {
  it.each([
    ['booked', 'scheduled'],
    ['pending', 'scheduled'],
    ['arrived', 'scheduled'],
    ['checked-in', 'scheduled'],
    ['fulfilled', 'completed'],
    ['noshow', 'broken'],
    ['cancelled', 'cancelled'],
    ['proposed', 'planned'],
    ['waitlist', 'planned'],
  ])('%s is %s', (status, expected) => {
    expect(mapAppointment(appointment({ status }), newYork)?.appointment.status).toBe(expected);
  });

  it('entered-in-error is no appointment, and no problem', () => {
    expect(mapAppointment(appointment({ status: 'entered-in-error' }), newYork)).toBeNull();
  });

  it('anything else is a problem', () => {
    expect(problemOf(appointment({ status: 'Booked' }))).toBe(
      'status is not an R4 Appointment status',
    );
  });
});

describe('hygiene', () => {
  it.each([
    [{ serviceType: [{ text: 'Hygiene visit' }] }, true],
    [{ serviceType: [{ text: 'Adult prophy' }] }, true],
    [{ serviceType: [{ coding: [{ code: 'RECALL' }] }] }, true],
    [{ serviceType: [{ coding: [{ code: '234723000', display: 'Dental prophylaxis' }] }] }, true],
    [{ serviceType: [{ text: 'Crown' }, { text: 'Teeth cleaning' }] }, true],
    [{ appointmentType: { text: 'HYGIENIST' } }, true],
    [{ appointmentType: { coding: [{ code: 'CHECKUP', display: 'A routine check-up' }] } }, false],
    [{ serviceType: [{ text: 'Crown preparation' }] }, false],
    [{}, false],
  ])('%j → %s', (fields, isHygiene) => {
    expect(mapAppointment(appointment(fields), newYork)?.appointment.isHygiene).toBe(isHygiene);
  });
});

describe('start is the local date-time in the practice zone', () => {
  it.each([
    ['2026-01-15T15:00:00Z', '2026-01-15T10:00:00'],
    ['2026-06-01T14:00:00Z', '2026-06-01T10:00:00'],
    ['2026-06-01T16:00:00+02:00', '2026-06-01T10:00:00'],
    ['2026-06-02T01:30:00Z', '2026-06-01T21:30:00'],
    // America/New_York springs forward on 2026-03-08 at 2:00 and falls back on 2026-11-01.
    ['2026-03-08T06:59:00Z', '2026-03-08T01:59:00'],
    ['2026-03-08T07:00:00Z', '2026-03-08T03:00:00'],
    ['2026-11-01T05:30:00Z', '2026-11-01T01:30:00'],
    ['2026-11-01T06:30:00Z', '2026-11-01T01:30:00'],
    ['2026-11-01T07:30:00Z', '2026-11-01T02:30:00'],
  ])('%s → %s', (start, local) => {
    expect(mapAppointment(appointment({ start }), newYork)?.appointment.start).toBe(local);
  });

  it.each([
    [{ start: undefined }, 'start is missing'],
    [{ start: '2026-06-01T10:00:00' }, 'start is not an instant with a time zone offset'],
    [{ start: '2026-06-01' }, 'start is not an instant with a time zone offset'],
    [{ start: '2026-02-30T10:00:00Z' }, 'start is not an instant with a time zone offset'],
  ])('%j: %s', (fields, reason) => {
    expect(problemOf(appointment(fields))).toBe(reason);
  });
});

describe('the patient', () => {
  it('is the first participant whose actor references a Patient', () => {
    const mapped = mapAppointment(
      appointment({
        participant: [
          { actor: { reference: 'Practitioner/dr1' } },
          { actor: { reference: 'https://ehr.example/fhir/Patient/p9/_history/3' } },
        ],
      }),
      newYork,
    );
    expect(mapped).toEqual({
      patientKey: 'p9',
      appointment: {
        id: 'a1',
        patientId: 'p9',
        status: 'scheduled',
        start: '2026-06-01T10:00:00',
        isHygiene: false,
      },
    });
  });

  it('is a problem when no participant is a Patient', () => {
    expect(problemOf(appointment({ participant: [{ actor: { reference: 'Location/l1' } }] }))).toBe(
      'participant: no actor references a Patient',
    );
  });
});

describe('patientKey', () => {
  it.each([
    ['Patient/123', '123'],
    ['https://server/fhir/Patient/a-b.c', 'a-b.c'],
    ['Patient/123/_history/2', '123'],
    [
      'urn:uuid:6c1d1b4e-3f7a-4a52-9d0e-1f2a3b4c5d6e',
      'urn:uuid:6c1d1b4e-3f7a-4a52-9d0e-1f2a3b4c5d6e',
    ],
    ['Practitioner/1', undefined],
    ['Group/Patient', undefined],
    ['', undefined],
  ])('%j → %s', (reference, key) => {
    expect(patientKey({ reference })).toBe(key);
  });
});
