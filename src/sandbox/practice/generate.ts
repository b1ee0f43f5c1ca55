import { addDays, addMonths } from '../../domain/dates.ts';
import type { PracticeFile } from '../../domain/practice.ts';
import type {
  Appointment,
  ContactPreference,
  Patient,
  PatientRecords,
  PatientStatus,
  Procedure,
  Recall,
  SmsConsent,
} from '../../domain/records.ts';
import { chance, pick, randomInt, seededRandom, type Random } from '../../lib/random.ts';
import {
  FAMILY_NAMES,
  GIVEN_NAMES,
  NICKNAMES,
  SPANISH_FAMILY_NAMES,
  SPANISH_GIVEN_NAMES,
} from './names.ts';
import { samplePracticeFile } from './sample-practice-file.ts';
import { visitHistory, type Story } from './visit-history.ts';

/**
 * A deterministic, realistic sample practice: families (a guarantor, a partner, children, some
 * sharing the parent's email), every patient status, every reason to have gone quiet, and the
 * untidy contact data real practices have (malformed phones and emails, missing fields, texting
 * not OK). The same seed and asOf always give the same practice, in any format.
 */
export interface GenerateOptions {
  patients: number;
  seed: number;
  /** The day the practice's history leads up to (its "today"). */
  asOf: string;
}

export interface SamplePractice {
  practice: PracticeFile;
  records: PatientRecords[];
}

export function generatePractice(options: GenerateOptions): SamplePractice {
  return { practice: samplePracticeFile(), records: Array.from(generateRecords(options)) };
}

/** The same practice, one patient at a time (for very large samples). */
export function* generateRecords(options: GenerateOptions): Generator<PatientRecords> {
  const random = seededRandom(options.seed);
  const ids = { patient: 0, appointment: 0, recall: 0, procedure: 0 };
  let made = 0;
  while (made < options.patients) {
    const size = Math.min(options.patients - made, familySize(random));
    yield* family(random, size, options.asOf, ids);
    made += size;
  }
}

type Ids = { patient: number; appointment: number; recall: number; procedure: number };

const AREA_CODES = [
  '212',
  '305',
  '312',
  '404',
  '415',
  '503',
  '617',
  '702',
  '713',
  '720',
  '786',
  '804',
  '857',
  '919',
  '978',
];
const MALFORMED_PHONES = ['555-12', '(617) 55', 'none', '0000000000', '123', '+1 (999) 999-9999'];
const MALFORMED_EMAILS = [
  'n/a',
  'none',
  'john.smith@',
  '@gmail.com',
  'mary at example.com',
  'test@test',
];

function familySize(random: Random): number {
  const r = random.next();
  return r < 0.45 ? 1 : r < 0.7 ? 2 : r < 0.85 ? 3 : r < 0.95 ? 4 : 5;
}

function phoneNumber(random: Random): string {
  const exchange = String(randomInt(random, 201, 999))
    .replace(/^555$/, '556')
    .replace(/^(\d)11$/, '$112');
  const line = String(randomInt(random, 0, 9999)).padStart(4, '0');
  const area = pick(random, AREA_CODES);
  // Practices type numbers in every way imaginable.
  const style = randomInt(random, 0, 3);
  if (style === 0) return `(${area}) ${exchange}-${line}`;
  if (style === 1) return `${area}-${exchange}-${line}`;
  if (style === 2) return `${area}${exchange}${line}`;
  return `+1 ${area} ${exchange} ${line}`;
}

function maybePhone(random: Random, present: number): string | undefined {
  if (!chance(random, present)) return undefined;
  return chance(random, 0.05) ? pick(random, MALFORMED_PHONES) : phoneNumber(random);
}

function emailFor(random: Random, given: string, family: string): string | undefined {
  if (!chance(random, 0.7)) return undefined;
  if (chance(random, 0.05)) return pick(random, MALFORMED_EMAILS);
  const local = `${given}.${family}`
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z.]/g, '')
    .toLowerCase();
  return `${local}${randomInt(random, 1, 999)}@${pick(random, ['gmail.com', 'yahoo.com', 'outlook.com', 'icloud.com', 'example.org'])}`;
}

