import type {
  Appointment,
  Patient,
  PatientRecords,
  Procedure,
  Recall,
} from '../../src/domain/records.ts';
import type { ReadProblem } from '../../src/pms/source.ts';

/**
 * A hand-made Open Dental database for test/pms-opendental.test.ts: rows as Open Dental stores
 * them (only the columns a case is about; the others take their defaults), the canonical records
 * the connector must make of them, and the problems it must report. PatNums 1–9 are usable,
 * 20–23 are patients whose own row is broken.
 */

type Row = Record<string, string | number>;
const rows: Array<{ table: string; row: Row }> = [];
const add = (table: string, row: Row): void => void rows.push({ table, row });

const STAMP = '2024-06-01 12:00:00';
const LANGUAGES = ['eng', '', 'spa', 'Spanish', 'Tahitian', 'x', 'fr', 'chi', 'GER'];
const LANGUAGE_TAGS = ['en', undefined, 'es', 'es', 'Tahitian', undefined, 'fr', 'zh', 'de'];
const STATUSES = [
  'active',
  'non_patient',
  'inactive',
  'archived',
  'deleted',
  'deceased',
  'prospective',
  'active',
  'non_patient',
] as const;
const CONSENTS = ['yes', 'no', 'unknown'] as const;
const PREFERENCES = [
  'none',
  'do_not_call',
  'home_phone',
  'work_phone',
  'mobile_phone',
  'email',
  'see_notes',
  'mail',
  'text',
] as const;

// Patients 1–9: PatStatus 0–6 (then 0), TxtMsgOk 1, 2, 0…, PreferContactMethod 0–8, languages.
for (let k = 1; k <= 9; k++) {
  add('patient', {
    PatNum: k,
    LName: k <= 2 ? 'Lee' : 'Test',
    FName: k === 1 ? 'Ann' : k === 2 ? 'Bo' : `P${k}`,
    PatStatus: (k - 1) % 7,
    TxtMsgOk: k % 3,
    PreferContactMethod: k - 1,
    Guarantor: k === 3 ? 0 : k <= 2 ? 1 : k,
    Language: LANGUAGES[k - 1]!,
    DateTStamp: k === 2 ? '0000-00-00 00:00:00' : k === 1 ? '2025-01-02 03:04:05' : STAMP,
    ...(k === 1
      ? {
          Preferred: 'Annie',
          Birthdate: '1980-02-29',
          WirelessPhone: '(617) 555-0101',
          HmPhone: '617-555-0102',
          WkPhone: '617 555 0103',
          Email: 'ann.lee@example.com',
          ClinicNum: 2,
        }
      : {}),
    // Empty and blank strings, zero dates: all mean "none".
    ...(k === 2
      ? { Preferred: '', Birthdate: '0001-01-01', WirelessPhone: '   ', HmPhone: '', Email: ' ' }
      : {}),
    ...(k === 3 ? { Birthdate: '0000-00-00' } : {}),
  });
}
// Patients whose own row is unusable: they and their records are skipped.
add('patient', {
  PatNum: 20,
  LName: 'Broken',
  FName: 'Date',
  Birthdate: '2001-02-30',
  DateTStamp: STAMP,
});
add('patient', { PatNum: 21, LName: 'Broken', FName: 'Status', PatStatus: 9, DateTStamp: STAMP });
add('patient', { PatNum: 22, LName: 'Broken', FName: 'Txt', TxtMsgOk: 3, DateTStamp: STAMP });
add('patient', {
  PatNum: 23,
  LName: 'Broken',
  FName: 'Contact',
  PreferContactMethod: 9,
  DateTStamp: STAMP,
});

