import type {
  AppointmentStatus,
  ContactPreference,
  PatientStatus,
  ProcedureStatus,
  SmsConsent,
} from '../../domain/records.ts';

/**
 * Open Dental's enum codes as stored in its tables, mapped to the canonical values of
 * ../shared/design/domain.md ("Open Dental"). Arrays indexed by the code: a lookup is one load.
 */

/** `patient.PatStatus` (Open Dental's PatientStatus enum). */
export const PAT_STATUS: readonly PatientStatus[] = [
  'active', // 0 Patient
  'non_patient', // 1 NonPatient
  'inactive', // 2 Inactive
  'archived', // 3 Archived
  'deleted', // 4 Deleted
  'deceased', // 5 Deceased
  'prospective', // 6 Prospective
];

/** `patient.TxtMsgOk` (YN enum: Unknown, Yes, No). */
export const TXT_MSG_OK: readonly SmsConsent[] = ['unknown', 'yes', 'no'];

/** `patient.PreferContactMethod` (ContactMethod enum). */
export const PREFER_CONTACT_METHOD: readonly ContactPreference[] = [
  'none', // 0 None
  'do_not_call', // 1 DoNotCall
  'home_phone', // 2 HmPhone
  'work_phone', // 3 WkPhone
  'mobile_phone', // 4 WirelessPh
  'email', // 5 Email
  'see_notes', // 6 SeeNotes
  'mail', // 7 Mail
  'text', // 8 TextMessage
];

/**
 * `appointment.AptStatus` (ApptStatus enum): 1 Scheduled, 2 Complete, 3 UnschedList, 5 Broken,
 * 6 Planned; anything else (0 None, 4 ASAP, 7 PtNote, 8 PtNoteCompleted) is `other`.
 */
export function appointmentStatus(code: number): AppointmentStatus {
  switch (code) {
    case 1:
      return 'scheduled';
    case 2:
      return 'completed';
    case 3:
      return 'unscheduled';
    case 5:
      return 'broken';
    case 6:
      return 'planned';
    default:
      return 'other';
  }
}

/** `procedurelog.ProcStatus` (ProcStat enum): 1 TP → planned, 2 C → completed, the rest other. */
export function procedureStatus(code: number): ProcedureStatus {
  return code === 1 ? 'planned' : code === 2 ? 'completed' : 'other';
}
