import type { PatientRecords, Procedure } from '../../src/domain/records.ts';

/**
 * What survives a trip through FHIR (write-fhir.ts and domain.md): no recalls, fees, completed or
 * other procedures, SMS consent, contact preference or clinics; archived, deleted, non-patient and
 * prospective patients read back as inactive; unscheduled and other appointments as planned.
 */
export function whatFhirKeeps(records: PatientRecords[]): PatientRecords[] {
  return records.map((r) => {
    const { clinicId: _clinic, smsConsent: _sms, contactPreference: _pref, ...patient } = r.patient;
    const status =
      r.patient.status === 'active' || r.patient.status === 'deceased'
        ? r.patient.status
        : 'inactive';
    return {
      patient: { ...patient, status, smsConsent: 'unknown', contactPreference: 'none' },
      appointments: r.appointments.map(({ clinicId: _c, ...a }) => ({
        ...a,
        status: a.status === 'unscheduled' || a.status === 'other' ? 'planned' : a.status,
      })),
      recalls: [],
      procedures: r.procedures
        .filter((p) => p.status === 'planned')
        .map((p): Procedure => ({
          id: p.id,
          patientId: p.patientId,
          status: 'planned',
          ...(p.plannedDate ? { plannedDate: p.plannedDate } : {}),
          ...(p.code ? { code: p.code } : {}),
        })),
    };
  });
}
