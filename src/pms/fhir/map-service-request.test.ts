import { describe, expect, it } from 'vitest';
import { createZoneConverter } from '../../domain/zoned-time.ts';
import { mapServiceRequest } from './map-service-request.ts';
import { ResourceProblem } from './resources.ts';

const newYork = createZoneConverter('America/New_York');

function request(fields: Record<string, unknown>) {
  return {
    resourceType: 'ServiceRequest',
    id: 's1',
    status: 'active',
    intent: 'plan',
    subject: { reference: 'Patient/p1' },
    ...fields,
  };
}

describe('ServiceRequest', () => {
  it('active and draft are planned procedures dated authoredOn, without a fee', () => {
    for (const status of ['active', 'draft']) {
      expect(
        mapServiceRequest(
          request({ status, authoredOn: '2026-04-01', code: { coding: [{ code: 'D2740' }] } }),
          newYork,
        ),
      ).toEqual({
        patientKey: 'p1',
        procedure: {
          id: 's1',
          patientId: 'p1',
          status: 'planned',
          plannedDate: '2026-04-01',
          code: 'D2740',
        },
      });
    }
  });

  it.each(['completed', 'revoked', 'on-hold', 'entered-in-error', 'unknown'])(
    '%s is not planned treatment',
    (status) => {
      expect(mapServiceRequest(request({ status }), newYork)).toBeNull();
    },
  );

  it.each([
    ['2026-03-01', '2026-03-01'],
    ['2026-03-01T02:00:00Z', '2026-02-28'],
    ['2026-03-01T12:00:00-05:00', '2026-03-01'],
  ])('authoredOn %s is planned on %s in New York', (authoredOn, date) => {
    expect(mapServiceRequest(request({ authoredOn }), newYork)?.procedure.plannedDate).toBe(date);
  });

  it.each([
    [{ authoredOn: '2026-03' }, 'authoredOn is not a full date or a date-time with an offset'],
    [{ authoredOn: '2026-02-30' }, 'authoredOn is not a full date or a date-time with an offset'],
    [
      { authoredOn: '2026-03-01T10:00:00' },
      'authoredOn is not a full date or a date-time with an offset',
    ],
    [{ subject: { reference: 'Group/g1' } }, 'subject does not reference a Patient'],
    [{ status: 'open' }, 'status is not an R4 ServiceRequest status'],
    [{ subject: undefined }, 'subject: Invalid input: expected object, received undefined'],
  ])('%j: %s', (fields, reason) => {
    expect(() => mapServiceRequest(request(fields), newYork)).toThrow(new ResourceProblem(reason));
  });
});
