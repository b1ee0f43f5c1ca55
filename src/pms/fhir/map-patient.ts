import { isLocalDate } from '../../domain/dates.ts';
import { Patient, type PatientStatus } from '../../domain/records.ts';
import {
  FhirPatient,
  ResourceProblem,
  defined,
  parseResource,
  type ContactPoint,
  type HumanName,
} from './resources.ts';

/**
 * A FHIR Patient to the canonical Patient. FHIR has no place for SMS consent or a contact
 * preference, so they are `unknown` and `none`; no clinic either (the practice's default location
 * applies). The guarantor comes from Account resources, elsewhere.
 */

function status(p: FhirPatient): PatientStatus {
  if (p.deceasedBoolean === true || p.deceasedDateTime !== undefined) return 'deceased';
  return p.active === false ? 'inactive' : 'active';
}

/** The official name, else the usual one, else the first; and a nickname as preferred name. */
function names(list: HumanName[]): { first: string; last: string; preferred?: string } {
  const official = list.find((n) => n.use === 'official');
  const usual = list.find((n) => n.use === 'usual');
  const nickname = list.find((n) => n.use === 'nickname');
  const primary = official ?? usual ?? list.find((n) => n.use !== 'old' && n.use !== 'maiden');
  const other = (primary === usual ? undefined : usual) ?? nickname;
  const preferred = other?.given?.[0]?.trim();
  return {
    first: primary?.given?.[0]?.trim() ?? '',
    last: primary?.family?.trim() ?? '',
    ...(preferred ? { preferred } : {}),
  };
}

function phones(
  telecom: ContactPoint[],
): Partial<Record<'mobile' | 'home' | 'work' | 'email', string>> {
  const found: Partial<Record<'mobile' | 'home' | 'work' | 'email', string>> = {};
  const take = (slot: keyof typeof found, value: string) => {
    if (found[slot] === undefined) found[slot] = value;
  };
  for (const point of telecom) {
    const value = point.value?.trim();
    if (!value) continue;
    if (point.system === 'sms' || (point.system === 'phone' && point.use === 'mobile')) {
      take('mobile', value);
    } else if (point.system === 'phone' && point.use === 'work') {
      take('work', value);
    } else if (point.system === 'phone' && point.use !== 'old' && point.use !== 'temp') {
      // `home` or no use at all: a number to call.
      take('home', value);
    } else if (point.system === 'email') {
      take('email', value);
    }
  }
  return found;
}

/** `es`, `en-US`, `zh-Hant-TW` → `es`, `en`, `zh`; anything that is not a tag is ignored. */
function language(p: FhirPatient): string | undefined {
  const list = p.communication ?? [];
  const chosen = list.find((c) => c.preferred === true) ?? list[0];
  const code = chosen?.language.coding?.find((c) => c.code)?.code?.trim();
  const m = code === undefined ? null : /^([A-Za-z]{2,3})(?:[-_]|$)/.exec(code);
  return m?.[1]?.toLowerCase();
}

/** Maps a Patient resource, or throws a ResourceProblem naming the field at fault. */
export function mapPatient(resource: unknown): Patient {
  const p = parseResource(FhirPatient, resource);
  if (p.birthDate !== undefined && !isLocalDate(p.birthDate)) {
    // FHIR allows `1980` or `1980-04`; guessing the rest would make a child an adult or not.
    throw new ResourceProblem('birthDate is not a full date written YYYY-MM-DD');
  }
  const name = names(p.name ?? []);
  const contact = phones(p.telecom ?? []);
  const candidate: Record<string, unknown> = {
    id: p.id,
    status: status(p),
    firstName: name.first,
    lastName: name.last,
    preferredName: name.preferred,
    birthDate: p.birthDate,
    mobilePhone: contact.mobile,
    homePhone: contact.home,
    workPhone: contact.work,
    email: contact.email,
    smsConsent: 'unknown',
    contactPreference: 'none',
    language: language(p),
    updatedAt: p.meta?.lastUpdated,
  };
  return parseResource(Patient, defined(candidate));
}
