import {
  APPOINTMENT_STATUSES,
  CONTACT_PREFERENCES,
  PATIENT_STATUSES,
  PROCEDURE_STATUSES,
  SMS_CONSENTS,
} from '../../domain/records.ts';

/**
 * The CSV export of domain.md: a folder of four files with fixed header names. `language` and
 * `updated_at` in patients.csv are our own optional additions (the canonical Patient has them and
 * a practice that can export them should not lose them); everything else is domain.md's list.
 */

export const CSV_FILE_NAMES = [
  'patients.csv',
  'appointments.csv',
  'recalls.csv',
  'procedures.csv',
] as const;
export type CsvFileName = (typeof CSV_FILE_NAMES)[number];

export interface CsvFileLayout {
  /** The connector cannot work without this file. */
  readonly requiredFile: boolean;
  /** Every column we read, in the order the writer writes them. */
  readonly columns: readonly string[];
  /** Columns whose absence from the header is an error; the others may be missing entirely. */
  readonly requiredColumns: readonly string[];
  /** Columns that hold one of a fixed set of values, which a value map must map onto. */
  readonly choices: Readonly<Record<string, readonly string[]>>;
}

/** What a boolean cell may hold (compared without regard to case). */
export const BOOLEAN_WORDS = ['true', 'false', '1', '0'] as const;

export const CSV_LAYOUT: Readonly<Record<CsvFileName, CsvFileLayout>> = {
  'patients.csv': {
    requiredFile: true,
    columns: [
      'patient_id',
      'first_name',
      'last_name',
      'preferred_name',
      'birth_date',
      'status',
      'mobile_phone',
      'home_phone',
      'work_phone',
      'email',
      'sms_consent',
      'contact_preference',
      'guarantor_id',
      'clinic_id',
      'language',
      'updated_at',
    ],
    requiredColumns: ['patient_id', 'first_name', 'last_name', 'status'],
    choices: {
      status: PATIENT_STATUSES,
      sms_consent: SMS_CONSENTS,
      contact_preference: CONTACT_PREFERENCES,
    },
  },
  'appointments.csv': {
    requiredFile: true,
    columns: ['appointment_id', 'patient_id', 'status', 'start', 'is_hygiene', 'clinic_id'],
    requiredColumns: ['appointment_id', 'patient_id', 'status', 'start'],
    choices: { status: APPOINTMENT_STATUSES, is_hygiene: BOOLEAN_WORDS },
  },
  'recalls.csv': {
    requiredFile: false,
    columns: ['recall_id', 'patient_id', 'due_date', 'previous_date', 'scheduled_date', 'disabled'],
    requiredColumns: ['recall_id', 'patient_id', 'due_date'],
    choices: { disabled: BOOLEAN_WORDS },
  },
  'procedures.csv': {
    requiredFile: false,
    columns: [
      'procedure_id',
      'patient_id',
      'status',
      'fee',
      'planned_date',
      'completed_date',
      'appointment_id',
      'code',
    ],
    requiredColumns: ['procedure_id', 'patient_id', 'status'],
    choices: { status: PROCEDURE_STATUSES },
  },
};
