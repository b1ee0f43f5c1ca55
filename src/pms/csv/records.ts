import type { z } from 'zod';
import {
  APPOINTMENT_STATUSES,
  Appointment,
  CONTACT_PREFERENCES,
  PATIENT_STATUSES,
  PROCEDURE_STATUSES,
  Patient,
  Procedure,
  Recall,
  SMS_CONSENTS,
} from '../../domain/records.ts';
import { RowProblem, type CellReader } from './cells.ts';

/**
 * One CSV row to one canonical record, validated against the canonical schema. Empty cells are
 * absent fields; what the canonical record requires and the row cannot give is a RowProblem.
 */

/** Without its undefined fields, so absent stays absent rather than present-and-undefined. */
function compact(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in value) if (value[key] !== undefined) out[key] = value[key];
  return out;
}

function validated<S extends z.ZodType>(
  schema: S,
  candidate: Record<string, unknown>,
  cells: CellReader,
  idColumn: string,
): z.output<S> {
  const result = schema.safeParse(compact(candidate));
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = String(issue?.path[0] ?? 'id');
  // Canonical fields are our column names in camelCase (isHygiene is is_hygiene).
  const column = field === 'id' ? idColumn : field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  // zod's messages say what was expected, never what was found: safe to pass on.
  throw new RowProblem(`${cells.describe(column)}: ${issue?.message ?? 'invalid'}`);
}

function requiredChoice<T extends string>(
  cells: CellReader,
  column: string,
  allowed: readonly T[],
): T {
  const value = cells.choice(column, allowed);
  if (value === undefined) throw new RowProblem(`${cells.describe(column)} is empty`);
  return value;
}

export function patientFromRow(cells: CellReader): Patient {
  return validated(
    Patient,
    {
      id: cells.required('patient_id'),
      clinicId: cells.raw('clinic_id'),
      status: requiredChoice(cells, 'status', PATIENT_STATUSES),
      firstName: cells.raw('first_name') ?? '',
      lastName: cells.raw('last_name') ?? '',
      preferredName: cells.raw('preferred_name'),
      birthDate: cells.date('birth_date'),
      mobilePhone: cells.raw('mobile_phone'),
      homePhone: cells.raw('home_phone'),
      workPhone: cells.raw('work_phone'),
      email: cells.raw('email'),
      smsConsent: cells.choice('sms_consent', SMS_CONSENTS) ?? 'unknown',
      contactPreference: cells.choice('contact_preference', CONTACT_PREFERENCES) ?? 'none',
      guarantorId: cells.raw('guarantor_id'),
      language: cells.raw('language'),
      updatedAt: cells.raw('updated_at'),
    },
    cells,
    'patient_id',
  );
}

export function appointmentFromRow(cells: CellReader): Appointment {
  const start = cells.dateTime('start');
  if (start === undefined) throw new RowProblem(`${cells.describe('start')} is empty`);
  return validated(
    Appointment,
    {
      id: cells.required('appointment_id'),
      patientId: cells.required('patient_id'),
      status: requiredChoice(cells, 'status', APPOINTMENT_STATUSES),
      start,
      isHygiene: cells.boolean('is_hygiene', false),
      clinicId: cells.raw('clinic_id'),
    },
    cells,
    'appointment_id',
  );
}

export function recallFromRow(cells: CellReader): Recall {
  return validated(
    Recall,
    {
      id: cells.required('recall_id'),
      patientId: cells.required('patient_id'),
      dueDate: cells.date('due_date'),
      previousDate: cells.date('previous_date'),
      scheduledDate: cells.date('scheduled_date'),
      disabled: cells.boolean('disabled', false),
    },
    cells,
    'recall_id',
  );
}

export function procedureFromRow(cells: CellReader): Procedure {
  return validated(
    Procedure,
    {
      id: cells.required('procedure_id'),
      patientId: cells.required('patient_id'),
      status: requiredChoice(cells, 'status', PROCEDURE_STATUSES),
      fee: cells.amount('fee'),
      plannedDate: cells.date('planned_date'),
      completedDate: cells.date('completed_date'),
      appointmentId: cells.raw('appointment_id'),
      code: cells.raw('code'),
    },
    cells,
    'procedure_id',
  );
}
