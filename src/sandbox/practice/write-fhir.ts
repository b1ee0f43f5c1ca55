import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type {
  Appointment,
  AppointmentStatus,
  Patient,
  PatientRecords,
  Procedure,
} from '../../domain/records.ts';
import { createZoneConverter, type ZoneConverter } from '../../domain/zoned-time.ts';
import type { FhirResource } from '../fhir/server.ts';

/**
 * The sample practice as FHIR R4 resources, the way an EHR's export would hold it: Patient,
 * Appointment (start as an instant with the practice zone's offset at that date), ServiceRequest
 * for planned treatment, Account per guarantor. What FHIR has no place for is not written:
 * recalls, fees, completed procedures, SMS consent, contact preference, clinics; `unscheduled`
 * and `other` appointments become `waitlist` and `proposed`, which read back as `planned`.
 */

export interface FhirWriteOptions {
  /** The practice's IANA time zone, in which appointment times are local. */
  timeZone: string;
}

const APPOINTMENT_STATUS: Record<AppointmentStatus, string> = {
  scheduled: 'booked',
  completed: 'fulfilled',
  broken: 'noshow',
  cancelled: 'cancelled',
  planned: 'proposed',
  unscheduled: 'waitlist',
  other: 'proposed',
};

function patientResource(p: Patient): FhirResource {
  const telecom: Record<string, string>[] = [];
  if (p.mobilePhone) telecom.push({ system: 'phone', value: p.mobilePhone, use: 'mobile' });
  if (p.homePhone) telecom.push({ system: 'phone', value: p.homePhone, use: 'home' });
  if (p.workPhone) telecom.push({ system: 'phone', value: p.workPhone, use: 'work' });
  if (p.email) telecom.push({ system: 'email', value: p.email });
  const official: Record<string, unknown> = { use: 'official' };
  if (p.lastName) official.family = p.lastName;
  if (p.firstName) official.given = [p.firstName];
  const name: Record<string, unknown>[] = [official];
  if (p.preferredName) name.push({ use: 'usual', given: [p.preferredName] });
  return {
    resourceType: 'Patient',
    id: p.id,
    ...(p.updatedAt ? { meta: { lastUpdated: p.updatedAt } } : {}),
    ...(p.status === 'deceased' ? { deceasedBoolean: true } : { active: p.status === 'active' }),
    name,
    ...(telecom.length > 0 ? { telecom } : {}),
    ...(p.birthDate ? { birthDate: p.birthDate } : {}),
    ...(p.language
      ? {
          communication: [
            {
              language: { coding: [{ system: 'urn:ietf:bcp:47', code: p.language }] },
              preferred: true,
            },
          ],
        }
      : {}),
  };
}

function appointmentResource(a: Appointment, zone: ZoneConverter): FhirResource {
  return {
    resourceType: 'Appointment',
    id: a.id,
    status: APPOINTMENT_STATUS[a.status],
    serviceType: [
      a.isHygiene
        ? {
            coding: [
              {
                system: 'http://snomed.info/sct',
                code: '234723000',
                display: 'Dental prophylaxis',
              },
            ],
            text: 'Hygiene visit',
          }
        : { text: 'Dental treatment' },
    ],
    start: zone.localToInstant(a.start),
    participant: [{ actor: { reference: `Patient/${a.patientId}` }, status: 'accepted' }],
  };
}

function serviceRequestResource(p: Procedure): FhirResource {
  return {
    resourceType: 'ServiceRequest',
    id: p.id,
    status: 'active',
    intent: 'plan',
    subject: { reference: `Patient/${p.patientId}` },
    ...(p.plannedDate ? { authoredOn: p.plannedDate } : {}),
    ...(p.code ? { code: { coding: [{ system: 'http://www.ada.org/cdt', code: p.code }] } } : {}),
  };
}

/** Every resource of the practice, patient by patient, Accounts (one per guarantor) last. */
export function* fhirResources(
  records: Iterable<PatientRecords>,
  options: FhirWriteOptions,
): Generator<FhirResource> {
  const zone = createZoneConverter(options.timeZone);
  const accounts = new Map<string, string[]>();
  for (const { patient, appointments, procedures } of records) {
    yield patientResource(patient);
    for (const a of appointments) yield appointmentResource(a, zone);
    for (const p of procedures) if (p.status === 'planned') yield serviceRequestResource(p);
    if (patient.guarantorId !== undefined) {
      const subjects = accounts.get(patient.guarantorId) ?? [];
      subjects.push(patient.id);
      accounts.set(patient.guarantorId, subjects);
    }
  }
  for (const [guarantor, subjects] of accounts) {
    yield {
      resourceType: 'Account',
      id: `guarantor-${guarantor}`,
      status: 'active',
      subject: subjects.map((id) => ({ reference: `Patient/${id}` })),
      guarantor: [{ party: { reference: `Patient/${guarantor}` } }],
    };
  }
}

/**
 * Writes the practice as a `collection` Bundle, one entry per line, streamed in 64 KB pieces: a
 * hundred thousand patients never become one string.
 */
export async function writeFhirBundle(
  records: Iterable<PatientRecords>,
  file: string,
  options: FhirWriteOptions,
): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const stream = createWriteStream(file, { encoding: 'utf8' });
  let pending = '{"resourceType":"Bundle","type":"collection","entry":[\n';
  let first = true;
  try {
    for (const resource of fhirResources(records, options)) {
      pending += `${first ? '' : ',\n'}{"resource":${JSON.stringify(resource)}}`;
      first = false;
      if (pending.length >= 1 << 16) {
        if (!stream.write(pending)) await once(stream, 'drain');
        pending = '';
      }
    }
    stream.write(`${pending}\n]}\n`);
    stream.end();
    await once(stream, 'finish');
  } catch (error) {
    stream.destroy();
    throw error;
  }
}
