import { z } from 'zod';
import { isLocalDate, normalizeLocalDateTime } from './dates.ts';

/**
 * The canonical practice records of ../shared/design/domain.md. Every PMS connector turns its
 * source into these, validated here; everything downstream trusts them.
 */

/** A calendar date, `YYYY-MM-DD`, that exists. */
export const LocalDate = z
  .string()
  .refine(isLocalDate, { message: 'expected a real date written YYYY-MM-DD' });

/** A local date-time, normalised to `YYYY-MM-DDTHH:MM:SS` (seconds optional on input). */
export const LocalDateTime = z.string().transform((value, ctx) => {
  const normalized = normalizeLocalDateTime(value);
  if (normalized === undefined) {
    ctx.addIssue({ code: 'custom', message: 'expected a local date-time YYYY-MM-DDTHH:MM[:SS]' });
    return z.NEVER;
  }
  return normalized;
});

const Id = z.string().min(1);

export const PATIENT_STATUSES = [
  'active',
  'inactive',
  'archived',
  'deceased',
  'deleted',
  'non_patient',
  'prospective',
] as const;
export const PatientStatus = z.enum(PATIENT_STATUSES);
export type PatientStatus = z.infer<typeof PatientStatus>;

export const SMS_CONSENTS = ['yes', 'no', 'unknown'] as const;
export const SmsConsent = z.enum(SMS_CONSENTS);
export type SmsConsent = z.infer<typeof SmsConsent>;

export const CONTACT_PREFERENCES = [
  'none',
  'do_not_call',
  'home_phone',
  'work_phone',
  'mobile_phone',
  'email',
  'mail',
  'text',
  'see_notes',
] as const;
export const ContactPreference = z.enum(CONTACT_PREFERENCES);
export type ContactPreference = z.infer<typeof ContactPreference>;

export const Patient = z.object({
  id: Id,
  clinicId: Id.optional(),
  status: PatientStatus,
  firstName: z.string(),
  lastName: z.string(),
  preferredName: z.string().min(1).optional(),
  birthDate: LocalDate.optional(),
  mobilePhone: z.string().min(1).optional(),
  homePhone: z.string().min(1).optional(),
  workPhone: z.string().min(1).optional(),
  email: z.string().min(1).optional(),
  smsConsent: SmsConsent,
  contactPreference: ContactPreference,
  guarantorId: Id.optional(),
  /** A language tag such as `en` or `es`; messages go out in it. */
  language: z.string().min(2).optional(),
  /** When the PMS last changed the record (ISO 8601), where it says. */
  updatedAt: z.string().min(1).optional(),
});
export type Patient = z.infer<typeof Patient>;

export const APPOINTMENT_STATUSES = [
  'scheduled',
  'completed',
  'broken',
  'unscheduled',
  'planned',
  'cancelled',
  'other',
] as const;
export const AppointmentStatus = z.enum(APPOINTMENT_STATUSES);
export type AppointmentStatus = z.infer<typeof AppointmentStatus>;

export const Appointment = z.object({
  id: Id,
  patientId: Id,
  status: AppointmentStatus,
  /** Local date-time in the practice's time zone. */
  start: LocalDateTime,
  isHygiene: z.boolean(),
  clinicId: Id.optional(),
});
export type Appointment = z.infer<typeof Appointment>;

export const Recall = z.object({
  id: Id,
  patientId: Id,
  dueDate: LocalDate.optional(),
  previousDate: LocalDate.optional(),
  scheduledDate: LocalDate.optional(),
  disabled: z.boolean(),
});
export type Recall = z.infer<typeof Recall>;

export const PROCEDURE_STATUSES = ['planned', 'completed', 'other'] as const;
export const ProcedureStatus = z.enum(PROCEDURE_STATUSES);
export type ProcedureStatus = z.infer<typeof ProcedureStatus>;

export const Procedure = z.object({
  id: Id,
  patientId: Id,
  status: ProcedureStatus,
  fee: z.number().nonnegative().finite().optional(),
  plannedDate: LocalDate.optional(),
  completedDate: LocalDate.optional(),
  appointmentId: Id.optional(),
  /** Internal only: a procedure code never leaves the service. */
  code: z.string().min(1).optional(),
});
export type Procedure = z.infer<typeof Procedure>;

/** One patient with everything the PMS holds about their visits: what a connector streams. */
export interface PatientRecords {
  patient: Patient;
  appointments: Appointment[];
  recalls: Recall[];
  procedures: Procedure[];
}
