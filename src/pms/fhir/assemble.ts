import type { Appointment, Patient, PatientRecords, Procedure } from '../../domain/records.ts';
import type { ZoneConverter } from '../../domain/zoned-time.ts';
import type { ReadProblem } from '../source.ts';
import { mapAccount } from './map-account.ts';
import { mapAppointment } from './map-appointment.ts';
import { mapPatient } from './map-patient.ts';
import { mapServiceRequest } from './map-service-request.ts';
import { ResourceProblem } from './resources.ts';

/** A resource as it came out of a file or a search page. */
export interface RawResource {
  resource: unknown;
  /** Where it is when it has no id: `Bundle.entry[12]`, `export.ndjson:12`. */
  fallbackWhere: string;
  /** The Bundle entry's fullUrl, which `urn:uuid:` references point at. */
  fullUrl?: string;
}

interface Children {
  appointments: Appointment[];
  procedures: Procedure[];
}

function field(resource: unknown, name: string): string | undefined {
  if (typeof resource !== 'object' || resource === null) return undefined;
  const value = (resource as Record<string, unknown>)[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** `Appointment/abc` when the resource has a type and an id, else where it sits. */
export function whereOf(raw: RawResource): string {
  const type = field(raw.resource, 'resourceType');
  const id = field(raw.resource, 'id');
  return type !== undefined && id !== undefined ? `${type}/${id}` : raw.fallbackWhere;
}

export function typeOf(raw: RawResource): string | undefined {
  return field(raw.resource, 'resourceType');
}

/**
 * Puts a practice together from FHIR resources: children (Appointment, ServiceRequest, Account)
 * are filed by patient first, then each Patient collects theirs. Every resource that cannot be
 * read, and every child whose Patient never comes, is reported.
 */
export class FhirAssembler {
  private readonly children = new Map<string, Children>();
  private readonly guarantors = new Map<string, string>();
  /** fullUrl → Patient id, for `urn:uuid:` references. */
  private readonly aliases = new Map<string, string>();
  private readonly seen = new Set<string>();
  private readonly rejected = new Set<string>();

  constructor(
    private readonly zone: ZoneConverter,
    private readonly onProblem: (problem: ReadProblem) => void,
  ) {}

  private report(raw: RawResource, error: unknown): void {
    if (!(error instanceof ResourceProblem)) throw error;
    this.onProblem({ where: whereOf(raw), reason: error.message });
  }

  private bucket(key: string): Children {
    let children = this.children.get(key);
    if (children === undefined) {
      children = { appointments: [], procedures: [] };
      this.children.set(key, children);
    }
    return children;
  }

  /** Files an Appointment, ServiceRequest or Account; other resource types are not ours. */
  addChild(raw: RawResource): void {
    try {
      switch (typeOf(raw)) {
        case 'Appointment': {
          const mapped = mapAppointment(raw.resource, this.zone);
          if (mapped) this.bucket(mapped.patientKey).appointments.push(mapped.appointment);
          return;
        }
        case 'ServiceRequest': {
          const mapped = mapServiceRequest(raw.resource, this.zone);
          if (mapped) this.bucket(mapped.patientKey).procedures.push(mapped.procedure);
          return;
        }
        case 'Account': {
          const mapped = mapAccount(raw.resource);
          for (const subject of mapped?.subjects ?? []) {
            if (!this.guarantors.has(subject)) this.guarantors.set(subject, mapped!.guarantor);
          }
          return;
        }
        default:
          return;
      }
    } catch (error) {
      this.report(raw, error);
    }
  }

  /** Maps a Patient resource, or reports it (a second Patient with the same id too). */
  addPatient(raw: RawResource): Patient | undefined {
    let patient: Patient;
    try {
      patient = mapPatient(raw.resource);
    } catch (error) {
      this.report(raw, error);
      const id = field(raw.resource, 'id');
      if (id !== undefined) this.rejected.add(id);
      return undefined;
    }
    if (this.seen.has(patient.id)) {
      this.onProblem({ where: whereOf(raw), reason: 'the same Patient id appears again' });
      return undefined;
    }
    this.seen.add(patient.id);
    if (raw.fullUrl !== undefined) this.aliases.set(raw.fullUrl, patient.id);
    return patient;
  }

  /** The patient with their records; each child is handed out once. */
  assemble(patient: Patient, fullUrl?: string): PatientRecords {
    const records: PatientRecords = { patient, appointments: [], recalls: [], procedures: [] };
    for (const key of fullUrl === undefined ? [patient.id] : [patient.id, fullUrl]) {
      const children = this.children.get(key);
      if (children === undefined) continue;
      this.children.delete(key);
      records.appointments.push(...children.appointments);
      records.procedures.push(...children.procedures);
    }
    // A child filed under a urn:uuid learns its patient's id here.
    for (const a of records.appointments) a.patientId = patient.id;
    for (const p of records.procedures) p.patientId = patient.id;
    const guarantor =
      this.guarantors.get(patient.id) ??
      (fullUrl === undefined ? undefined : this.guarantors.get(fullUrl));
    if (guarantor !== undefined) patient.guarantorId = this.aliases.get(guarantor) ?? guarantor;
    return records;
  }

  /** Reports every child no Patient claimed. Call once, after the last patient. */
  reportOrphans(): void {
    for (const [key, children] of this.children) {
      const reason = this.rejected.has(key)
        ? `its Patient (Patient/${key}) was skipped`
        : 'the Patient it references is not in the source';
      for (const a of children.appointments)
        this.onProblem({ where: `Appointment/${a.id}`, reason });
      for (const p of children.procedures)
        this.onProblem({ where: `ServiceRequest/${p.id}`, reason });
    }
    this.children.clear();
  }
}