function status(random: Random): PatientStatus {
  const r = random.next();
  if (r < 0.86) return 'active';
  if (r < 0.9) return 'inactive';
  if (r < 0.92) return 'archived';
  if (r < 0.935) return 'deceased';
  if (r < 0.945) return 'deleted';
  if (r < 0.965) return 'non_patient';
  return 'prospective';
}

function smsConsent(random: Random): SmsConsent {
  const r = random.next();
  return r < 0.55 ? 'yes' : r < 0.9 ? 'unknown' : 'no';
}

function contactPreference(random: Random): ContactPreference {
  const r = random.next();
  if (r < 0.45) return 'none';
  if (r < 0.6) return 'text';
  if (r < 0.7) return 'mobile_phone';
  if (r < 0.78) return 'email';
  if (r < 0.84) return 'home_phone';
  if (r < 0.88) return 'work_phone';
  if (r < 0.92) return 'mail';
  if (r < 0.96) return 'do_not_call';
  return 'see_notes';
}

/** What happened to a patient: each story leads to a different place in the segments. */
function story(random: Random): Story {
  const r = random.next();
  if (r < 0.3) return 'regular';
  if (r < 0.42) return 'scheduled';
  if (r < 0.58) return 'overdue';
  if (r < 0.66) return 'no_show';
  if (r < 0.76) return 'unscheduled_treatment';
  if (r < 0.86) return 'dormant';
  if (r < 0.94) return 'lost';
  return 'never_visited';
}

function* family(random: Random, size: number, asOf: string, ids: Ids): Generator<PatientRecords> {
  const spanish = chance(random, 0.15);
  const familyName = pick(random, spanish ? SPANISH_FAMILY_NAMES : FAMILY_NAMES);
  const homePhone = maybePhone(random, 0.5);
  const clinicId = chance(random, 0.65) ? '1' : '2';
  const guarantorId = String(ids.patient + 1);
  let guarantorEmail: string | undefined;
  for (let member = 0; member < size; member++) {
    const id = String(++ids.patient);
    const given = pick(random, spanish && chance(random, 0.8) ? SPANISH_GIVEN_NAMES : GIVEN_NAMES);
    // The first member is the guarantor; then maybe a partner; then children, mostly minors.
    const age =
      member === 0
        ? randomInt(random, 24, 82)
        : member === 1 && chance(random, 0.6)
          ? randomInt(random, 22, 80)
          : randomInt(random, 1, 24);
    const birthDate = addDays(addMonths(asOf, -age * 12), -randomInt(random, 0, 364));
    const minor = age < 18;
    let email = minor ? undefined : emailFor(random, given, familyName);
    if (member === 0) guarantorEmail = email;
    // Practices often copy the parent's email onto the children's (and a partner's) records.
    if (member > 0 && guarantorEmail && chance(random, minor ? 0.5 : 0.15)) email = guarantorEmail;
    const patient: Patient = {
      id,
      clinicId,
      status: status(random),
      firstName: given,
      lastName: familyName,
      smsConsent: smsConsent(random),
      contactPreference: contactPreference(random),
      guarantorId,
      language: spanish && chance(random, 0.7) ? 'es' : 'en',
      updatedAt: `${addDays(asOf, -randomInt(random, 0, 900))}T12:00:00Z`,
    };
    if (chance(random, 0.97)) patient.birthDate = birthDate;
    const nickname = NICKNAMES[given];
    if (nickname && chance(random, 0.3)) patient.preferredName = nickname;
    const mobile = minor && age < 13 ? undefined : maybePhone(random, 0.85);
    if (mobile) patient.mobilePhone = mobile;
    if (homePhone) patient.homePhone = homePhone;
    const work = minor ? undefined : maybePhone(random, 0.15);
    if (work) patient.workPhone = work;
    if (email) patient.email = email;

    const history = visitHistory(random, {
      patientId: id,
      clinicId,
      asOf,
      story: story(random),
      ids,
    });
    yield { patient, ...history } satisfies PatientRecords;
  }
}

export type { Appointment, Procedure, Recall };
