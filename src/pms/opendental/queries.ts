/**
 * The four reads of an audit, by column name (a real Open Dental table has dozens more columns),
 * each ordered by PatNum so the connector can merge them patient by patient. Exported so the
 * benchmark can time the `mariadb` client on exactly the same statements.
 */

export const PATIENT_COLUMNS = [
  'PatNum',
  'LName',
  'FName',
  'Preferred',
  'PatStatus',
  'Birthdate',
  'WirelessPhone',
  'HmPhone',
  'WkPhone',
  'Email',
  'TxtMsgOk',
  'PreferContactMethod',
  'Guarantor',
  'ClinicNum',
  'Language',
  'DateTStamp',
] as const;

export const APPOINTMENT_COLUMNS = [
  'AptNum',
  'PatNum',
  'AptStatus',
  'AptDateTime',
  'IsHygiene',
  'ClinicNum',
] as const;

export const RECALL_COLUMNS = [
  'RecallNum',
  'PatNum',
  'DateDue',
  'DatePrevious',
  'DateScheduled',
  'IsDisabled',
] as const;

export const PROCEDURE_COLUMNS = [
  'ProcNum',
  'PatNum',
  'ProcStatus',
  'ProcFee',
  'DateTP',
  'ProcDate',
  'AptNum',
  'CodeNum',
] as const;

// The secondary key keeps each patient's records in a stable order (the primary key).
export const PATIENT_SQL = `SELECT ${PATIENT_COLUMNS.join(', ')} FROM patient ORDER BY PatNum`;
export const APPOINTMENT_SQL = `SELECT ${APPOINTMENT_COLUMNS.join(', ')} FROM appointment ORDER BY PatNum, AptNum`;
export const RECALL_SQL = `SELECT ${RECALL_COLUMNS.join(', ')} FROM recall ORDER BY PatNum, RecallNum`;
export const PROCEDURE_SQL = `SELECT ${PROCEDURE_COLUMNS.join(', ')} FROM procedurelog ORDER BY PatNum, ProcNum`;
/** Only planned procedures (ProcStatus 1, TP): what segmentation needs (ReadOptions.procedures). */
export const PLANNED_PROCEDURE_SQL = `SELECT ${PROCEDURE_COLUMNS.join(', ')} FROM procedurelog WHERE ProcStatus = 1 ORDER BY PatNum, ProcNum`;

/** Procedure codes are few (hundreds): read once into a map instead of joined per row. */
export const PROCEDURE_CODE_SQL = 'SELECT CodeNum, ProcCode FROM procedurecode';

export const COUNT_PATIENTS_SQL = 'SELECT COUNT(*) FROM patient';

/** Every statement an audit runs, in the order the benchmark replays them. */
export const AUDIT_STATEMENTS = [
  PROCEDURE_CODE_SQL,
  PATIENT_SQL,
  APPOINTMENT_SQL,
  RECALL_SQL,
  PLANNED_PROCEDURE_SQL,
] as const;
