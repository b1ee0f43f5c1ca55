import { cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PatientRecords } from '../src/domain/records.ts';
import { SourceUnavailableError, ValidationError } from '../src/lib/errors.ts';
import { openCsvFolder, readCsvColumnMapping } from '../src/pms/csv/index.ts';
import type { PmsSource, ReadProblem } from '../src/pms/source.ts';
import { generatePractice } from '../src/sandbox/practice/generate.ts';
import { writeCsvFolder } from '../src/sandbox/practice/write-csv.ts';

const fixtures = join(import.meta.dirname, 'fixtures', 'csv');

async function readAll(
  source: PmsSource,
  signal?: AbortSignal,
): Promise<{ records: PatientRecords[]; problems: ReadProblem[] }> {
  const records: PatientRecords[] = [];
  const problems: ReadProblem[] = [];
  for await (const r of source.readPatients({ onProblem: (p) => problems.push(p), signal })) {
    records.push(r);
  }
  return { records, problems };
}

async function openFiles(): Promise<number> {
  return (await readdir('/proc/self/fd')).length;
}

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'pms-csv-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** A copy of a fixture folder that a test may change. */
async function copyOf(name: string): Promise<string> {
  const folder = await mkdtemp(join(scratch, `${name}-`));
  await cp(join(fixtures, name), folder, { recursive: true });
  return folder;
}

describe('the four-file export', () => {
  it('reads every column of every file into canonical records', async () => {
    const source = openCsvFolder({ folder: join(fixtures, 'complete') });
    expect(source.name).toBe('csv');
    expect(await source.countPatients()).toBe(4);
    const { records, problems } = await readAll(source);
    expect(problems).toEqual([]);
    expect(records).toStrictEqual([
      {
        patient: {
          id: 'P1',
          clinicId: '1',
          status: 'active',
          firstName: 'Margaret',
          lastName: "O'Neill",
          preferredName: 'Peggy',
          birthDate: '1961-04-12',
          mobilePhone: '(617) 555-0101',
          homePhone: '617-555-0102',
          workPhone: '617-555-0103',
          email: 'peggy@example.org',
          smsConsent: 'yes',
          contactPreference: 'text',
          guarantorId: 'P1',
          language: 'en',
          updatedAt: '2026-09-30T10:00:00Z',
        },
        appointments: [
          {
            id: 'A1',
            patientId: 'P1',
            status: 'completed',
            start: '2025-10-01T09:00:00',
            isHygiene: true,
            clinicId: '1',
          },
          {
            id: 'A2',
            patientId: 'P1',
            status: 'scheduled',
            start: '2026-12-01T14:30:00',
            isHygiene: false,
            clinicId: '1',
          },
          {
            id: 'A5',
            patientId: 'P1',
            status: 'unscheduled',
            start: '2026-01-10T10:00:00',
            isHygiene: false,
            clinicId: '1',
          },
          {
            id: 'A6',
            patientId: 'P1',
            status: 'planned',
            start: '2026-02-10T10:00:00',
            isHygiene: false,
            clinicId: '1',
          },
        ],
        recalls: [
          {
            id: 'R1',
            patientId: 'P1',
            dueDate: '2026-04-01',
            previousDate: '2025-10-01',
            scheduledDate: '2026-12-01',
            disabled: false,
          },
        ],
        procedures: [
          {
            id: 'X1',
            patientId: 'P1',
            status: 'completed',
            fee: 120.5,
            plannedDate: '2025-10-01',
            completedDate: '2025-10-01',
            appointmentId: 'A1',
            code: 'D1110',
          },
        ],
      },
      {
        patient: {
          id: 'P2',
          clinicId: '1',
          status: 'active',
          firstName: 'José Luis',
          lastName: 'García, Jr.',
          birthDate: '2012-11-30',
          smsConsent: 'unknown',
          contactPreference: 'none',
          guarantorId: 'P1',
          language: 'es',
        },
        appointments: [
          {
            id: 'A3',
            patientId: 'P2',
            status: 'broken',
            start: '2026-06-15T08:15:00',
            isHygiene: true,
            clinicId: '1',
          },
          {
            id: 'A7',
            patientId: 'P2',
            status: 'other',
            start: '2026-03-10T10:00:00',
            isHygiene: false,
            clinicId: '1',
          },
        ],
        recalls: [{ id: 'R2', patientId: 'P2', disabled: true }],
        procedures: [
          {
            id: 'X2',
            patientId: 'P2',
            status: 'planned',
            fee: 1250,
            plannedDate: '2026-05-01',
            code: 'D2740',
          },
        ],
      },
      {
        patient: {
          id: 'P3',
          clinicId: '2',
          status: 'inactive',
          firstName: 'Ann',
          lastName: 'Lee',
          smsConsent: 'no',
          contactPreference: 'do_not_call',
        },
        appointments: [
          {
            id: 'A4',
            patientId: 'P3',
            status: 'cancelled',
            start: '2024-01-02T11:00:00',
            isHygiene: false,
          },
        ],
        recalls: [],
        procedures: [{ id: 'X3', patientId: 'P3', status: 'other', fee: 0 }],
      },
      {
        patient: {
          id: 'P4',
          status: 'deceased',
          firstName: 'Bob',
          lastName: 'Stone',
          birthDate: '1930-01-01',
          smsConsent: 'unknown',
          contactPreference: 'none',
        },
        appointments: [],
        recalls: [],
        procedures: [],
      },
    ]);
  });

  it('needs only the required columns, and no recalls.csv or procedures.csv', async () => {
    const { records, problems } = await readAll(
      openCsvFolder({ folder: join(fixtures, 'minimal') }),
    );
    expect(problems).toEqual([]);
    expect(records).toStrictEqual([
      {
        patient: {
          id: '1',
          status: 'active',
          firstName: 'Ann',
          lastName: 'Lee',
          smsConsent: 'unknown',
          contactPreference: 'none',
        },
        appointments: [
          {
            id: '10',
            patientId: '1',
            status: 'completed',
            start: '2024-05-06T08:00:00',
            isHygiene: false,
          },
        ],
        recalls: [],
        procedures: [],
      },
      {
        patient: {
          id: '2',
          status: 'prospective',
          firstName: '',
          lastName: '',
          smsConsent: 'unknown',
          contactPreference: 'none',
        },
        appointments: [],
        recalls: [],
        procedures: [],
      },
    ]);
  });
});