// Patient 1's appointments: every AptStatus code.
const APT_STATUS_CODES = [1, 2, 3, 5, 6, 0, 4, 7, 8];
const APT_STATUSES = [
  'scheduled',
  'completed',
  'unscheduled',
  'broken',
  'planned',
  'other',
  'other',
  'other',
  'other',
] as const;
APT_STATUS_CODES.forEach((code, i) =>
  add('appointment', {
    AptNum: 10 + i,
    PatNum: 1,
    AptStatus: code,
    AptDateTime: `2025-03-${10 + i} 09:30:00`,
    IsHygiene: i % 2,
    ClinicNum: i % 2 ? 2 : 0,
    Note: 'not read',
  }),
);
// Planned and unscheduled appointments without a date: Open Dental's normal, left out quietly.
add('appointment', { AptNum: 19, PatNum: 1, AptStatus: 6, AptDateTime: '0001-01-01 00:00:00' });
add('appointment', { AptNum: 30, PatNum: 1, AptStatus: 3, AptDateTime: '0000-00-00 00:00:00' });
add('appointment', { AptNum: 42, PatNum: 2, AptStatus: 2, AptDateTime: '0001-01-01 00:00:00' });
add('appointment', { AptNum: 43, PatNum: 2, AptStatus: 1, AptDateTime: '2025-04-00 10:00:00' });
add('appointment', { AptNum: 44, PatNum: 15, AptStatus: 1, AptDateTime: '2025-04-01 10:00:00' });
add('appointment', { AptNum: 200, PatNum: 20, AptStatus: 2, AptDateTime: '2025-04-01 10:00:00' });

add('recall', {
  RecallNum: 50,
  PatNum: 1,
  DateDue: '2025-09-01',
  DatePrevious: '0001-01-01',
  DateScheduled: '0000-00-00',
});
add('recall', {
  RecallNum: 51,
  PatNum: 1,
  DateDue: '2025-10-01',
  DatePrevious: '2025-04-01',
  DateScheduled: '2025-09-15',
  IsDisabled: 1,
});
add('recall', { RecallNum: 52, PatNum: 2, DateDue: '2025-02-30' });
add('recall', { RecallNum: 53, PatNum: 999, DateDue: '2025-02-01' });

add('procedurecode', { CodeNum: 1, ProcCode: 'D2740', Descript: 'Crown - porcelain/ceramic' });
add('procedurecode', { CodeNum: 2, ProcCode: 'D0120', Descript: 'Periodic oral evaluation' });
add('procedurelog', { ProcNum: 60, PatNum: 0, ProcStatus: 1, ProcDate: '2025-01-01' });
add('procedurelog', {
  ProcNum: 61,
  PatNum: 1,
  ProcStatus: 1,
  DateTP: '2025-05-01',
  ProcDate: '2025-04-01',
  ProcFee: 250,
  CodeNum: 1,
});
add('procedurelog', {
  ProcNum: 62,
  PatNum: 1,
  ProcStatus: 1,
  DateTP: '0001-01-01',
  ProcDate: '2025-04-02',
  ProcFee: 99.5,
  CodeNum: 2,
});
add('procedurelog', {
  ProcNum: 63,
  PatNum: 1,
  ProcStatus: 2,
  DateTP: '2025-01-01',
  ProcDate: '2025-02-01',
  ProcFee: 120,
  AptNum: 11,
});
add('procedurelog', { ProcNum: 64, PatNum: 1, ProcStatus: 2, ProcDate: '2025-02-02', ProcFee: 0 });
add('procedurelog', { ProcNum: 65, PatNum: 1, ProcStatus: 3, ProcDate: '2024-01-01' });
add('procedurelog', { ProcNum: 66, PatNum: 1, ProcStatus: 6, DateTP: '2024-02-01' });
add('procedurelog', { ProcNum: 67, PatNum: 1, ProcStatus: 1, ProcFee: -5, DateTP: '2025-05-01' });
add('procedurelog', { ProcNum: 69, PatNum: 1, ProcStatus: 8, CodeNum: 99 });
add('procedurelog', { ProcNum: 68, PatNum: 3, ProcStatus: 1, DateTP: '2025-04-31' });

export function fixtureRows(): ReadonlyArray<{ table: string; row: Row }> {
  return rows;
}

