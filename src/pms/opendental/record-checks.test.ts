import { describe, expect, it } from 'vitest';
import { isLocalDate, normalizeLocalDateTime } from '../../domain/dates.ts';
import { Appointment, Patient, Procedure, Recall } from '../../domain/records.ts';
import { seededRandom, type Random } from '../../lib/random.ts';
import {
  checkAppointment,
  checkPatient,
  checkProcedure,
  checkRecall,
  isNormalDateTime,
  isRealDate,
} from './record-checks.ts';

/**
 * The hand-written checks must accept exactly what the canonical zod schemas accept (and return
 * unchanged): thousands of objects, each field drawn from valid and invalid values, are put to
 * both and must get the same verdict.
 */

const pick = <T>(random: Random, xs: readonly T[]): T => xs[Math.floor(random.next() * xs.length)]!;

const MISSING = Symbol('missing');
const DATES = [
  '2026-02-28',
  '2024-02-29',
  '0001-01-01',
  '9999-12-31',
  '2026-02-29',
  '2026-13-01',
  '2026-00-10',
  '2026-04-31',
  '2026-4-01',
  '26-04-01',
  '0000-01-01',
  '2026-04-01 ',
  '２０２６-04-01',
  '2026/04/01',
  '',
];
const DATE_TIMES = [
  '2026-04-01T09:30:00',
  '2024-02-29T23:59:59',
  '2026-04-01T09:30',
  '2026-04-01 09:30:00',
  '2026-04-01T24:00:00',
  '2026-04-01T09:60:00',
  '2026-04-01T09:30:60',
  '2026-02-30T09:30:00',
  '2026-04-01T9:30:00',
  '2026-04-01T09:30:00Z',
  '',
];
const TEXT = ['x', 'María', ' ', '', 'en', 'e'];
const ANY_WRONG = [null, 0, 1, true, false, [], {}, Number.NaN];

/** A field's candidate values: the valid ones, then the wrong ones, sometimes absent. */
const fields = {
  id: ['1', '42', ...TEXT, ...ANY_WRONG],
  optionalId: [MISSING, undefined, '7', '', 0, null],
  text: [...TEXT, ...ANY_WRONG],
  optionalText: [MISSING, undefined, ...TEXT, ...ANY_WRONG],
  optionalDate: [MISSING, undefined, ...DATES, ...ANY_WRONG],
  dateTime: [...DATE_TIMES, ...ANY_WRONG],
  flag: [true, false, 0, 1, 'true', null, undefined],
  fee: [
    MISSING,
    undefined,
    0,
    -0,
    12.5,
    1e9,
    -1,
    -0.01,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    '12',
    null,
  ],
} as const;

type Shape = Record<string, readonly unknown[]>;

function draw(random: Random, shape: Shape): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [key, values] of Object.entries(shape)) {
    // Mostly valid (the first values), so that objects failing on exactly one field are common.
    const v = random.next() < 0.7 ? values[0] : pick(random, values);
    if (v !== MISSING) o[key] = v;
  }
  return o;
}

/** Equal as records: a key holding undefined is the same as no key. */
function sameRecord(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) if (!Object.is(a[k], b[k])) return false;
  return true;
}

function agree(
  schema: { safeParse(v: unknown): { success: boolean; data?: unknown } },
  check: (v: unknown) => string | undefined,
  shape: Shape,
  seed: number,
): number {
  const random = seededRandom(seed);
  let valid = 0;
  for (let i = 0; i < 20_000; i++) {
    const o = draw(random, shape);
    const parsed = schema.safeParse(o);
    const zodAccepts = parsed.success && sameRecord(parsed.data as Record<string, unknown>, o);
    const verdict = check(o);
    if ((verdict === undefined) !== zodAccepts)
      throw new Error(`disagree on ${JSON.stringify(o)}: check says ${verdict ?? 'valid'}`);
    if (zodAccepts) valid++;
  }
  return valid;
}

const statusesOf = (values: readonly string[]): unknown[] => [
  ...values,
  'unknown_status',
  '',
  null,
];

