import { bookingLinkId, issueBookingToken } from '../../domain/booking-token.ts';
import { chooseChannel } from '../../domain/channel-choice.ts';
import { ContactBook } from '../../domain/contact-book.ts';
import { locationFor, type PracticeFile } from '../../domain/practice.ts';
import { reachabilityOf } from '../../domain/reachability.ts';
import type { Patient, PatientRecords } from '../../domain/records.ts';
import { segmentContext, segmentPatient, type Segmentation } from '../../domain/segment.ts';
import type { DirectoryEntry } from '../../store/contact-directory.ts';
import { contactProperties } from '../contact-properties.ts';

/** A contact the sync may write: its properties (without status and email) and what decides those. */
export interface PlannedContact {
  key: string;
  patientId: string;
  properties: Record<string, string>;
  /** The email this contact should carry, after the family rule; undefined: none. */
  email: string | undefined;
  segmentation: Segmentation;
  /** What the service keeps for itself (the phones a call may use, the PMS preference, the office). */
  directory: DirectoryEntry;
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
  /** How many contacts the plan holds. */
  size: number;
  patientsRead: number;
  /** The contacts, each worked out as it is asked for. */
  contacts(): Iterable<PlannedContact>;
  /** The email each contact should carry (the family rule applied), by key. */
  emailCarriers: ReadonlyMap<string, string>;
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
  // Who carries each shared email is decided over the whole practice (cheap: emails only); the
  // rest of each contact (phones, links) is worked out batch by batch as the sync sends them, so
  // that work overlaps the waits the rate limit imposes.
  const chosenWithPerson: Chosen[] = chosen.map((c) => {
    const personId = book.contactPersonOf(c.patient, o.asOf);
    return { ...c, personId, email: book.emailOf(personId) };
  });
  assignSharedEmails(chosenWithPerson);
  const base = o.publicBaseUrl.replace(/\/$/, '');
  const resolve = (c: Chosen): PlannedContact => {
    const { key, patient, segmentation } = c;
    const contact = book.contactPoint(c.personId)!;
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
    const phones = [contact.mobilePhone, contact.homePhone, contact.workPhone].filter(
      (p): p is string => p !== undefined,
    );
    const directory: DirectoryEntry = {
      phones: [...new Set(phones)],
      contactPreference: contact.contactPreference,
      linkId: bookingLinkId(key, o.linkSecret),
      ...(patient.clinicId ? { clinicId: patient.clinicId } : {}),
      ...(patient.language ? { language: patient.language } : {}),
    };
    return { key, patientId: patient.id, properties, directory, email: c.email, segmentation };
  };
  return {
    size: chosenWithPerson.length,
    patientsRead: read,
    *contacts() {
      for (const c of chosenWithPerson) yield resolve(c);
    },
    emailCarriers: new Map(chosenWithPerson.filter((c) => c.email).map((c) => [c.key, c.email!])),
  };
}

interface Chosen {
  key: string;
  patient: Patient;
  segmentation: Segmentation;
  personId: string;
  email: string | undefined;
}

/**
 * HubSpot refuses two contacts with one email. Among contacts that would share one, the person
 * messages are for keeps it (the guarantor, whose email the family's records repeat); failing
 * that, the lowest patient id. The others go without.
 */
function assignSharedEmails(contacts: Chosen[]): void {
  const byEmail = new Map<string, Chosen[]>();
  for (const c of contacts) {
    if (c.email === undefined) continue;
    const group = byEmail.get(c.email);
    if (group) group.push(c);
    else byEmail.set(c.email, [c]);
  }
  for (const group of byEmail.values()) {
    if (group.length < 2) continue;
    const ranked = [...group].sort(
      (a, b) => rank(a, group) - rank(b, group) || compareIds(a.patient.id, b.patient.id),
    );
    for (const c of ranked.slice(1)) c.email = undefined;
  }
}

/** 0: the guarantor the others are reached through; 1: someone reached directly; 2: the rest. */
function rank(c: Chosen, group: Chosen[]): number {
  if (c.personId !== c.patient.id) return 2;
  return group.some(
    (o) => o !== c && (o.personId === c.patient.id || o.patient.guarantorId === c.patient.id),
  )
    ? 0
    : 1;
}

function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
