import { issueBookingToken } from '../../domain/booking-token.ts';
import { chooseChannel } from '../../domain/channel-choice.ts';
import { ContactBook } from '../../domain/contact-book.ts';
import { locationFor, type PracticeFile } from '../../domain/practice.ts';
import { reachabilityOf } from '../../domain/reachability.ts';
import type { Patient, PatientRecords } from '../../domain/records.ts';
import { segmentContext, segmentPatient, type Segmentation } from '../../domain/segment.ts';
import { contactProperties } from '../contact-properties.ts';

/** A contact the sync may write: its properties (without status and email) and what decides those. */
export interface PlannedContact {
  key: string;
  patientId: string;
  properties: Record<string, string>;
  /** The email this contact should carry, after the family rule; undefined: none. */
  email: string | undefined;
  segmentation: Segmentation;
}

export interface PlanOptions {
  /** `opendental`, `csv` or `fhir`: the first part of every `pms_patient_id`. */
  sourceName: string;
  practice: PracticeFile;
  asOf: string;
  now: Date;
  publicBaseUrl: string;
  linkSecret: string;
  /** Keys of every patient synced before: they stay in the CRM whatever their segment now. */
  previouslySynced: ReadonlySet<string>;
  onRead?: (patientsRead: number) => void;
}

export interface SyncPlan {
  contacts: PlannedContact[];
  patientsRead: number;
}

/** `<source>:<clinic or 0>:<patient id>`, the upsert key of domain.md. */
export function patientKey(sourceName: string, patient: Patient): string {
  return `${sourceName}:${patient.clinicId ?? '0'}:${patient.id}`;
}

/**
 * Reads the whole practice once and decides which contacts HubSpot should hold, with what. The
 * whole practice is needed before anything is decided: a minor's guarantor, and who in a family
 * carries a shared email, may come later in the stream.
 */
export async function planSync(
  records: AsyncIterable<PatientRecords> | Iterable<PatientRecords>,
  o: PlanOptions,
): Promise<SyncPlan> {
  const ctx = segmentContext(o.asOf, o.practice.windows);
  const book = new ContactBook({
    defaultRegion: o.practice.defaultRegion,
    treatUnknownSmsConsentAsNo: o.practice.reachability.treatUnknownSmsConsentAsNo,
  });
  const chosen: { key: string; patient: Patient; segmentation: Segmentation }[] = [];
  let read = 0;
  for await (const r of records) {
    read++;
    book.remember(r.patient);
    const segmentation = segmentPatient(r, ctx);
    const key = patientKey(o.sourceName, r.patient);
    const inSegment = segmentation.outcome !== 'active' && segmentation.outcome !== 'excluded';
    if (inSegment || o.previouslySynced.has(key))
      chosen.push({ key, patient: r.patient, segmentation });
    if (o.onRead && read % 1000 === 0) o.onRead(read);
  }
  const base = o.publicBaseUrl.replace(/\/$/, '');
  const contacts: Resolved[] = chosen.map(({ key, patient, segmentation }) => {
    const personId = book.contactPersonOf(patient, o.asOf);
    const contact = book.contactPoint(personId)!;
    const reach = reachabilityOf(contact, {
      defaultRegion: o.practice.defaultRegion,
      treatUnknownSmsConsentAsNo: o.practice.reachability.treatUnknownSmsConsentAsNo,
    });
    const preferred = chooseChannel({
      reach,
      optedOut: false,
      contactPreference: contact.contactPreference,
    }).channel;
    const properties = contactProperties({
      key,
      patient,
      segmentation,
      contact,
      preferredChannel: preferred,
      location: locationFor(o.practice, patient.clinicId),
      bookingLink: `${base}/b/${issueBookingToken(key, o.now, { secret: o.linkSecret })}`,
    });
    return {
      key,
      patientId: patient.id,
      personId,
      guarantorId: patient.guarantorId,
      properties,
      email: contact.email,
      segmentation,
    };
  });
  assignSharedEmails(contacts);
  return {
    contacts: contacts.map(({ personId: _p, guarantorId: _g, ...c }) => c),
    patientsRead: read,
  };
}

type Resolved = PlannedContact & { personId: string; guarantorId: string | undefined };

/**
 * HubSpot refuses two contacts with one email. Among contacts that would share one, the person
 * messages are for keeps it (the guarantor, whose email the family's records repeat); failing
 * that, the lowest patient id. The others go without.
 */
function assignSharedEmails(contacts: Resolved[]): void {
  const byEmail = new Map<string, Resolved[]>();
  for (const c of contacts) {
    if (c.email === undefined) continue;
    const group = byEmail.get(c.email);
    if (group) group.push(c);
    else byEmail.set(c.email, [c]);
  }
  for (const group of byEmail.values()) {
    if (group.length < 2) continue;
    const ranked = [...group].sort(
      (a, b) => rank(a, group) - rank(b, group) || compareIds(a.patientId, b.patientId),
    );
    for (const c of ranked.slice(1)) c.email = undefined;
  }
}

/** 0: the guarantor the others are reached through; 1: someone reached directly; 2: the rest. */
function rank(c: Resolved, group: Resolved[]): number {
  if (c.personId !== c.patientId) return 2;
  return group.some((o) => o !== c && (o.personId === c.patientId || o.guarantorId === c.patientId))
    ? 0
    : 1;
}

function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
