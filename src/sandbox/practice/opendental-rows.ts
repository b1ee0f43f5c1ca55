import type { Appointment, Patient, Procedure, Recall } from '../../domain/records.ts';

/**
 * Canonical records back to Open Dental rows (the inverse of src/pms/opendental's mapping), as
 * SQL value tuples, plus realistic values for a share of the columns the connector never reads.
 * Unread values derive from the row's own number: cheap, deterministic, and varied enough.
 */

export const NO_DATE = '0001-01-01';
const NO_DATE_TIME = '0001-01-01 00:00:00';

const PAT_STATUS: Record<Patient['status'], number> = {
  active: 0,
  non_patient: 1,
  inactive: 2,
  archived: 3,
  deleted: 4,
  deceased: 5,
  prospective: 6,
};
const TXT_MSG_OK: Record<Patient['smsConsent'], number> = { unknown: 0, yes: 1, no: 2 };
const CONTACT_METHOD: Record<Patient['contactPreference'], number> = {
  none: 0,
  do_not_call: 1,
  home_phone: 2,
  work_phone: 3,
  mobile_phone: 4,
  email: 5,
  see_notes: 6,
  mail: 7,
  text: 8,
};
// Open Dental has no "cancelled": a cancelled appointment becomes a note on the schedule (7).
const APT_STATUS: Record<Appointment['status'], number> = {
  scheduled: 1,
  completed: 2,
  unscheduled: 3,
  broken: 5,
  planned: 6,
  cancelled: 7,
  other: 7,
};
const PROC_STATUS: Record<Procedure['status'], number> = { planned: 1, completed: 2, other: 3 };

/** What Open Dental's language picker stores (ISO 639-2) for the common two-letter tags. */
const LANGUAGE: Record<string, string> = {
  en: 'eng',
  es: 'spa',
  fr: 'fre',
  de: 'ger',
  it: 'ita',
  pt: 'por',
  zh: 'chi',
  vi: 'vie',
  ko: 'kor',
  ja: 'jpn',
  ru: 'rus',
  ar: 'ara',
  tl: 'tgl',
  hi: 'hin',
  pl: 'pol',
  fa: 'per',
  ht: 'hat',
  uk: 'ukr',
};

