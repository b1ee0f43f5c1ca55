import { Appointment, type AppointmentStatus } from '../../domain/records.ts';
import type { ZoneConverter } from '../../domain/zoned-time.ts';
import { patientKey } from './references.ts';
import {
  FhirAppointment,
  ResourceProblem,
  defined,
  parseResource,
  type CodeableConcept,
} from './resources.ts';

/** R4 Appointment.status to ours (domain.md); `entered-in-error` is not an appointment at all. */
const STATUSES: Readonly<Record<string, AppointmentStatus | null>> = {
  proposed: 'planned',
  pending: 'scheduled',
  booked: 'scheduled',
  arrived: 'scheduled',
  'checked-in': 'scheduled',
  fulfilled: 'completed',
  cancelled: 'cancelled',
  noshow: 'broken',
  waitlist: 'planned',
  'entered-in-error': null,
};

const HYGIENE = /hygien|recall|prophy|clean/i;

/** True when a coding's code or display, or the text, speaks of hygiene, recall or cleaning. */
export function saysHygiene(concepts: readonly (CodeableConcept | undefined)[]): boolean {
  for (const concept of concepts) {
    if (concept === undefined) continue;
    if (concept.text !== undefined && HYGIENE.test(concept.text)) return true;
    for (const coding of concept.coding ?? []) {
      if (coding.code !== undefined && HYGIENE.test(coding.code)) return true;
      if (coding.display !== undefined && HYGIENE.test(coding.display)) return true;
    }
  }
  return false;
}

export interface MappedAppointment {
  /** Where the patient is filed (see references.ts); patientId is set to it until resolved. */
  patientKey: string;
  appointment: Appointment;
}

/**
 * Maps an Appointment: the patient is the participant whose actor references a Patient; `start`
 * (an instant with an offset) becomes the local date-time in the practice's zone. Null for an
 * appointment entered in error; a ResourceProblem for one that cannot be read.
 */
export function mapAppointment(resource: unknown, zone: ZoneConverter): MappedAppointment | null {
  const a = parseResource(FhirAppointment, resource);
  const status = STATUSES[a.status];
  if (status === null) return null;
  if (status === undefined) throw new ResourceProblem('status is not an R4 Appointment status');
  let key: string | undefined;
  for (const participant of a.participant ?? []) {
    key = patientKey(participant.actor);
    if (key !== undefined) break;
  }
  if (key === undefined) throw new ResourceProblem('participant: no actor references a Patient');
  if (a.start === undefined) throw new ResourceProblem('start is missing');
  const start = zone.instantToLocal(a.start);
  if (start === undefined) {
    throw new ResourceProblem('start is not an instant with a time zone offset');
  }
  const appointment = parseResource(
    Appointment,
    defined({
      id: a.id,
      patientId: key,
      status,
      start,
      isHygiene: saysHygiene([a.appointmentType, ...(a.serviceType ?? [])]),
    }),
  );
  return { patientKey: key, appointment };
}
