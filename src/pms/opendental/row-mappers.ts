import type { Appointment, Patient, Procedure, Recall } from '../../domain/records.ts';
import {
  appointmentStatus,
  PAT_STATUS,
  PREFER_CONTACT_METHOD,
  procedureStatus,
  TXT_MSG_OK,
} from './codes.ts';
import { languageTag } from './language.ts';
import { checkAppointment, checkPatient, checkProcedure, checkRecall } from './record-checks.ts';

/**
 * One Open Dental row (an array in the column order of queries.ts) to one canonical record.
 * Each mapper returns the record, or a string saying why the row cannot be used (without its
 * content). Rules of domain.md: zero dates and empty strings mean "none", 0 means "no clinic" or
 * "no appointment", ids become decimal strings, date-times stay the local times Open Dental stores.
 */

export type Row = unknown[];

/** `0001-01-01`, `0000-00-00` and their date-time forms: Open Dental's "no date". */
function isZeroDate(value: string): boolean {
  return value.startsWith('0001-01-01') || value.startsWith('0000-00-00');
}

function date(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  const s = value as string;
  return s === '' || isZeroDate(s) ? undefined : s;
}

/** `YYYY-MM-DD HH:MM:SS` (mysql2 with dateStrings) to the canonical `YYYY-MM-DDTHH:MM:SS`. */
function dateTime(value: unknown): string | undefined {
  const s = date(value);
  if (s === undefined) return undefined;
  // One flat string out (slicing and concatenating would allocate four).
  if (s.length === 19 && s.charCodeAt(10) === 32) return s.replace(' ', 'T');
  return s.length > 19 && s.charCodeAt(10) === 32 ? `${s.slice(0, 10)}T${s.slice(11, 19)}` : s;
}

/** A TIMESTAMP read in UTC (the session's zone, see connection.ts) as an ISO 8601 instant. */
function instant(value: unknown): string | undefined {
  const s = dateTime(value);
  return s === undefined ? undefined : `${s}Z`;
}

/** Text, or undefined when empty or blank. */
function text(value: unknown): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const s = value as string;
  const first = s.charCodeAt(0);
  const last = s.charCodeAt(s.length - 1);
  // Only strings that start or end with whitespace can be blank: skip the trim for the rest.
  if ((first <= 32 || last <= 32) && s.trim() === '') return undefined;
  return s;
}

function id(value: unknown): string | undefined {
  return typeof value === 'number' && value !== 0 ? String(value) : undefined;
}

/** Reasons name the Open Dental column, which is what a practice can look up and fix. */
function inColumns(reason: string, columns: Record<string, string>): string {
  const colon = reason.indexOf(':');
  const field = colon > 0 ? reason.slice(0, colon) : '';
  const column = columns[field];
  return column === undefined ? reason : `${column}${reason.slice(colon)}`;
}

const PATIENT_COLUMN_OF: Record<string, string> = {
  birthDate: 'Birthdate',
  preferredName: 'Preferred',
  language: 'Language',
  updatedAt: 'DateTStamp',
  firstName: 'FName',
  lastName: 'LName',
};

export function mapPatient(r: Row): Patient | string {
  const patNum = r[0] as number;
  const status = PAT_STATUS[r[4] as number];
  if (status === undefined) return `PatStatus ${String(r[4])} is not an Open Dental patient status`;
  const smsConsent = TXT_MSG_OK[r[10] as number];
  if (smsConsent === undefined) return `TxtMsgOk ${String(r[10])} is not 0, 1 or 2`;
  const contactPreference = PREFER_CONTACT_METHOD[r[11] as number];
  if (contactPreference === undefined)
    return `PreferContactMethod ${String(r[11])} is not a contact method`;
  const patient: Patient = {
    id: String(patNum),
    clinicId: id(r[13]),
    status,
    firstName: (r[2] as string | null) ?? '',
    lastName: (r[1] as string | null) ?? '',
    preferredName: text(r[3]),
    birthDate: date(r[5]),
    mobilePhone: text(r[6]),
    homePhone: text(r[7]),
    workPhone: text(r[8]),
    email: text(r[9]),
    smsConsent,
    contactPreference,
    // Open Dental makes the head of a family their own guarantor; kept as it is.
    guarantorId: id(r[12]),
    language: languageTag(r[14] as string | null),
    updatedAt: instant(r[15]),
  };
  const problem = checkPatient(patient);
  return problem === undefined ? patient : inColumns(problem, PATIENT_COLUMN_OF);
}

/**
 * An appointment, a reason, or null for an undated planned, unscheduled or other appointment:
 * Open Dental keeps planned appointments (and notes on the schedule) without a date by design,
 * and the rules never look at them, so they are left out rather than reported.
 */
export function mapAppointment(r: Row, patientId: string): Appointment | string | null {
  const status = appointmentStatus(r[2] as number);
  const start = dateTime(r[3]);
  if (start === undefined) {
    if (status === 'scheduled' || status === 'completed' || status === 'broken') {
      return `AptDateTime is empty for a ${status} appointment`;
    }
    return null;
  }
  const appointment: Appointment = {
    id: String(r[0]),
    patientId,
    status,
    start,
    isHygiene: r[4] !== 0 && r[4] !== null,
    clinicId: id(r[5]),
  };
  const problem = checkAppointment(appointment);
  return problem === undefined ? appointment : inColumns(problem, { start: 'AptDateTime' });
}

const RECALL_COLUMN_OF: Record<string, string> = {
  dueDate: 'DateDue',
  previousDate: 'DatePrevious',
  scheduledDate: 'DateScheduled',
};

export function mapRecall(r: Row, patientId: string): Recall | string {
  const recall: Recall = {
    id: String(r[0]),
    patientId,
    dueDate: date(r[2]),
    previousDate: date(r[3]),
    scheduledDate: date(r[4]),
    disabled: r[5] !== 0 && r[5] !== null,
  };
  const problem = checkRecall(recall);
  return problem === undefined ? recall : inColumns(problem, RECALL_COLUMN_OF);
}

const PROCEDURE_COLUMN_OF: Record<string, string> = {
  fee: 'ProcFee',
  plannedDate: 'DateTP/ProcDate',
  completedDate: 'ProcDate',
};

/**
 * A procedure. `plannedDate` is DateTP, or ProcDate when DateTP is empty and the procedure is not
 * complete (for a completed one ProcDate is the day it was done, not planned). A ProcFee of 0 is
 * "no fee": Open Dental has no other way to say it.
 */
export function mapProcedure(
  r: Row,
  patientId: string,
  codes: ReadonlyMap<number, string>,
): Procedure | string {
  const status = procedureStatus(r[2] as number);
  const procDate = date(r[5]);
  const fee = r[3];
  const procedure: Procedure = {
    id: String(r[0]),
    patientId,
    status,
    fee: fee === 0 || fee === null ? undefined : (fee as number),
    plannedDate: date(r[4]) ?? (status === 'completed' ? undefined : procDate),
    completedDate: status === 'completed' ? procDate : undefined,
    appointmentId: id(r[6]),
    code: codes.size === 0 ? undefined : text(codes.get(r[7] as number)),
  };
  const problem = checkProcedure(procedure);
  return problem === undefined ? procedure : inColumns(problem, PROCEDURE_COLUMN_OF);
}
