import {
  contactPersonId,
  reachabilityOf,
  type ContactPoint,
  type Reachability,
  type ReachabilityOptions,
} from './reachability.ts';
import { normalizeEmail, normalizePhone } from './contact-details.ts';
import type { Patient } from './records.ts';

/** The contact fields of a patient as the PMS gave them, kept until someone needs them. */
type RawContact = Pick<
  Patient,
  'id' | 'mobilePhone' | 'homePhone' | 'workPhone' | 'email' | 'smsConsent' | 'contactPreference'
>;

/**
 * Every patient's contact fields, remembered while a practice is streamed, so that a minor read
 * before their guarantor can still be reached through them. Numbers are checked lazily (only for
 * people someone needs to reach) and through a cache, because libphonenumber's validation costs
 * about 20 µs a number and families share numbers.
 */
export class ContactBook {
  private readonly raw = new Map<string, RawContact>();
  private readonly points = new Map<string, ContactPoint>();
  private readonly phoneCache = new Map<string, string | null>();
  private readonly options: ReachabilityOptions;

  constructor(options: ReachabilityOptions) {
    this.options = options;
  }

  remember(patient: Patient): void {
    this.raw.set(patient.id, {
      id: patient.id,
      mobilePhone: patient.mobilePhone,
      homePhone: patient.homePhone,
      workPhone: patient.workPhone,
      email: patient.email,
      smsConsent: patient.smsConsent,
      contactPreference: patient.contactPreference,
    });
  }

  has(id: string): boolean {
    return this.raw.has(id);
  }

  get size(): number {
    return this.raw.size;
  }

  /** The person to contact for `patient` as of `asOf`: the patient or their guarantor. */
  contactPersonOf(patient: Patient, asOf: string): string {
    return contactPersonId(patient, asOf, (id) => this.raw.has(id));
  }

  /** The normalised contact point of a remembered patient. */
  contactPoint(id: string): ContactPoint | undefined {
    const cached = this.points.get(id);
    if (cached) return cached;
    const raw = this.raw.get(id);
    if (!raw) return undefined;
    const point: ContactPoint = {
      patientId: raw.id,
      smsConsent: raw.smsConsent,
      contactPreference: raw.contactPreference,
    };
    const mobile = this.phone(raw.mobilePhone);
    if (mobile) point.mobilePhone = mobile;
    const home = this.phone(raw.homePhone);
    if (home) point.homePhone = home;
    const work = this.phone(raw.workPhone);
    if (work) point.workPhone = work;
    const email = normalizeEmail(raw.email);
    if (email) point.email = email;
    this.points.set(id, point);
    return point;
  }

  /** The normalised email of a remembered person (cheap: no phone is checked). */
  emailOf(id: string): string | undefined {
    const cached = this.points.get(id);
    if (cached) return cached.email;
    return normalizeEmail(this.raw.get(id)?.email);
  }

  /**
   * The channels open for a remembered person. Checks only the numbers it must: a valid mobile
   * already answers "has a phone" for calls, so home and work are read only when it is missing.
   */
  reachability(id: string): Reachability | undefined {
    const full = this.points.get(id);
    if (full) return reachabilityOf(full, this.options);
    const raw = this.raw.get(id);
    if (!raw) return undefined;
    const partial: ContactPoint = {
      patientId: raw.id,
      smsConsent: raw.smsConsent,
      contactPreference: raw.contactPreference,
    };
    const mobile = this.phone(raw.mobilePhone);
    if (mobile) partial.mobilePhone = mobile;
    else if (raw.contactPreference !== 'do_not_call') {
      const other = this.phone(raw.homePhone) ?? this.phone(raw.workPhone);
      if (other) partial.homePhone = other;
    }
    const email = normalizeEmail(raw.email);
    if (email) partial.email = email;
    return reachabilityOf(partial, this.options);
  }

  private phone(raw: string | undefined): string | undefined {
    if (raw === undefined) return undefined;
    const hit = this.phoneCache.get(raw);
    if (hit !== undefined) return hit ?? undefined;
    const normalized = normalizePhone(raw, this.options.defaultRegion);
    if (this.phoneCache.size > 200_000) this.phoneCache.clear();
    this.phoneCache.set(raw, normalized ?? null);
    return normalized;
  }
}