describe('the column mapping', () => {
  it('reads a practice export with its own file names, headers and values', async () => {
    const folder = join(fixtures, 'mapped');
    const columns = await readCsvColumnMapping(join(folder, 'mapping.json'));
    const source = openCsvFolder({ folder, columns });
    expect(await source.countPatients()).toBe(4);
    const { records, problems } = await readAll(source);
    expect(problems).toEqual([
      {
        where: 'Patients Export.csv:5',
        reason:
          'status (column "Status") is not one of active, inactive, archived, deceased, deleted, non_patient, prospective',
      },
    ]);
    expect(records).toStrictEqual([
      {
        patient: {
          id: '100',
          clinicId: '1',
          status: 'active',
          firstName: 'Carla',
          lastName: 'Ruiz',
          birthDate: '1990-02-03',
          mobilePhone: '555-0100',
          email: 'carla@example.org',
          smsConsent: 'yes',
          contactPreference: 'none',
        },
        appointments: [
          {
            id: '900',
            patientId: '100',
            status: 'completed',
            start: '2025-03-04T10:00:00',
            isHygiene: true,
          },
          {
            id: '901',
            patientId: '100',
            status: 'scheduled',
            start: '2026-12-01T09:30:00',
            isHygiene: false,
          },
        ],
        recalls: [],
        procedures: [],
      },
      {
        patient: {
          id: '101',
          clinicId: '2',
          status: 'inactive',
          firstName: 'Dan',
          lastName: 'Ruiz',
          preferredName: 'Danny',
          birthDate: '2015-07-08',
          smsConsent: 'no',
          contactPreference: 'none',
        },
        appointments: [
          {
            id: '902',
            patientId: '101',
            status: 'broken',
            start: '2026-02-01T15:00:00',
            isHygiene: false,
          },
        ],
        recalls: [],
        procedures: [],
      },
      {
        patient: {
          id: '102',
          clinicId: '1',
          status: 'active',
          firstName: 'Eve',
          lastName: 'Moss',
          smsConsent: 'unknown',
          contactPreference: 'none',
        },
        appointments: [],
        recalls: [],
        procedures: [
          {
            id: '7',
            patientId: '102',
            status: 'planned',
            fee: 300,
            plannedDate: '2026-01-15',
            code: 'D2391',
          },
        ],
      },
    ]);
  });

  it('without the mapping the same export is refused, naming the missing file', async () => {
    const source = openCsvFolder({ folder: join(fixtures, 'mapped') });
    await expect(readAll(source)).rejects.toThrow(SourceUnavailableError);
    await expect(readAll(source)).rejects.toThrow(/patients\.csv is missing/);
  });

  it('a mapped header the file lacks names both names', async () => {
    const folder = join(fixtures, 'mapped');
    const columns = await readCsvColumnMapping(join(folder, 'mapping.json'));
    columns['appointments.csv']!.columns!.start = 'ApptDate';
    await expect(readAll(openCsvFolder({ folder, columns }))).rejects.toThrow(
      'Appts.csv has no column ApptDate (mapped from start)',
    );
  });

  it('a renamed optional file that is not there is an error, not silence', async () => {
    const folder = join(fixtures, 'mapped');
    const columns = await readCsvColumnMapping(join(folder, 'mapping.json'));
    columns['recalls.csv'] = { file: 'Recall List.csv' };
    await expect(readAll(openCsvFolder({ folder, columns }))).rejects.toThrow(
      'Recall List.csv is missing',
    );
  });

  it('an invalid mapping is refused when the source is opened', () => {
    expect(() =>
      openCsvFolder({
        folder: fixtures,
        columns: { 'patients.csv': { columns: { pat_num: 'PatNum' } } } as never,
      }),
    ).toThrow(ValidationError);
  });
});

