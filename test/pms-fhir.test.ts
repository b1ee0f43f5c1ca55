import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PatientRecords } from '../src/domain/records.ts';
import { SourceUnavailableError, ValidationError } from '../src/lib/errors.ts';
import { openFhir } from '../src/pms/fhir/index.ts';
import type { PmsSource, ReadProblem } from '../src/pms/source.ts';
import { startFhirServer, type FhirResource, type FhirServer } from '../src/sandbox/fhir/server.ts';
import { generatePractice } from '../src/sandbox/practice/generate.ts';
import { fhirResources, writeFhirBundle } from '../src/sandbox/practice/write-fhir.ts';
import { whatFhirKeeps } from './helpers/fhir-keeps.ts';

const fixtures = join(import.meta.dirname, 'fixtures', 'fhir');
const timeZone = 'America/New_York';

async function readAll(
  source: PmsSource,
): Promise<{ records: PatientRecords[]; problems: ReadProblem[] }> {
  const records: PatientRecords[] = [];
  const problems: ReadProblem[] = [];
  for await (const r of source.readPatients({ onProblem: (p) => problems.push(p) }))
    records.push(r);
  return { records, problems };
}

let scratch: string;
let server: FhirServer | undefined;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'pms-fhir-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const none = { smsConsent: 'unknown', contactPreference: 'none' } as const;