describe('hand-written record checks', () => {
  it('agree with the Patient schema', () => {
    const shape: Shape = {
      id: fields.id,
      clinicId: fields.optionalId,
      status: statusesOf(Patient.shape.status.options),
      firstName: fields.text,
      lastName: fields.text,
      preferredName: fields.optionalText,
      birthDate: fields.optionalDate,
      mobilePhone: fields.optionalText,
      homePhone: fields.optionalText,
      workPhone: fields.optionalText,
      email: fields.optionalText,
      smsConsent: statusesOf(Patient.shape.smsConsent.options),
      contactPreference: statusesOf(Patient.shape.contactPreference.options),
      guarantorId: fields.optionalId,
      language: fields.optionalText,
      updatedAt: fields.optionalText,
    };
    // Both verdicts occur often: the test is not passing on one side only.
    const valid = agree(Patient, checkPatient, shape, 1);
    expect(valid).toBeGreaterThan(200);
    expect(valid).toBeLessThan(19_800);
  });

  it('agree with the Appointment schema (start already normalised)', () => {
    const shape: Shape = {
      id: fields.id,
      patientId: fields.id,
      status: statusesOf(Appointment.shape.status.options),
      start: fields.dateTime,
      isHygiene: fields.flag,
      clinicId: fields.optionalId,
    };
    expect(agree(Appointment, checkAppointment, shape, 2)).toBeGreaterThan(1000);
  });

  it('agree with the Recall schema', () => {
    const shape: Shape = {
      id: fields.id,
      patientId: fields.id,
      dueDate: fields.optionalDate,
      previousDate: fields.optionalDate,
      scheduledDate: fields.optionalDate,
      disabled: fields.flag,
    };
    expect(agree(Recall, checkRecall, shape, 3)).toBeGreaterThan(1000);
  });

  it('agree with the Procedure schema', () => {
    const shape: Shape = {
      id: fields.id,
      patientId: fields.id,
      status: statusesOf(Procedure.shape.status.options),
      fee: fields.fee,
      plannedDate: fields.optionalDate,
      completedDate: fields.optionalDate,
      appointmentId: fields.optionalId,
      code: fields.optionalText,
    };
    expect(agree(Procedure, checkProcedure, shape, 4)).toBeGreaterThan(1000);
  });

  it('reject a non-object', () => {
    for (const check of [checkPatient, checkAppointment, checkRecall, checkProcedure]) {
      expect(check(null)).toBe('expected an object');
      expect(check([])).toBe('expected an object');
    }
  });
});

describe('fast date checks', () => {
  /** Every string of the form ####-##-## over a spread of digits, plus malformed ones. */
  function* dateCandidates(): Generator<string> {
    yield* DATES;
    for (const y of ['0000', '0001', '1900', '2000', '2023', '2024', '2100', '9999']) {
      for (let m = 0; m <= 13; m++) {
        for (let d = 0; d <= 32; d++)
          yield `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
      }
    }
  }

  it('isRealDate answers as isLocalDate', () => {
    let n = 0;
    for (const s of dateCandidates()) {
      expect(isRealDate(s), s).toBe(isLocalDate(s));
      n++;
    }
    expect(n).toBeGreaterThan(3000);
  });

  it('isNormalDateTime answers as normalizeLocalDateTime(s) === s', () => {
    const times = [
      '00:00:00',
      '23:59:59',
      '24:00:00',
      '12:60:00',
      '12:00:60',
      '9:00:00',
      '09:00',
      '09:00:0a',
      '-1:00:00',
    ];
    for (const date of [...dateCandidates()].filter((_, i) => i % 7 === 0)) {
      for (const time of times) {
        for (const s of [`${date}T${time}`, `${date} ${time}`])
          expect(isNormalDateTime(s), s).toBe(normalizeLocalDateTime(s) === s);
      }
    }
    for (const s of DATE_TIMES)
      expect(isNormalDateTime(s), s).toBe(normalizeLocalDateTime(s) === s);
  });
});