describe('malformed rows', () => {
  it('are reported with file and line, and skipped, while every other row is read', async () => {
    const { records, problems } = await readAll(
      openCsvFolder({ folder: join(fixtures, 'malformed') }),
    );
    expect(problems).toEqual([
      { where: 'appointments.csv:3', reason: 'is_hygiene is not true, false, 1 or 0' },
      {
        where: 'appointments.csv:6',
        reason: 'start is not a real local date-time written YYYY-MM-DDTHH:MM[:SS]',
      },
      { where: 'appointments.csv:7', reason: 'start is empty' },
      {
        where: 'appointments.csv:8',
        reason:
          'status is not one of scheduled, completed, broken, unscheduled, planned, cancelled, other',
      },
      { where: 'recalls.csv:2', reason: 'due_date: expected a real date written YYYY-MM-DD' },
      { where: 'procedures.csv:2', reason: 'fee is negative' },
      { where: 'procedures.csv:3', reason: 'fee is not a number' },
      { where: 'procedures.csv:5', reason: 'procedure_id is empty' },
      { where: 'patients.csv:3', reason: 'birth_date: expected a real date written YYYY-MM-DD' },
      { where: 'patients.csv:4', reason: 'birth_date: expected a real date written YYYY-MM-DD' },
      {
        where: 'patients.csv:5',
        reason:
          'status is not one of active, inactive, archived, deceased, deleted, non_patient, prospective',
      },
      { where: 'patients.csv:6', reason: 'patient_id is empty' },
      { where: 'patients.csv:9', reason: 'sms_consent is not one of yes, no, unknown' },
      { where: 'patients.csv:10', reason: 'the row has 4 fields where the header has 7' },
      { where: 'patients.csv:12', reason: 'patient_id repeats the patient of patients.csv:2' },
      { where: 'patients.csv:13', reason: 'birth_date: expected a real date written YYYY-MM-DD' },
      { where: 'appointments.csv:4', reason: 'patient_id matches no patient in patients.csv' },
      { where: 'appointments.csv:5', reason: 'its patient (patients.csv:3) was skipped' },
    ]);
    expect(records.map((r) => r.patient.id)).toEqual(['P1', 'P6', 'P9']);
    const [p1, p6, p9] = records;
    expect(p1!.appointments.map((a) => a.id)).toEqual(['A1']);
    expect(p1!.procedures).toEqual([]);
    // The quoted field holds a comma and a line break; the rows after it keep their numbers.
    expect(p6!.patient).toMatchObject({
      lastName: 'Smith,\nJones',
      email: 'fay@example.org',
      smsConsent: 'no',
    });
    expect(p9!.appointments.map((a) => a.id)).toEqual(['A8']);
    expect(p9!.recalls.map((r) => r.id)).toEqual(['R2']);
    expect(p9!.procedures).toStrictEqual([
      {
        id: 'X3',
        patientId: 'P9',
        status: 'planned',
        fee: 80.5,
        plannedDate: '2026-01-01',
        code: 'D2391',
      },
    ]);
  });

  it('never echo what the rows hold', async () => {
    const { problems } = await readAll(openCsvFolder({ folder: join(fixtures, 'malformed') }));
    // What the bad rows hold: names, an email, the bad values themselves.
    const cells = [
      'Bea',
      'Kim',
      '02/03/1980',
      '2026-02-30',
      'current',
      'Eli',
      'Fox',
      'maybe',
      'Hal',
    ];
    cells.push('Ives', 'ann@example.org', '2026-1-5', 'noshow', '2026-13-01', '-5', '$120', 'P404');
    for (const problem of problems) {
      for (const cell of cells) expect(problem.reason).not.toContain(cell);
    }
  });
});