function patient(k: number): Patient {
  const base: Patient = {
    id: String(k),
    status: STATUSES[k - 1]!,
    firstName: k === 1 ? 'Ann' : k === 2 ? 'Bo' : `P${k}`,
    lastName: k <= 2 ? 'Lee' : 'Test',
    smsConsent: CONSENTS[(k + 2) % 3]!,
    contactPreference: PREFERENCES[k - 1]!,
    guarantorId: k === 3 ? undefined : k <= 2 ? '1' : String(k),
    language: LANGUAGE_TAGS[k - 1],
    updatedAt: k === 2 ? undefined : k === 1 ? '2025-01-02T03:04:05Z' : '2024-06-01T12:00:00Z',
  };
  if (k !== 1) return base;
  return {
    ...base,
    clinicId: '2',
    preferredName: 'Annie',
    birthDate: '1980-02-29',
    mobilePhone: '(617) 555-0101',
    homePhone: '617-555-0102',
    workPhone: '617 555 0103',
    email: 'ann.lee@example.com',
  };
}

export function expectedFixtureRecords(): PatientRecords[] {
  const records = Array.from({ length: 9 }, (_, i) => ({
    patient: patient(i + 1),
    appointments: [] as Appointment[],
    recalls: [] as Recall[],
    procedures: [] as Procedure[],
  }));
  const first = records[0]!;
  first.appointments = APT_STATUSES.map((status, i) => ({
    id: String(10 + i),
    patientId: '1',
    status,
    start: `2025-03-${10 + i}T09:30:00`,
    isHygiene: i % 2 === 1,
    clinicId: i % 2 ? '2' : undefined,
  }));
  first.recalls = [
    { id: '50', patientId: '1', dueDate: '2025-09-01', disabled: false },
    {
      id: '51',
      patientId: '1',
      dueDate: '2025-10-01',
      previousDate: '2025-04-01',
      scheduledDate: '2025-09-15',
      disabled: true,
    },
  ];
  first.procedures = [
    {
      id: '61',
      patientId: '1',
      status: 'planned',
      fee: 250,
      plannedDate: '2025-05-01',
      code: 'D2740',
    },
    // DateTP empty: ProcDate is the planning date.
    {
      id: '62',
      patientId: '1',
      status: 'planned',
      fee: 99.5,
      plannedDate: '2025-04-02',
      code: 'D0120',
    },
    {
      id: '63',
      patientId: '1',
      status: 'completed',
      fee: 120,
      plannedDate: '2025-01-01',
      completedDate: '2025-02-01',
      appointmentId: '11',
    },
    // Completed without DateTP: ProcDate is the day it was done, not a planning date; fee 0 is no fee.
    { id: '64', patientId: '1', status: 'completed', completedDate: '2025-02-02' },
    { id: '65', patientId: '1', status: 'other', plannedDate: '2024-01-01' },
    { id: '66', patientId: '1', status: 'other', plannedDate: '2024-02-01' },
    { id: '69', patientId: '1', status: 'other' },
  ];
  return records;
}

const SKIPPED = " (the patient's records are skipped too)";
const REAL_DATE = 'expected a real date written YYYY-MM-DD';

/** In the order the merge meets them (PatNum order, then appointment, recall, procedure). */
export const FIXTURE_PROBLEMS: ReadProblem[] = [
  { where: 'procedurelog ProcNum=60', reason: 'its patient PatNum=0 does not exist' },
  { where: 'procedurelog ProcNum=67', reason: 'ProcFee: expected a finite number, zero or more' },
  { where: 'appointment AptNum=42', reason: 'AptDateTime is empty for a completed appointment' },
  {
    where: 'appointment AptNum=43',
    reason: 'AptDateTime: expected a local date-time YYYY-MM-DDTHH:MM:SS',
  },
  { where: 'recall RecallNum=52', reason: `DateDue: ${REAL_DATE}` },
  { where: 'procedurelog ProcNum=68', reason: `DateTP/ProcDate: ${REAL_DATE}` },
  { where: 'patient PatNum=20', reason: `Birthdate: ${REAL_DATE}${SKIPPED}` },
  { where: 'appointment AptNum=44', reason: 'its patient PatNum=15 does not exist' },
  {
    where: 'patient PatNum=21',
    reason: `PatStatus 9 is not an Open Dental patient status${SKIPPED}`,
  },
  { where: 'patient PatNum=22', reason: `TxtMsgOk 3 is not 0, 1 or 2${SKIPPED}` },
  { where: 'patient PatNum=23', reason: `PreferContactMethod 9 is not a contact method${SKIPPED}` },
  { where: 'recall RecallNum=53', reason: 'its patient PatNum=999 does not exist' },
];