describe('a Bundle file', () => {
  it('maps every resource type, status, name, telecom and time, and reports what it cannot read', async () => {
    const source = openFhir({ location: join(fixtures, 'practice-bundle.json'), timeZone });
    expect(source.name).toBe('fhir');
    expect(await source.countPatients()).toBeUndefined();
    const { records, problems } = await readAll(source);
    const a = (
      id: string,
      patientId: string,
      status: string,
      start: string,
      isHygiene = false,
    ) => ({
      id,
      patientId,
      status,
      start,
      isHygiene,
    });
    expect(records).toStrictEqual([
      {
        patient: {
          id: 'p1',
          status: 'active',
          firstName: 'Margaret',
          lastName: "O'Neill",
          preferredName: 'Peggy',
          birthDate: '1961-04-12',
          mobilePhone: '(617) 555-0101',
          homePhone: '617-555-0102',
          workPhone: '617-555-0103',
          email: 'peggy@example.org',
          ...none,
          language: 'es',
          updatedAt: '2026-09-30T10:00:00Z',
          guarantorId: 'p1',
        },
        appointments: [
          a('a1', 'p1', 'completed', '2025-10-01T09:00:00', true),
          // Either side of spring forward (07:00Z) and of fall back (06:00Z), in New York time.
          a('a2', 'p1', 'scheduled', '2026-03-08T01:30:00'),
          a('a3', 'p1', 'scheduled', '2026-03-08T03:30:00'),
          a('a4', 'p1', 'scheduled', '2026-11-01T01:30:00'),
          a('a5', 'p1', 'scheduled', '2026-11-01T01:30:00'),
          a('a6', 'p1', 'broken', '2026-03-09T10:00:00', true),
          a('a7', 'p1', 'cancelled', '2026-07-15T10:00:00'),
          a('a8', 'p1', 'planned', '2026-08-01T10:00:00', true),
          a('a9', 'p1', 'planned', '2026-08-02T10:00:00', true),
        ],
        recalls: [],
        procedures: [
          {
            id: 'sr1',
            patientId: 'p1',
            status: 'planned',
            plannedDate: '2026-05-01',
            code: 'D2740',
          },
        ],
      },
      {
        patient: {
          id: 'p2',
          status: 'active',
          firstName: 'José',
          lastName: 'García',
          preferredName: 'Pepe',
          birthDate: '2014-06-30',
          mobilePhone: '+1 617 555 0104',
          homePhone: '617-555-0105',
          ...none,
          language: 'en',
          guarantorId: 'p1',
        },
        appointments: [a('a11', 'p2', 'completed', '2026-01-15T10:00:00')],
        recalls: [],
        procedures: [{ id: 'sr2', patientId: 'p2', status: 'planned', plannedDate: '2026-02-28' }],
      },
      {
        patient: { id: 'p3', status: 'inactive', firstName: 'Ann', lastName: 'Lee', ...none },
        appointments: [],
        recalls: [],
        procedures: [{ id: 'sr5', patientId: 'p3', status: 'planned' }],
      },
      {
        patient: { id: 'p4', status: 'deceased', firstName: 'Bob', lastName: 'Stone', ...none },
        appointments: [],
        recalls: [],
        procedures: [],
      },
      {
        patient: { id: 'p5', status: 'deceased', firstName: 'Eve', lastName: 'Moss', ...none },
        appointments: [],
        recalls: [],
        procedures: [],
      },
      {
        // Found through urn:uuid references to the entry's fullUrl, guarantor through an Account.
        patient: {
          id: 'p6',
          status: 'active',
          firstName: 'Carla',
          lastName: 'Ruiz',
          ...none,
          guarantorId: 'p1',
        },
        appointments: [a('a12', 'p6', 'completed', '2026-02-02T10:00:00')],
        recalls: [],
        procedures: [],
      },
    ]);
    expect(problems).toEqual([
      { where: 'Patient/p7', reason: 'birthDate is not a full date written YYYY-MM-DD' },
      {
        where: 'Bundle.entry[8]',
        reason: 'id: Invalid input: expected string, received undefined',
      },
      { where: 'Patient/p9', reason: 'name: Invalid input: expected array, received string' },
      { where: 'Patient/p1', reason: 'the same Patient id appears again' },
      { where: 'Bundle.entry[11]', reason: 'the entry has no resource' },
      { where: 'Appointment/a13', reason: 'status is not an R4 Appointment status' },
      { where: 'Appointment/a14', reason: 'start is missing' },
      { where: 'Appointment/a15', reason: 'start is not an instant with a time zone offset' },
      { where: 'Appointment/a16', reason: 'participant: no actor references a Patient' },
      {
        where: 'Bundle.entry[28]',
        reason: 'id: Invalid input: expected string, received undefined',
      },
      {
        where: 'ServiceRequest/sr4',
        reason: 'authoredOn is not a full date or a date-time with an offset',
      },
      { where: 'ServiceRequest/sr6', reason: 'status is not an R4 ServiceRequest status' },
      { where: 'ServiceRequest/sr7', reason: 'subject does not reference a Patient' },
      { where: 'Appointment/a17', reason: 'the Patient it references is not in the source' },
      { where: 'Appointment/a18', reason: 'its Patient (Patient/p7) was skipped' },
    ]);
  });

  it('a file that is missing, not JSON or not a Bundle is refused', async () => {
    await expect(
      readAll(openFhir({ location: join(fixtures, 'nope.json'), timeZone })),
    ).rejects.toThrow(SourceUnavailableError);
    await expect(
      readAll(openFhir({ location: join(fixtures, 'export.ndjson.missing'), timeZone })),
    ).rejects.toThrow(/cannot read the FHIR file/);
    // The NDJSON export read as if it were a Bundle: several values, not one object.
    const wrong = join(scratch, 'export.json');
    await copyFile(join(fixtures, 'export.ndjson'), wrong);
    await expect(readAll(openFhir({ location: wrong, timeZone }))).rejects.toThrow(ValidationError);
  });

  it('an unknown time zone or page size is refused when opened', () => {
    expect(() => openFhir({ location: fixtures, timeZone: 'Eastern' })).toThrow(ValidationError);
    expect(() => openFhir({ location: fixtures, timeZone, pageSize: 0 })).toThrow(ValidationError);
  });
});

