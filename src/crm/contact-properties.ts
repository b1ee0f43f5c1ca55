import { DateTime } from 'luxon';
import type { ChannelAnswer } from '../domain/channel-choice.ts';
import type { Location } from '../domain/practice.ts';
import type { ContactPoint } from '../domain/reachability.ts';
import type { Patient } from '../domain/records.ts';
import type { Segmentation } from '../domain/segment.ts';

/**
 * A patient as a HubSpot contact: exactly the properties of domain.md and nothing else about the
 * patient (no birth date, no procedure, no fee, no note). Values are strings as HubSpot takes them;
 * an empty string clears a property that no longer applies (a cancelled appointment, say).
 */
export interface ContactFacts {
  key: string;
  patient: Patient;
  segmentation: Segmentation;
  /** The person messages go to: the patient, or the guarantor of a minor. */
  contact: ContactPoint;
  preferredChannel: ChannelAnswer;
  location: Location;
  bookingLink: string;
  /** WhatsApp consent the project recorded (the PMS has none). */
  whatsappConsent?: 'yes' | 'no' | 'unknown';
}

/** Languages HubSpot's `hs_language` offers that the product writes messages in or may meet. */
const HUBSPOT_LANGUAGES = new Set([
  'en',
  'es',
  'fr',
  'de',
  'it',
  'pt',
  'nl',
  'pl',
  'ja',
  'ko',
  'vi',
  'ru',
]);

export function contactProperties(f: ContactFacts): Record<string, string> {
  const s = f.segmentation;
  const segment = s.outcome === 'active' || s.outcome === 'excluded' ? 'none' : s.outcome;
  const language = f.patient.language?.slice(0, 2).toLowerCase();
  return {
    pms_patient_id: f.key,
    firstname: f.patient.preferredName ?? f.patient.firstName,
    lastname: f.patient.lastName,
    mobilephone: f.contact.mobilePhone ?? '',
    hs_language: language && HUBSPOT_LANGUAGES.has(language) ? language : '',
    reactivation_segment: segment,
    last_visit_date: s.lastVisit ?? '',
    recall_due_date: s.recallDue ?? '',
    next_appointment_date: s.nextAppointment
      ? localToInstant(s.nextAppointment, f.location.timeZone)
      : '',
    reactivation_booking_link: f.bookingLink,
    sms_consent: f.contact.smsConsent,
    whatsapp_consent: f.whatsappConsent ?? 'unknown',
    preferred_channel: f.preferredChannel === 'none' ? '' : f.preferredChannel,
    practice_location: f.location.name,
  };
}

/** A local date-time of the location as the UTC instant HubSpot's datetime properties hold. */
function localToInstant(local: string, timeZone: string): string {
  return DateTime.fromISO(local, { zone: timeZone }).toUTC().toISO({ suppressMilliseconds: true })!;
}