/**
 * Canonical records covering everything Open Dental can represent, for the round trip through
 * writeOpenDentalSql: every enum value, optional fields present and absent, awkward text.
 * (A `cancelled` appointment and a zero fee are included: Open Dental says them differently.)
 */
export function handMadeRecords(): PatientRecords[] {
  const appointmentStatuses = [
    'scheduled',
    'completed',
    'unscheduled',
    'broken',
    'planned',
    'cancelled',
    'other',
  ] as const;
  const languages = ['en', 'es', 'fr', 'de', 'zh', 'Tahitian', 'xx', undefined, 'vi'];
  let next = 100;
  return Array.from({ length: 14 }, (_, i): PatientRecords => {
    const id = String(i + 1);
    const full = i % 2 === 0;
    const patient: Patient = {
      id,
      clinicId: full ? String(1 + (i % 3)) : undefined,
      status: STATUSES[i % 7]!,
      firstName: ['Zoë', "D'Arcy", 'Back\\slash', 'Ann', 'Émile 😀', ''][i % 6]!,
      lastName: ['Núñez', 'O’Brien', 'Line\nBreak', 'Lee'][i % 4]!,
      preferredName: full ? 'Pref' : undefined,
      birthDate: full ? `19${50 + i}-0${1 + (i % 9)}-28` : undefined,
      mobilePhone: full ? `+1 617 555 01${10 + i}` : undefined,
      homePhone: i % 3 === 0 ? '(617) 555-0199' : undefined,
      workPhone: i % 4 === 0 ? '617.555.0198 x12' : undefined,
      email: full ? `p${i}@example.com` : undefined,
      smsConsent: (['yes', 'no', 'unknown'] as const)[i % 3]!,
      contactPreference: PREFERENCES[i % 9]!,
      guarantorId: i % 5 === 1 ? '1' : id,
      language: languages[i % languages.length],
      updatedAt: full ? `2025-0${1 + (i % 9)}-1${i % 10}T0${i % 10}:15:00Z` : undefined,
    };
    const appointments: Appointment[] = appointmentStatuses
      .slice(0, 1 + (i % 7))
      .map((status, j) => ({
        id: String(++next),
        patientId: id,
        status,
        start: `2025-0${1 + j}-${10 + i}T${10 + j}:${j % 2 ? '45' : '00'}:00`,
        isHygiene: j % 2 === 0,
        clinicId: j % 3 === 0 ? undefined : '2',
      }));
    const recalls: Recall[] = [
      {
        id: String(++next),
        patientId: id,
        dueDate: full ? '2025-12-01' : undefined,
        disabled: i % 4 === 3,
      },
      ...(i % 3 === 0
        ? [
            {
              id: String(++next),
              patientId: id,
              previousDate: '2025-01-02',
              scheduledDate: '2025-07-02',
              disabled: false,
            },
          ]
        : []),
    ];
    const procedures: Procedure[] = [
      {
        id: String(++next),
        patientId: id,
        status: 'planned',
        plannedDate: '2025-02-03',
        fee: 1250.5,
        code: 'D2740',
      },
      { id: String(++next), patientId: id, status: 'planned', ...(full ? {} : { fee: 0 }) },
      {
        id: String(++next),
        patientId: id,
        status: 'completed',
        fee: 95,
        plannedDate: full ? '2025-01-05' : undefined,
        completedDate: '2025-01-06',
        appointmentId: appointments[0]!.id,
        code: 'D0120',
      },
      {
        id: String(++next),
        patientId: id,
        status: 'other',
        plannedDate: i % 2 ? '2024-05-05' : undefined,
        fee: 10,
      },
    ];
    return { patient, appointments, recalls, procedures };
  });
}