describe('an NDJSON export', () => {
  it('reads one resource per line and names the line of one it cannot read', async () => {
    const { records, problems } = await readAll(
      openFhir({ location: join(fixtures, 'export.ndjson'), timeZone }),
    );
    expect(records).toStrictEqual([
      {
        patient: {
          id: 'n1',
          status: 'active',
          firstName: 'Bea',
          lastName: 'Kim',
          birthDate: '1990-01-31',
          mobilePhone: '617-555-0199',
          ...none,
          guarantorId: 'n1',
        },
        appointments: [
          {
            id: 'na1',
            patientId: 'n1',
            status: 'completed',
            start: '2026-06-01T09:30:00',
            isHygiene: true,
          },
        ],
        recalls: [],
        procedures: [{ id: 'nsr1', patientId: 'n1', status: 'planned', plannedDate: '2026-01-01' }],
      },
      {
        patient: {
          id: 'n2',
          status: 'inactive',
          firstName: 'Cy',
          lastName: 'Kim',
          ...none,
          guarantorId: 'n1',
        },
        appointments: [],
        recalls: [],
        procedures: [],
      },
    ]);
    expect(problems).toEqual([
      { where: 'export.ndjson:4', reason: 'the line is not valid JSON' },
      {
        where: 'export.ndjson:5',
        reason: 'id: Invalid input: expected string, received undefined',
      },
    ]);
  });
});

/** A small practice with every status, both DST changes and a family. */
function practice(): PatientRecords[] {
  const p = (id: string, status: PatientRecords['patient']['status'], extra: object = {}) =>
    ({
      patient: {
        id,
        status,
        firstName: `F${id}`,
        lastName: `L${id}`,
        smsConsent: 'yes',
        contactPreference: 'text',
        ...extra,
      },
      appointments: [],
      recalls: [],
      procedures: [],
    }) as PatientRecords;
  const first = p('1', 'active', {
    preferredName: 'Annie',
    birthDate: '1980-01-31',
    mobilePhone: '617-555-0101',
    homePhone: '617-555-0102',
    workPhone: '617-555-0103',
    email: 'ann@example.org',
    guarantorId: '1',
    clinicId: '2',
    language: 'es',
    updatedAt: '2026-01-01T00:00:00Z',
  });
  const appointment = (id: string, status: string, start: string, isHygiene = false) =>
    ({
      id,
      patientId: '1',
      status,
      start,
      isHygiene,
      clinicId: '2',
    }) as PatientRecords['appointments'][number];
  first.appointments = [
    appointment('1', 'completed', '2025-07-01T09:00:00', true),
    appointment('2', 'scheduled', '2026-03-08T01:30:00'),
    appointment('3', 'broken', '2026-03-08T03:30:00', true),
    appointment('4', 'cancelled', '2026-11-01T01:30:00'),
    appointment('5', 'planned', '2026-11-01T02:30:00'),
    appointment('6', 'unscheduled', '2026-12-24T16:45:00'),
    appointment('7', 'other', '2026-01-01T00:00:00'),
  ];
  first.recalls = [{ id: '1', patientId: '1', dueDate: '2026-01-01', disabled: false }];
  first.procedures = [
    {
      id: '1',
      patientId: '1',
      status: 'planned',
      fee: 1250,
      plannedDate: '2026-02-01',
      code: 'D2740',
    },
    {
      id: '2',
      patientId: '1',
      status: 'completed',
      fee: 120,
      completedDate: '2025-07-01',
      appointmentId: '1',
    },
    { id: '3', patientId: '1', status: 'other', fee: 0 },
    { id: '4', patientId: '1', status: 'planned' },
  ];
  return [
    first,
    p('2', 'archived', { guarantorId: '1', birthDate: '2015-05-05' }),
    p('3', 'deceased'),
    p('4', 'non_patient'),
    p('5', 'prospective'),
    p('6', 'deleted'),
    {
      ...p('7', 'inactive'),
      patient: {
        id: '7',
        status: 'inactive',
        firstName: '',
        lastName: '',
        smsConsent: 'no',
        contactPreference: 'none',
      },
    },
  ];
}