describe('a folder that cannot be read', () => {
  it('without patients.csv or appointments.csv is a SourceUnavailableError naming the file', async () => {
    const noPatients = await copyOf('minimal');
    await rm(join(noPatients, 'patients.csv'));
    await expect(readAll(openCsvFolder({ folder: noPatients }))).rejects.toThrow(
      /patients\.csv is missing from the CSV folder/,
    );
    await expect(openCsvFolder({ folder: noPatients }).countPatients()).rejects.toThrow(
      SourceUnavailableError,
    );
    const noAppointments = await copyOf('minimal');
    await rm(join(noAppointments, 'appointments.csv'));
    await expect(readAll(openCsvFolder({ folder: noAppointments }))).rejects.toThrow(
      /appointments\.csv is missing from the CSV folder/,
    );
  });

  it('a missing required column is a ValidationError naming file and column, before any row is read', async () => {
    const folder = await copyOf('malformed');
    await writeFile(join(folder, 'patients.csv'), 'patient_id,first_name,last_name\n1,Ann,Lee\n');
    const problems: ReadProblem[] = [];
    const reading = async () => {
      for await (const _r of openCsvFolder({ folder }).readPatients({
        onProblem: (p) => problems.push(p),
      })) {
        // Nothing comes.
      }
    };
    const error = await reading().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toBe('patients.csv has no column status');
    expect((error as ValidationError).field).toBe('status');
    // The malformed appointments.csv was never read.
    expect(problems).toEqual([]);
  });

  it('an empty required file is a ValidationError', async () => {
    const folder = await copyOf('minimal');
    await writeFile(join(folder, 'appointments.csv'), '');
    await expect(readAll(openCsvFolder({ folder }))).rejects.toThrow('appointments.csv is empty');
  });
});

describe('stopping early', () => {
  it('breaking out of the loop closes the files', async () => {
    const before = await openFiles();
    const source = openCsvFolder({ folder: join(fixtures, 'complete') });
    for await (const r of source.readPatients()) {
      expect(r.patient.id).toBe('P1');
      break;
    }
    await source.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await openFiles()).toBe(before);
  });

  it('an aborted signal stops the read with an AbortError and closes the files', async () => {
    const before = await openFiles();
    const controller = new AbortController();
    const seen: string[] = [];
    const reading = (async () => {
      for await (const r of openCsvFolder({ folder: join(fixtures, 'complete') }).readPatients({
        signal: controller.signal,
      })) {
        seen.push(r.patient.id);
        controller.abort();
      }
    })();
    await expect(reading).rejects.toThrow(expect.objectContaining({ name: 'AbortError' }));
    expect(seen).toEqual(['P1']);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await openFiles()).toBe(before);
  });
});

describe('round trip through writeCsvFolder', () => {
  it('gives back every field, including cells that need quoting', async () => {
    const records: PatientRecords[] = [
      {
        patient: {
          id: 'a,1',
          clinicId: '7',
          status: 'archived',
          firstName: 'Zoë "Z"',
          lastName: 'Line\nBreak, Jr.',
          preferredName: 'Zed',
          birthDate: '2000-02-29',
          mobilePhone: '+1 617 555 0101',
          homePhone: '(617) 555-0102',
          workPhone: '617.555.0103',
          email: 'z@example.org',
          smsConsent: 'no',
          contactPreference: 'see_notes',
          guarantorId: 'g-9',
          language: 'fr',
          updatedAt: '2026-01-01T00:00:00Z',
        },
        appointments: [
          {
            id: 'ap1',
            patientId: 'a,1',
            status: 'unscheduled',
            start: '2026-03-08T02:30:00',
            isHygiene: true,
            clinicId: '7',
          },
        ],
        recalls: [
          {
            id: 'r1',
            patientId: 'a,1',
            dueDate: '2026-05-01',
            previousDate: '2025-11-01',
            scheduledDate: '2026-05-02',
            disabled: true,
          },
        ],
        procedures: [
          {
            id: 'p1',
            patientId: 'a,1',
            status: 'other',
            fee: 0.1,
            plannedDate: '2026-01-01',
            completedDate: '2026-01-02',
            appointmentId: 'ap1',
            code: 'D0150',
          },
        ],
      },
      {
        patient: {
          id: 'b',
          status: 'non_patient',
          firstName: '',
          lastName: '',
          smsConsent: 'unknown',
          contactPreference: 'none',
        },
        appointments: [],
        recalls: [],
        procedures: [],
      },
    ];
    const folder = join(scratch, 'round-trip-small');
    await writeCsvFolder(records, folder);
    const { records: read, problems } = await readAll(openCsvFolder({ folder }));
    expect(problems).toEqual([]);
    expect(read).toStrictEqual(records);
  });

  it('gives back a generated practice of 2,000 patients unchanged', async () => {
    const { records } = generatePractice({ patients: 2000, seed: 11, asOf: '2026-11-01' });
    const folder = join(scratch, 'round-trip-generated');
    await writeCsvFolder(records, folder);
    const source = openCsvFolder({ folder });
    expect(await source.countPatients()).toBe(2000);
    const { records: read, problems } = await readAll(source);
    expect(problems).toEqual([]);
    expect(read).toHaveLength(2000);
    expect(read).toStrictEqual(records);
  });
});
