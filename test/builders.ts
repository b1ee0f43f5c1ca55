import { normalizeLocalDateTime } from '../src/domain/dates.ts';
import type {
  Appointment,
  AppointmentStatus,
  Patient,
  PatientRecords,
  Procedure,
  Recall,
} from '../src/domain/records.ts';

/** Small builders for canonical records in tests: only what a case is about is written out. */
let counter = 0;
const nextId = (): string => String(++counter);

export function patient(overrides: Partial<Patient> = {}): Patient {
  return {
    id: overrides.id ?? nextId(),
    status: 'active',
    firstName: 'Test',
    lastName: 'Patient',
    smsConsent: 'yes',
    contactPreference: 'none',
    ...overrides,
  };
}

export function appointment(
  status: AppointmentStatus,
  start: string,
  overrides: Partial<Appointment> = {},
): Appointment {
  return {
    id: nextId(),
    patientId: 'p',
    status,
    start: normalizeLocalDateTime(start.length === 10 ? `${start}T10:00` : start) ?? start,
    isHygiene: false,
    ...overrides,
  };
}

export const completed = (day: string, overrides: Partial<Appointment> = {}): Appointment =>
  appointment('completed', day, overrides);
export const hygiene = (day: string): Appointment =>
  appointment('completed', day, { isHygiene: true });
export const broken = (day: string): Appointment => appointment('broken', day);
export const scheduled = (day: string): Appointment => appointment('scheduled', day);

export function recall(dueDate: string | undefined, overrides: Partial<Recall> = {}): Recall {
  return {
    id: nextId(),
    patientId: 'p',
    disabled: false,
    ...(dueDate ? { dueDate } : {}),
    ...overrides,
  };
}

export function planned(plannedDate: string | undefined, fee?: number): Procedure {
  return {
    id: nextId(),
    patientId: 'p',
    status: 'planned',
    ...(plannedDate ? { plannedDate } : {}),
    ...(fee !== undefined ? { fee } : {}),
  };
}

export function records(parts: Partial<PatientRecords> = {}): PatientRecords {
  return {
    patient: parts.patient ?? patient(),
    appointments: parts.appointments ?? [],
    recalls: parts.recalls ?? [],
    procedures: parts.procedures ?? [],
  };
}
