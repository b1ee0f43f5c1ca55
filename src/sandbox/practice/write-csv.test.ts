import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { PatientRecords } from '../../domain/records.ts';
import { writeCsvFolder } from './write-csv.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'write-csv-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const record: PatientRecords = {
  patient: {
    id: '1',
    status: 'active',
    firstName: 'Ann "Annie"',
    lastName: 'Lee, Jr.',
    smsConsent: 'yes',
    contactPreference: 'text',
    mobilePhone: '617-555-0101',
  },
  appointments: [
    { id: '5', patientId: '1', status: 'completed', start: '2026-01-02T09:00:00', isHygiene: true },
  ],
  recalls: [{ id: '7', patientId: '1', dueDate: '2026-07-02', disabled: false }],
  procedures: [{ id: '9', patientId: '1', status: 'planned', fee: 120.5, code: 'D1110' }],
};

it('writes the four files with their headers, quoting what needs it', async () => {
  await writeCsvFolder([record], dir);
  const read = (name: string) => readFile(join(dir, name), 'utf8');
  expect(await read('patients.csv')).toBe(
    'patient_id,first_name,last_name,preferred_name,birth_date,status,mobile_phone,home_phone,' +
      'work_phone,email,sms_consent,contact_preference,guarantor_id,clinic_id,language,updated_at\n' +
      '1,"Ann ""Annie""","Lee, Jr.",,,active,617-555-0101,,,,yes,text,,,,\n',
  );
  expect(await read('appointments.csv')).toBe(
    'appointment_id,patient_id,status,start,is_hygiene,clinic_id\n' +
      '5,1,completed,2026-01-02T09:00:00,true,\n',
  );
  expect(await read('recalls.csv')).toBe(
    'recall_id,patient_id,due_date,previous_date,scheduled_date,disabled\n' +
      '7,1,2026-07-02,,,false\n',
  );
  expect(await read('procedures.csv')).toBe(
    'procedure_id,patient_id,status,fee,planned_date,completed_date,appointment_id,code\n' +
      '9,1,planned,120.5,,,,D1110\n',
  );
});

it('streams a large practice in pieces', async () => {
  const many = function* () {
    for (let i = 0; i < 20_000; i++)
      yield { ...record, patient: { ...record.patient, id: String(i) } };
  };
  const folder = join(dir, 'many');
  await writeCsvFolder(many(), folder);
  const text = await readFile(join(folder, 'patients.csv'), 'utf8');
  expect(text.split('\n')).toHaveLength(20_002);
  expect(
    text.endsWith('19999,"Ann ""Annie""","Lee, Jr.",,,active,617-555-0101,,,,yes,text,,,,\n'),
  ).toBe(true);
});