describe('a FHIR server', () => {
  it('pages through every search with the bearer token and reports resources by id or page', async () => {
    const resources: FhirResource[] = [...fhirResources(practice(), { timeZone })];
    resources.push(
      {
        resourceType: 'Appointment',
        id: 'bad',
        status: 'booked',
        participant: [{ actor: { reference: 'Patient/1' } }],
      },
      {
        resourceType: 'Appointment',
        status: 'booked',
        start: '2026-01-01T10:00:00Z',
        participant: [{ actor: { reference: 'Patient/1' } }],
      },
    );
    server = await startFhirServer({ resources, pageSize: 2, bearerToken: 'tok-123' });
    const source = openFhir({
      location: `${server.baseUrl}/`,
      timeZone,
      bearerToken: 'tok-123',
      pageSize: 2,
    });
    expect(await source.countPatients()).toBe(7);
    server.requests.length = 0;
    const { records, problems } = await readAll(source);
    expect(records).toStrictEqual(whatFhirKeeps(practice()));
    expect(problems).toEqual([
      { where: 'Appointment/bad', reason: 'start is missing' },
      {
        where: 'Appointment page 5 entry[0]',
        reason: 'id: Invalid input: expected string, received undefined',
      },
    ]);
    const pages = (type: string) =>
      server!.requests.filter((r) => r.url.startsWith(`/fhir/${type}?`));
    // 9 appointments, 2 planned procedures, 1 account, 7 patients, 2 a page.
    expect(pages('Appointment')).toHaveLength(5);
    expect(pages('ServiceRequest')).toHaveLength(1);
    expect(pages('Account')).toHaveLength(1);
    expect(pages('Patient')).toHaveLength(4);
    expect(server.requests).toHaveLength(11);
    expect(pages('ServiceRequest')[0]!.url).toBe(
      '/fhir/ServiceRequest?status=active,draft&_count=2',
    );
    expect(pages('Patient')[0]!.url).toBe('/fhir/Patient?_count=2');
    expect(
      server.requests.every((r) => r.authorization === 'Bearer tok-123' && r.status === 200),
    ).toBe(true);
  });

  it('asks for the next page of patients only when the loop wants more', async () => {
    server = await startFhirServer({
      resources: [...fhirResources(practice(), { timeZone })],
      pageSize: 2,
    });
    const source = openFhir({ location: server.baseUrl, timeZone, pageSize: 2 });
    for await (const r of source.readPatients()) {
      expect(r.patient.id).toBe('1');
      break;
    }
    expect(server.requests.filter((r) => r.url.startsWith('/fhir/Patient?'))).toHaveLength(1);
  });

  it('an aborted signal stops the read with an AbortError, from a server or a file', async () => {
    server = await startFhirServer({
      resources: [...fhirResources(practice(), { timeZone })],
      pageSize: 2,
    });
    const file = join(scratch, 'abort.json');
    await writeFhirBundle(practice(), file, { timeZone });
    for (const location of [server.baseUrl, file]) {
      const controller = new AbortController();
      const seen: string[] = [];
      const reading = (async () => {
        const source = openFhir({ location, timeZone, pageSize: 2 });
        for await (const r of source.readPatients({ signal: controller.signal })) {
          seen.push(r.patient.id);
          controller.abort();
        }
      })();
      await expect(reading).rejects.toThrow(expect.objectContaining({ name: 'AbortError' }));
      expect(seen).toEqual(['1']);
    }
  });

  it('without Account searches there are no guarantors, and nothing else is lost', async () => {
    const resources = [...fhirResources(practice(), { timeZone })];
    server = await startFhirServer({
      resources,
      resourceTypes: ['Patient', 'Appointment', 'ServiceRequest'],
    });
    const { records, problems } = await readAll(openFhir({ location: server.baseUrl, timeZone }));
    expect(problems).toEqual([]);
    expect(records).toStrictEqual(
      whatFhirKeeps(practice()).map((r) => {
        const { guarantorId: _g, ...patient } = r.patient;
        return { ...r, patient };
      }),
    );
  });

  it('a refused token is a SourceUnavailableError naming the URL but never the token', async () => {
    server = await startFhirServer({ resources: [], bearerToken: 'right-token' });
    const error = await readAll(
      openFhir({ location: server.baseUrl, timeZone, bearerToken: 'wrong-token-xyz' }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceUnavailableError);
    const message = (error as Error).message;
    expect(message).toContain(`HTTP 401 to ${server.baseUrl}/Appointment?_count=200`);
    expect(message).not.toContain('wrong-token-xyz');
    await expect(openFhir({ location: server.baseUrl, timeZone }).countPatients()).rejects.toThrow(
      /HTTP 401/,
    );
  });

  it('a server that fails or cannot be reached is a SourceUnavailableError', async () => {
    const failing: Server = createServer((_req, res) => {
      res.writeHead(500, { 'content-type': 'application/fhir+json' });
      res.end('{"resourceType":"OperationOutcome"}');
    });
    await new Promise<void>((resolve) => failing.listen(0, '127.0.0.1', resolve));
    const failingUrl = `http://127.0.0.1:${(failing.address() as AddressInfo).port}/fhir`;
    try {
      await expect(readAll(openFhir({ location: failingUrl, timeZone }))).rejects.toThrow(
        `the FHIR server answered HTTP 500 to ${failingUrl}/Appointment?_count=200`,
      );
    } finally {
      await new Promise((resolve) => failing.close(resolve));
    }
    // The port is free again: nothing listens there.
    await expect(readAll(openFhir({ location: failingUrl, timeZone }))).rejects.toThrow(
      `the FHIR server cannot be reached at ${failingUrl}/Appointment?_count=200`,
    );
  });
});

describe('round trips through writeFhirBundle', () => {
  it('give back everything FHIR can hold, across both daylight-saving changes', async () => {
    const file = join(scratch, 'small.json');
    await writeFhirBundle(practice(), file, { timeZone });
    const { records, problems } = await readAll(openFhir({ location: file, timeZone }));
    expect(problems).toEqual([]);
    expect(records).toStrictEqual(whatFhirKeeps(practice()));
  });

  it('a local time inside the spring-forward gap comes back an hour later, as it really happens', async () => {
    const [first] = practice();
    first!.appointments = [{ ...first!.appointments[0]!, start: '2026-03-08T02:30:00' }];
    const file = join(scratch, 'gap.json');
    await writeFhirBundle([first!], file, { timeZone });
    const { records } = await readAll(openFhir({ location: file, timeZone }));
    expect(records[0]!.appointments[0]!.start).toBe('2026-03-08T03:30:00');
  });

  it('give back a generated practice of 2,000 patients, from a file and from a server', async () => {
    const { practice: file, records } = generatePractice({
      patients: 2000,
      seed: 5,
      asOf: '2026-11-01',
    });
    const expected = whatFhirKeeps(records);
    const path = join(scratch, 'generated.json');
    await writeFhirBundle(records, path, { timeZone: file.timeZone });
    const fromFile = await readAll(openFhir({ location: path, timeZone: file.timeZone }));
    expect(fromFile.problems).toEqual([]);
    expect(fromFile.records).toHaveLength(2000);
    expect(fromFile.records).toStrictEqual(expected);

    server = await startFhirServer({
      resources: [...fhirResources(records, { timeZone: file.timeZone })],
      pageSize: 500,
    });
    const fromServer = await readAll(
      openFhir({ location: server.baseUrl, timeZone: file.timeZone, pageSize: 500 }),
    );
    expect(fromServer.problems).toEqual([]);
    expect(fromServer.records).toStrictEqual(expected);
  });
});
