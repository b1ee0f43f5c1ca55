import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PatientRecords } from '../../domain/records.ts';
import { fhirResources, writeFhirBundle } from './write-fhir.ts';

const timeZone = 'America/New_York';

const family: PatientRecords[] = [
  {
    patient: {
      id: '1',
      status: 'active',
      firstName: 'Ann',
      lastName: 'Lee',
      preferredName: 'Annie',
      smsConsent: 'yes',
      contactPreference: 'text',
      mobilePhone: '617-555-0101',
      email: 'ann@example.org',
      guarantorId: '1',
      language: 'es',
    },
    appointments: [
      {
        id: '5',
        patientId: '1',
        status: 'completed',
        start: '2026-01-15T10:00:00',
        isHygiene: true,
      },
      {
        id: '6',
        patientId: '1',
        status: 'scheduled',
        start: '2026-07-15T10:00:00',
        isHygiene: false,
      },
    ],
    recalls: [{ id: '7', patientId: '1', dueDate: '2026-07-02', disabled: false }],
    procedures: [
      {
        id: '8',
        patientId: '1',
        status: 'planned',
        fee: 900,
        plannedDate: '2026-02-01',
        code: 'D2740',
      },
      { id: '9', patientId: '1', status: 'completed', fee: 120, completedDate: '2026-01-15' },
    ],
  },
  {
    patient: {
      id: '2',
      status: 'archived',
      firstName: 'Bo',
      lastName: 'Lee',
      smsConsent: 'no',
      contactPreference: 'none',
      guarantorId: '1',
    },
    appointments: [],
    recalls: [],
    procedures: [],
  },
  {
    patient: {
      id: '3',
      status: 'deceased',
      firstName: 'Cy',
      lastName: 'Lee',
      smsConsent: 'no',
      contactPreference: 'none',
    },
    appointments: [],
    recalls: [],
    procedures: [],
  },
];

describe('fhirResources', () => {
  const resources = [...fhirResources(family, { timeZone })];

  it('writes each patient, their appointments and planned treatment, then one Account per guarantor', () => {
    expect(resources.map((r) => `${r.resourceType}/${r.id}`)).toEqual([
      'Patient/1',
      'Appointment/5',
      'Appointment/6',
      'ServiceRequest/8',
      'Patient/2',
      'Patient/3',
      'Account/guarantor-1',
    ]);
    expect(resources[6]).toEqual({
      resourceType: 'Account',
      id: 'guarantor-1',
      status: 'active',
      subject: [{ reference: 'Patient/1' }, { reference: 'Patient/2' }],
      guarantor: [{ party: { reference: 'Patient/1' } }],
    });
  });

  it('writes local times as instants with the offset of their date', () => {
    expect(resources[1]).toMatchObject({ status: 'fulfilled', start: '2026-01-15T10:00:00-05:00' });
    expect(resources[2]).toMatchObject({ status: 'booked', start: '2026-07-15T10:00:00-04:00' });
  });

  it('writes names, telecom, language and status the way the connector reads them', () => {
    expect(resources[0]).toEqual({
      resourceType: 'Patient',
      id: '1',
      active: true,
      name: [
        { use: 'official', family: 'Lee', given: ['Ann'] },
        { use: 'usual', given: ['Annie'] },
      ],
      telecom: [
        { system: 'phone', value: '617-555-0101', use: 'mobile' },
        { system: 'email', value: 'ann@example.org' },
      ],
      communication: [
        { language: { coding: [{ system: 'urn:ietf:bcp:47', code: 'es' }] }, preferred: true },
      ],
    });
    expect(resources[4]).toMatchObject({ active: false });
    expect(resources[5]).toMatchObject({ deceasedBoolean: true });
  });
});

describe('writeFhirBundle', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'write-fhir-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes a collection Bundle of those resources', async () => {
    const file = join(dir, 'nested', 'bundle.json');
    await writeFhirBundle(family, file, { timeZone });
    const bundle = JSON.parse(await readFile(file, 'utf8')) as {
      resourceType: string;
      type: string;
      entry: { resource: unknown }[];
    };
    expect(bundle.resourceType).toBe('Bundle');
    expect(bundle.type).toBe('collection');
    expect(bundle.entry.map((e) => e.resource)).toEqual([...fhirResources(family, { timeZone })]);
  });

  it('writes an empty practice as an empty Bundle', async () => {
    const file = join(dir, 'empty.json');
    await writeFhirBundle([], file, { timeZone });
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({
      resourceType: 'Bundle',
      type: 'collection',
      entry: [],
    });
  });
});
