import { isMinorOn } from './dates.ts';
import { normalizeEmail, normalizePhone } from './contact-details.ts';
import type { ContactPreference, Patient, SmsConsent } from './records.ts';

/**
 * Who to contact for a patient and on which channels (domain.md, "Reaching a patient").
 * The contact person is the patient, or the guarantor when the patient is under 18 on asOf and the
 * guarantor is another patient of the practice.
 */

/** The contact fields of one person, phones and email already normalised. */
export interface ContactPoint {
  patientId: string;
  mobilePhone?: string;
  homePhone?: string;
  workPhone?: string;
  email?: string;
  smsConsent: SmsConsent;
  contactPreference: ContactPreference;
}

export interface Reachability {
  /** The patient whose details are used: the patient, or their guarantor. */
  contactPersonId: string;
  sms: boolean;
  email: boolean;
  call: boolean;
  /** WhatsApp needs an explicit opt-in the project recorded; the PMS never has one. */
  whatsapp: boolean;
}

export interface ReachabilityOptions {
  defaultRegion: string;
  treatUnknownSmsConsentAsNo: boolean;
}

/** Normalises one patient's contact fields. */
export function contactPointOf(patient: Patient, defaultRegion: string): ContactPoint {
  const point: ContactPoint = {
    patientId: patient.id,
    smsConsent: patient.smsConsent,
    contactPreference: patient.contactPreference,
  };
  const mobile = normalizePhone(patient.mobilePhone, defaultRegion);
  if (mobile) point.mobilePhone = mobile;
  const home = normalizePhone(patient.homePhone, defaultRegion);
  if (home) point.homePhone = home;
  const work = normalizePhone(patient.workPhone, defaultRegion);
  if (work) point.workPhone = work;
  const email = normalizeEmail(patient.email);
  if (email) point.email = email;
  return point;
}

/**
 * The id of the person to contact for `patient`: the guarantor when the patient is a minor on
 * `asOf` and `guarantorExists` says the guarantor is another patient of the practice.
 */
export function contactPersonId(
  patient: Patient,
  asOf: string,
  guarantorExists: (id: string) => boolean,
): string {
  const g = patient.guarantorId;
  if (
    g !== undefined &&
    g !== patient.id &&
    patient.birthDate !== undefined &&
    isMinorOn(patient.birthDate, asOf) &&
    guarantorExists(g)
  ) {
    return g;
  }
  return patient.id;
}

/** The channels open for a contact person (before opt-outs, which the compliance gate applies). */
export function reachabilityOf(
  contact: ContactPoint,
  options: ReachabilityOptions,
  whatsappOptIn = false,
): Reachability {
  const smsAllowed =
    contact.smsConsent === 'yes' ||
    (contact.smsConsent === 'unknown' && !options.treatUnknownSmsConsentAsNo);
  const anyPhone = contact.mobilePhone ?? contact.homePhone ?? contact.workPhone;
  return {
    contactPersonId: contact.patientId,
    sms: contact.mobilePhone !== undefined && smsAllowed,
    email: contact.email !== undefined,
    call: anyPhone !== undefined && contact.contactPreference !== 'do_not_call',
    whatsapp: whatsappOptIn && contact.mobilePhone !== undefined,
  };
}
