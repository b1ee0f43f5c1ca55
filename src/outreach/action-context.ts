import { z } from 'zod';
import type { ContactView } from '../crm/contact-access.ts';
import { normalizePhone } from '../domain/contact-details.ts';
import { locationFor, SEGMENTS, type Location, type Segment } from '../domain/practice.ts';
import { ReactivationStatus } from '../domain/reactivation-status.ts';
import { ContactPreference, SmsConsent } from '../domain/records.ts';
import type { DirectoryEntry } from '../store/contact-directory.ts';
import type { OutreachDeps } from './outreach-deps.ts';

/**
 * Everything a send decides on, gathered once: the contact as HubSpot holds it now (batched
 * read), what the service keeps for itself (directory), the patient's office. Values from HubSpot
 * are validated here: a staff member may have typed anything into a property.
 */
export interface PatientContext {
  contact: ContactView;
  patientKey: string;
  segment: Segment | undefined;
  status: ReactivationStatus | undefined;
  smsConsent: SmsConsent;
  whatsappConsent: 'yes' | 'no' | 'unknown';
  contactPreference: ContactPreference;
  /** The contact's mobile in E.164, when it is a valid number. */
  mobile: string | undefined;
  /** Numbers a call may use, mobile first. */
  phones: string[];
  language: string | undefined;
  firstName: string | undefined;
  location: Location;
  bookingLink: string | undefined;
  ownerId: string | undefined;
}

export type ContextProblem = { kind: 'missing_contact' } | { kind: 'not_a_patient' };

const Consent = z.enum(['yes', 'no', 'unknown']);

export async function loadPatientContext(
  deps: OutreachDeps,
  contactId: string,
): Promise<PatientContext | ContextProblem> {
  const contact = await deps.contacts.read(contactId);
  if (!contact) return { kind: 'missing_contact' };
  const patientKey = contact.properties.pms_patient_id;
  if (!patientKey) return { kind: 'not_a_patient' };
  const directory: DirectoryEntry | undefined = await deps.store.directory.get(patientKey);
  const p = contact.properties;
  const mobile = normalizePhone(p.mobilephone, deps.practice.defaultRegion);
  const phones = [...new Set([...(mobile ? [mobile] : []), ...(directory?.phones ?? [])])];
  const clinicId = directory?.clinicId ?? patientKey.split(':')[1];
  const segment = (SEGMENTS as readonly string[]).includes(p.reactivation_segment ?? '')
    ? (p.reactivation_segment as Segment)
    : undefined;
  return {
    contact,
    patientKey,
    segment,
    status: ReactivationStatus.safeParse(p.reactivation_status).data,
    smsConsent: SmsConsent.safeParse(p.sms_consent).data ?? 'unknown',
    whatsappConsent: Consent.safeParse(p.whatsapp_consent).data ?? 'unknown',
    contactPreference: ContactPreference.safeParse(directory?.contactPreference).data ?? 'none',
    mobile,
    phones,
    language: p.hs_language,
    firstName: p.firstname,
    location: locationFor(deps.practice, clinicId === '0' ? undefined : clinicId),
    bookingLink: p.reactivation_booking_link,
    ownerId: p.hubspot_owner_id,
  };
}

export function isContextProblem(value: PatientContext | ContextProblem): value is ContextProblem {
  return 'kind' in value;
}
