import { describe, expect, it } from 'vitest';
import { patient } from '../../test/builders.ts';
import { contactPersonId, contactPointOf, reachabilityOf } from './reachability.ts';
import type { Patient } from './records.ts';

const options = { defaultRegion: 'US', treatUnknownSmsConsentAsNo: false };
const reach = (p: Partial<Patient>, opts = options) =>
  reachabilityOf(contactPointOf(patient(p), opts.defaultRegion), opts);
const MOBILE = '(617) 555-0142';
const HOME = '617-253-1000';

describe('SMS: a valid mobile and texting not refused', () => {
  it.each([
    [{ mobilePhone: MOBILE, smsConsent: 'yes' }, true],
    [{ mobilePhone: MOBILE, smsConsent: 'unknown' }, true],
    [{ mobilePhone: MOBILE, smsConsent: 'no' }, false],
    [{ mobilePhone: '555-12', smsConsent: 'yes' }, false],
    [{ homePhone: HOME, smsConsent: 'yes' }, false], // a home phone is not a mobile
    [{ smsConsent: 'yes' }, false],
  ] as const)('%j → %s', (fields, expected) => {
    expect(reach(fields).sms).toBe(expected);
  });

  it('a practice can treat "unknown" as "no"', () => {
    expect(
      reach(
        { mobilePhone: MOBILE, smsConsent: 'unknown' },
        { ...options, treatUnknownSmsConsentAsNo: true },
      ).sms,
    ).toBe(false);
    expect(
      reach(
        { mobilePhone: MOBILE, smsConsent: 'yes' },
        { ...options, treatUnknownSmsConsentAsNo: true },
      ).sms,
    ).toBe(true);
  });
});

describe('call: any valid phone, not do-not-call', () => {
  it.each([
    [{ homePhone: HOME }, true],
    [{ workPhone: HOME }, true],
    [{ mobilePhone: MOBILE }, true],
    [{ mobilePhone: MOBILE, smsConsent: 'no' }, true], // texting refused does not stop calls
    [{ homePhone: HOME, contactPreference: 'do_not_call' }, false],
    [{ homePhone: 'none' }, false],
    [{}, false],
  ] as const)('%j → %s', (fields, expected) => {
    expect(reach(fields).call).toBe(expected);
  });
});

describe('email and WhatsApp', () => {
  it('email needs a syntactically valid address', () => {
    expect(reach({ email: 'a.b@example.com' }).email).toBe(true);
    expect(reach({ email: 'a.b@' }).email).toBe(false);
    expect(reach({ email: 'a.b@example.com', contactPreference: 'do_not_call' }).email).toBe(true);
  });

  it('WhatsApp needs an opt-in the project recorded, never the PMS alone', () => {
    const point = contactPointOf(patient({ mobilePhone: MOBILE, smsConsent: 'yes' }), 'US');
    expect(reachabilityOf(point, options).whatsapp).toBe(false);
    expect(reachabilityOf(point, options, true).whatsapp).toBe(true);
  });

  it('normalises the contact point', () => {
    expect(
      contactPointOf(
        patient({ id: '7', mobilePhone: MOBILE, homePhone: 'bad', email: ' X@Y.com' }),
        'US',
      ),
    ).toEqual({
      patientId: '7',
      mobilePhone: '+16175550142',
      email: 'x@y.com',
      smsConsent: 'yes',
      contactPreference: 'none',
    });
  });
});

describe('the contact person: the guarantor for a minor', () => {
  const practice = new Set(['g1', 'kid']);
  const exists = (id: string) => practice.has(id);
  it.each([
    [
      'a minor whose guarantor is a patient',
      { id: 'kid', birthDate: '2015-06-01', guarantorId: 'g1' },
      'g1',
    ],
    [
      'a minor whose guarantor is not in the practice',
      { id: 'kid', birthDate: '2015-06-01', guarantorId: 'g9' },
      'kid',
    ],
    [
      'a minor who is their own guarantor',
      { id: 'kid', birthDate: '2015-06-01', guarantorId: 'kid' },
      'kid',
    ],
    ['a minor with no guarantor', { id: 'kid', birthDate: '2015-06-01' }, 'kid'],
    ['18 today', { id: 'kid', birthDate: '2008-11-28', guarantorId: 'g1' }, 'kid'],
    ['18 tomorrow', { id: 'kid', birthDate: '2008-11-29', guarantorId: 'g1' }, 'g1'],
    ['no birth date: treated as an adult', { id: 'kid', guarantorId: 'g1' }, 'kid'],
    ['an adult with a guarantor', { id: 'kid', birthDate: '1980-01-01', guarantorId: 'g1' }, 'kid'],
  ])('%s', (_name, fields, expected) => {
    expect(contactPersonId(patient(fields), '2026-11-28', exists)).toBe(expected);
  });
});
