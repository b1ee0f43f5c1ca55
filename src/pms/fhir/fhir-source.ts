import type { Patient, PatientRecords } from '../../domain/records.ts';
import { createZoneConverter, type ZoneConverter } from '../../domain/zoned-time.ts';
import { ValidationError } from '../../lib/errors.ts';
import type { PmsSource, ReadOptions, ReadProblem } from '../source.ts';
import { FhirAssembler, typeOf, type RawResource } from './assemble.ts';
import { readFhirFile } from './file-resources.ts';
import {
  FhirHttpError,
  getBundle,
  searchPages,
  type FhirServerOptions,
} from './server-resources.ts';

export interface FhirOptions {
  /** A Bundle JSON file, an NDJSON file of resources, or a server's base URL (`https://…`). */
  location: string;
  /** The practice's IANA time zone: appointment instants become local date-times in it. */
  timeZone: string;
  /** Sent as `Authorization: Bearer …` to a server; never logged or shown. */
  bearerToken?: string;
  /** The fetch to use (a test's, or one with a proxy); the global one by default. */
  fetch?: typeof fetch;
  /** `_count` asked of the server per page (it may give fewer). */
  pageSize?: number;
}

/** Status codes with which a server says it has no Account search: then there are no guarantors. */
const NO_ACCOUNTS = new Set([400, 403, 404, 405, 501]);

function noResource(raw: RawResource, onProblem: (p: ReadProblem) => void): void {
  onProblem({ where: raw.fallbackWhere, reason: 'the entry holds no resource (no resourceType)' });
}

async function* readFile(
  path: string,
  zone: ZoneConverter,
  options: ReadOptions,
): AsyncGenerator<PatientRecords> {
  options.signal?.throwIfAborted();
  const onProblem = options.onProblem ?? (() => {});
  const assembler = new FhirAssembler(zone, onProblem);
  // A file lists resources in any order: all of it is read before the first patient is complete.
  const patients: { patient: Patient; fullUrl: string | undefined }[] = [];
  await readFhirFile(path, {
    signal: options.signal,
    onProblem,
    onResource: (raw) => {
      const type = typeOf(raw);
      if (type === undefined) return noResource(raw, onProblem);
      if (type !== 'Patient') return assembler.addChild(raw);
      const patient = assembler.addPatient(raw);
      if (patient) patients.push({ patient, fullUrl: raw.fullUrl });
    },
  });
  for (const { patient, fullUrl } of patients) {
    options.signal?.throwIfAborted();
    yield assembler.assemble(patient, fullUrl);
  }
  assembler.reportOrphans();
}

async function* readServer(
  server: FhirServerOptions,
  pageSize: number,
  zone: ZoneConverter,
  options: ReadOptions,
): AsyncGenerator<PatientRecords> {
  const onProblem = options.onProblem ?? (() => {});
  const assembler = new FhirAssembler(zone, onProblem);
  const file = (raws: RawResource[]) => {
    for (const raw of raws) {
      if (typeOf(raw) === undefined) noResource(raw, onProblem);
      else assembler.addChild(raw);
    }
  };
  const count = `_count=${pageSize}`;
  for await (const page of searchPages('Appointment', count, server)) file(page);
  for await (const page of searchPages('ServiceRequest', `status=active,draft&${count}`, server)) {
    file(page);
  }
  try {
    for await (const page of searchPages('Account', count, server)) file(page);
  } catch (error) {
    if (!(error instanceof FhirHttpError && NO_ACCOUNTS.has(error.httpStatus))) throw error;
  }
  // Children are filed; now patients stream page by page, each complete.
  for await (const page of searchPages('Patient', count, server)) {
    for (const raw of page) {
      options.signal?.throwIfAborted();
      const type = typeOf(raw);
      if (type === undefined) noResource(raw, onProblem);
      if (type !== 'Patient') continue;
      const patient = assembler.addPatient(raw);
      if (patient) yield assembler.assemble(patient, raw.fullUrl);
    }
  }
  assembler.reportOrphans();
}

/**
 * The FHIR R4 connector (domain.md "FHIR R4"): Patient, Appointment, ServiceRequest (planned
 * treatment) and Account (guarantors) from a Bundle file, an NDJSON export or a server. FHIR has no
 * recalls, fees, SMS consent or contact preference: those come out empty or `unknown`/`none`.
 */
export function openFhir(options: FhirOptions): PmsSource {
  const zone = createZoneConverter(options.timeZone);
  const pageSize = options.pageSize ?? 200;
  if (!Number.isInteger(pageSize) || pageSize < 1) {
    throw new ValidationError('pageSize must be a positive whole number', 'pageSize');
  }
  const isServer = /^https?:\/\//i.test(options.location);
  const server = (signal?: AbortSignal): FhirServerOptions => ({
    baseUrl: options.location.replace(/\/+$/, ''),
    fetch: options.fetch ?? fetch,
    ...(options.bearerToken === undefined ? {} : { bearerToken: options.bearerToken }),
    ...(signal === undefined ? {} : { signal }),
  });

  return {
    name: 'fhir',
    async countPatients() {
      if (!isServer) return undefined;
      const target = server();
      try {
        const bundle = await getBundle(`${target.baseUrl}/Patient?_summary=count`, target);
        return bundle.total;
      } catch (error) {
        // A server without `_summary=count` still serves patients; one that refuses us does not.
        const refused = error instanceof FhirHttpError && [401, 403].includes(error.httpStatus);
        if (error instanceof FhirHttpError && error.httpStatus < 500 && !refused) return undefined;
        throw error;
      }
    },
    readPatients(readOptions = {}) {
      return isServer
        ? readServer(server(readOptions.signal), pageSize, zone, readOptions)
        : readFile(options.location, zone, readOptions);
    },
    // Every read opens its own file or requests and finishes them when its loop ends.
    async close() {},
  };
}
