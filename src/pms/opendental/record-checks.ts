import { daysInMonth } from '../../domain/dates.ts';
import {
  APPOINTMENT_STATUSES,
  CONTACT_PREFERENCES,
  PATIENT_STATUSES,
  PROCEDURE_STATUSES,
  SMS_CONSENTS,
} from '../../domain/records.ts';

/**
 * Hand-written checks that accept exactly what the canonical zod schemas of
 * src/domain/records.ts accept (for objects holding only the schema's keys), without copying the
 * object. The connector validates a million rows per audit; a full zod parse per row is a
 * measurable share of that (see bench/audit-opendental.ts), these checks are not.
 * record-checks.test.ts proves the equivalence against the schemas themselves.
 *
 * Each returns undefined when the record is valid, or `field: what is wrong` (never the value,
 * which may be patient data).
 */

type Fields = Record<string, unknown>;

/** The number written by `length` ASCII digits at `at`, or -1 if any of them is not a digit. */
function digits(s: string, at: number, length: number): number {
  let value = 0;
  for (let i = at; i < at + length; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    value = value * 10 + c;
  }
  return value;
}

/** A real date written `YYYY-MM-DD` starting at `at` (no substring, no regex). */
function dateAt(s: string, at: number): boolean {
  if (s.charCodeAt(at + 4) !== 45 || s.charCodeAt(at + 7) !== 45) return false;
  const year = digits(s, at, 4);
  const month = digits(s, at + 5, 2);
  const day = digits(s, at + 8, 2);
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Same answer as `isLocalDate` of src/domain/dates.ts, several times faster. */
export function isRealDate(s: string): boolean {
  return s.length === 10 && dateAt(s, 0);
}

/**
 * True when `s` is a local date-time already in the canonical form `YYYY-MM-DDTHH:MM:SS`: the
 * same answer as `normalizeLocalDateTime(s) === s`, several times faster.
 */
export function isNormalDateTime(s: string): boolean {
  if (
    s.length !== 19 ||
    s.charCodeAt(10) !== 84 ||
    s.charCodeAt(13) !== 58 ||
    s.charCodeAt(16) !== 58
  )
    return false;
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  const second = digits(s, 17, 2);
  return (
    hour >= 0 &&
    hour <= 23 &&
    minute >= 0 &&
    minute <= 59 &&
    second >= 0 &&
    second <= 59 &&
    dateAt(s, 0)
  );
}

const patientStatuses = new Set<unknown>(PATIENT_STATUSES);
const smsConsents = new Set<unknown>(SMS_CONSENTS);
const contactPreferences = new Set<unknown>(CONTACT_PREFERENCES);
const appointmentStatuses = new Set<unknown>(APPOINTMENT_STATUSES);
const procedureStatuses = new Set<unknown>(PROCEDURE_STATUSES);

// Each helper takes the value and the field's name (used only in the message): the callers read
// fields by name, which V8 keeps fast, rather than by a computed key, which it does not.
function text(v: unknown, min: number, key: string): string | undefined {
  if (typeof v !== 'string') return `${key}: expected a string`;
  if (v.length < min) return `${key}: expected at least ${min} character${min === 1 ? '' : 's'}`;
  return undefined;
}

function optionalText(v: unknown, min: number, key: string): string | undefined {
  return v === undefined ? undefined : text(v, min, key);
}

function optionalDate(v: unknown, key: string): string | undefined {
  if (v === undefined || (typeof v === 'string' && isRealDate(v))) return undefined;
  return `${key}: expected a real date written YYYY-MM-DD`;
}

function member(v: unknown, allowed: Set<unknown>, key: string): string | undefined {
  return allowed.has(v) ? undefined : `${key}: not one of the allowed values`;
}

function flag(v: unknown, key: string): string | undefined {
  return typeof v === 'boolean' ? undefined : `${key}: expected true or false`;
}

function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Same verdict as `Patient.safeParse`. */
export function checkPatient(p: unknown): string | undefined {
  if (!isRecord(p)) return 'expected an object';
  return (
    text(p.id, 1, 'id') ??
    optionalText(p.clinicId, 1, 'clinicId') ??
    member(p.status, patientStatuses, 'status') ??
    text(p.firstName, 0, 'firstName') ??
    text(p.lastName, 0, 'lastName') ??
    optionalText(p.preferredName, 1, 'preferredName') ??
    optionalDate(p.birthDate, 'birthDate') ??
    optionalText(p.mobilePhone, 1, 'mobilePhone') ??
    optionalText(p.homePhone, 1, 'homePhone') ??
    optionalText(p.workPhone, 1, 'workPhone') ??
    optionalText(p.email, 1, 'email') ??
    member(p.smsConsent, smsConsents, 'smsConsent') ??
    member(p.contactPreference, contactPreferences, 'contactPreference') ??
    optionalText(p.guarantorId, 1, 'guarantorId') ??
    optionalText(p.language, 2, 'language') ??
    optionalText(p.updatedAt, 1, 'updatedAt')
  );
}

/**
 * Same verdict as `Appointment.safeParse`, for a `start` already in the schema's normal form
 * (`YYYY-MM-DDTHH:MM:SS`): the schema would rewrite any other accepted form, so it is refused here.
 */
export function checkAppointment(a: unknown): string | undefined {
  if (!isRecord(a)) return 'expected an object';
  const start = a.start;
  const startProblem =
    typeof start === 'string' && isNormalDateTime(start)
      ? undefined
      : 'start: expected a local date-time YYYY-MM-DDTHH:MM:SS';
  return (
    text(a.id, 1, 'id') ??
    text(a.patientId, 1, 'patientId') ??
    member(a.status, appointmentStatuses, 'status') ??
    startProblem ??
    flag(a.isHygiene, 'isHygiene') ??
    optionalText(a.clinicId, 1, 'clinicId')
  );
}

/** Same verdict as `Recall.safeParse`. */
export function checkRecall(r: unknown): string | undefined {
  if (!isRecord(r)) return 'expected an object';
  return (
    text(r.id, 1, 'id') ??
    text(r.patientId, 1, 'patientId') ??
    optionalDate(r.dueDate, 'dueDate') ??
    optionalDate(r.previousDate, 'previousDate') ??
    optionalDate(r.scheduledDate, 'scheduledDate') ??
    flag(r.disabled, 'disabled')
  );
}

/** Same verdict as `Procedure.safeParse`. */
export function checkProcedure(p: unknown): string | undefined {
  if (!isRecord(p)) return 'expected an object';
  const fee = p.fee;
  const feeProblem =
    fee === undefined || (typeof fee === 'number' && Number.isFinite(fee) && fee >= 0)
      ? undefined
      : 'fee: expected a finite number, zero or more';
  return (
    text(p.id, 1, 'id') ??
    text(p.patientId, 1, 'patientId') ??
    member(p.status, procedureStatuses, 'status') ??
    feeProblem ??
    optionalDate(p.plannedDate, 'plannedDate') ??
    optionalDate(p.completedDate, 'completedDate') ??
    optionalText(p.appointmentId, 1, 'appointmentId') ??
    optionalText(p.code, 1, 'code')
  );
}