const SPECIAL = /[\0\n\r\x1a'\\]/;
const SPECIALS = /[\0\n\r\x1a'\\]/g;
const ESCAPES: Record<string, string> = {
  '\0': '\\0',
  '\n': '\\n',
  '\r': '\\r',
  '\x1a': '\\Z',
  "'": "\\'",
  '\\': '\\\\',
};

/** A MySQL string literal. */
export function sqlString(value: string): string {
  return SPECIAL.test(value) ? `'${value.replace(SPECIALS, (c) => ESCAPES[c]!)}'` : `'${value}'`;
}

/** A local date-time `YYYY-MM-DDTHH:MM[:SS]` as MySQL writes it. */
function sqlDateTime(value: string): string {
  return value.length === 16
    ? `${value.slice(0, 10)} ${value.slice(11)}:00`
    : `${value.slice(0, 10)} ${value.slice(11, 19)}`;
}

/**
 * `updatedAt` as a TIMESTAMP value in UTC (the file sets the session zone to UTC, and the
 * connector reads TIMESTAMPs in UTC): an instant with an offset is converted, a local date-time is
 * taken as UTC, anything outside TIMESTAMP's 1970–2038 range is left out.
 */
function sqlStamp(value: string | undefined): string {
  const none = '0000-00-00 00:00:00';
  if (value === undefined) return none;
  const t = Date.parse(/(Z|[+-]\d{2}:\d{2})$/.test(value) ? value : `${value}Z`);
  if (Number.isNaN(t) || t < 86_400_000 || t > 2_147_000_000_000) return none;
  return sqlDateTime(new Date(t).toISOString().slice(0, 19));
}

const STREETS = [
  'Main St',
  'Oak Ave',
  'Maple Dr',
  'Cedar Ln',
  'Park Rd',
  'Elm St',
  'Lake View Dr',
  'Hillcrest Ave',
];
const CITIES = [
  ['Springfield', 'IL', '627'],
  ['Portland', 'OR', '972'],
  ['Madison', 'WI', '537'],
  ['Austin', 'TX', '787'],
  ['Raleigh', 'NC', '276'],
] as const;

export interface PatientNums {
  patNum: string;
  guarantor: string;
  clinicNum: string;
}

export const PATIENT_INSERT_COLUMNS =
  'PatNum,LName,FName,MiddleI,Preferred,PatStatus,Gender,Position,Birthdate,SSN,Address,City,State,Zip,' +
  'HmPhone,WkPhone,WirelessPhone,Guarantor,Email,PriProv,BillingType,FeeSched,ChartNumber,ClinicNum,' +
  'PreferConfirmMethod,PreferContactMethod,PreferRecallMethod,Language,DateTStamp,TxtMsgOk,Country,SecDateEntry';

export function patientValues(p: Patient, nums: PatientNums): string {
  const n = Number(nums.patNum) || 0;
  const city = CITIES[n % CITIES.length]!;
  const method = CONTACT_METHOD[p.contactPreference];
  const language = p.language === undefined ? '' : (LANGUAGE[p.language] ?? p.language);
  return (
    `(${nums.patNum},${sqlString(p.lastName)},${sqlString(p.firstName)},'',${sqlString(p.preferredName ?? '')},` +
    `${PAT_STATUS[p.status]},${n % 2},${n % 3 === 0 ? 1 : 0},'${p.birthDate ?? NO_DATE}',` +
    `'000-00-${String(n % 10000).padStart(4, '0')}','${100 + (n % 9800)} ${STREETS[n % STREETS.length]}',` +
    `'${city[0]}','${city[1]}','${city[2]}${String(n % 100).padStart(2, '0')}',` +
    `${sqlString(p.homePhone ?? '')},${sqlString(p.workPhone ?? '')},${sqlString(p.mobilePhone ?? '')},` +
    `${nums.guarantor},${sqlString(p.email ?? '')},${1 + (n % 3)},${n % 5 === 0 ? 41 : 40},0,'${nums.patNum}',` +
    `${nums.clinicNum},${method},${method},${method},${sqlString(language)},'${sqlStamp(p.updatedAt)}',` +
    `${TXT_MSG_OK[p.smsConsent]},'US','${NO_DATE}')`
  );
}

export const APPOINTMENT_INSERT_COLUMNS =
  'AptNum,PatNum,AptStatus,Pattern,Confirmed,Op,Note,ProvNum,ProvHyg,AptDateTime,ProcDescript,ClinicNum,' +
  'IsHygiene,DateTimeArrived,DateTimeSeated,DateTimeDismissed,SecUserNumEntry,SecDateTEntry';

export function appointmentValues(
  a: Appointment,
  aptNum: string,
  patNum: string,
  clinicNum: string,
): string {
  const start = sqlDateTime(a.start);
  const done = a.status === 'completed' ? `'${start}'` : `'${NO_DATE_TIME}'`;
  const n = Number(aptNum) || 0;
  return (
    `(${aptNum},${patNum},${APT_STATUS[a.status]},'${a.isHygiene ? '/XXXXXX/' : '//XXXX//'}',${19 + (n % 3)},` +
    `${1 + (n % 4)},'',1,${a.isHygiene ? 3 : 0},'${start}','${a.isHygiene ? 'PerEx, Pro, 4BW' : 'Comp, Fill'}',` +
    `${clinicNum},${a.isHygiene ? 1 : 0},${done},${done},${done},1,'${start}')`
  );
}

export const RECALL_INSERT_COLUMNS =
  'RecallNum,PatNum,DateDueCalc,DateDue,DatePrevious,RecallInterval,RecallStatus,IsDisabled,RecallTypeNum,DateScheduled';

export function recallValues(r: Recall, recallNum: string, patNum: string): string {
  const due = r.dueDate ?? NO_DATE;
  // RecallInterval packs years, months, weeks and days in bytes: 6 months = 6 << 16.
  return (
    `(${recallNum},${patNum},'${due}','${due}','${r.previousDate ?? NO_DATE}',393216,0,` +
    `${r.disabled ? 1 : 0},1,'${r.scheduledDate ?? NO_DATE}')`
  );
}

export const PROCEDURE_INSERT_COLUMNS =
  'ProcNum,PatNum,AptNum,ProcDate,ProcFee,ProcStatus,ProvNum,CodeNum,DateTP,DateEntryC,DateComplete,UnitQty,SecDateEntry';

export interface ProcedureNums {
  procNum: string;
  patNum: string;
  aptNum: string;
  codeNum: number;
}

/**
 * ProcDate is the completion date of a completed procedure and the planning date of the others
 * (what Open Dental does), so that the connector's DateTP → ProcDate fallback gives it back.
 */
export function procedureValues(p: Procedure, nums: ProcedureNums): string {
  const completed = p.status === 'completed';
  const procDate = completed ? (p.completedDate ?? NO_DATE) : (p.plannedDate ?? NO_DATE);
  const doneOn = completed ? procDate : NO_DATE;
  return (
    `(${nums.procNum},${nums.patNum},${nums.aptNum},'${procDate}',${p.fee ?? 0},${PROC_STATUS[p.status]},1,` +
    `${nums.codeNum},'${p.plannedDate ?? NO_DATE}','${doneOn}','${doneOn}',1,'${procDate} 00:00:00')`
  );
}
