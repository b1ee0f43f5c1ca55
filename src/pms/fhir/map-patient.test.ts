import { describe, expect, it } from 'vitest';
import { mapPatient } from './map-patient.ts';
import { ResourceProblem } from './resources.ts';

const base = { resourceType: 'Patient', id: 'p1', name: [{ family: 'Lee', given: ['Ann'] }] };

function problemOf(resource: unknown): string {
  try {
    mapPatient(resource);
  } catch (error) {
    if (error instanceof ResourceProblem) return error.message;
    throw error;
  }
  throw new Error('expected a ResourceProblem');
}

describe('status', () => {
  it.each([
    [{}, 'active'],
    [{ active: true }, 'active'],
    [{ active: false }, 'inactive'],
    [{ deceasedBoolean: true }, 'deceased'],
    [{ deceasedBoolean: false, active: false }, 'inactive'],
    [{ deceasedDateTime: '2025-01-01' }, 'deceased'],
    [{ active: false, deceasedDateTime: '2025' }, 'deceased'],
  ])('%j is %s', (fields, status) => {
    expect(mapPatient({ ...base, ...fields }).status).toBe(status);
  });
});

describe('names', () => {
  it.each([
    [[{ use: 'official', family: 'García', given: ['José', 'Luis'] }], 'José', 'García', undefined],
    [
      [
        { use: 'usual', given: ['Peggy'] },
        { use: 'official', family: "O'Neill", given: ['Margaret'] },
      ],
      'Margaret',
      "O'Neill",
      'Peggy',
    ],
    [
      [
        { use: 'official', family: 'Ruiz', given: ['José'] },
        { use: 'nickname', given: ['Pepe'] },
      ],
      'José',
      'Ruiz',
      'Pepe',
    ],
    [[{ use: 'usual', family: 'Lee', given: ['Ann'] }], 'Ann', 'Lee', undefined],
    [
      [
        { use: 'maiden', family: 'Park', given: ['Ann'] },
        { family: 'Lee', given: ['Ann'] },
      ],
      'Ann',
      'Lee',
      undefined,
    ],
    [[], '', '', undefined],
  ])('%j → %s %s (%s)', (name, first, last, preferred) => {
    const p = mapPatient({ ...base, name });
    expect([p.firstName, p.lastName, p.preferredName]).toEqual([first, last, preferred]);
  });
});

describe('telecom', () => {
  it('maps mobile, sms, home, work, unlabelled phones and email to their slots', () => {
    const p = mapPatient({
      ...base,
      telecom: [
        { system: 'email', value: 'ann@example.org' },
        { system: 'phone', value: '111', use: 'work' },
        { system: 'phone', value: '222' },
        { system: 'sms', value: '333' },
        { system: 'phone', value: '444', use: 'mobile' },
        { system: 'fax', value: '555' },
        { system: 'phone', value: '666', use: 'old' },
      ],
    });
    expect(p).toMatchObject({
      email: 'ann@example.org',
      workPhone: '111',
      homePhone: '222',
      mobilePhone: '333',
    });
  });

  it('leaves out what is empty', () => {
    const p = mapPatient({ ...base, telecom: [{ system: 'phone', use: 'mobile', value: ' ' }] });
    expect(p.mobilePhone).toBeUndefined();
    expect('mobilePhone' in p).toBe(false);
  });
});

describe('language', () => {
  it.each([
    [[{ language: { coding: [{ code: 'es' }] } }], 'es'],
    [[{ language: { coding: [{ code: 'en-US' }] } }], 'en'],
    [
      [
        { language: { coding: [{ code: 'en' }] } },
        { language: { coding: [{ code: 'vi' }] }, preferred: true },
      ],
      'vi',
    ],
    [[{ language: { text: 'Spanish' } }], undefined],
    [[{ language: { coding: [{ code: '12' }] } }], undefined],
  ])('%j → %s', (communication, language) => {
    expect(mapPatient({ ...base, communication }).language).toBe(language);
  });
});

it('has no SMS consent or contact preference to give', () => {
  expect(mapPatient(base)).toStrictEqual({
    id: 'p1',
    status: 'active',
    firstName: 'Ann',
    lastName: 'Lee',
    smsConsent: 'unknown',
    contactPreference: 'none',
  });
});

describe('problems', () => {
  it.each([
    [{ ...base, birthDate: '1980' }, 'birthDate is not a full date written YYYY-MM-DD'],
    [{ ...base, birthDate: '1980-02-30' }, 'birthDate is not a full date written YYYY-MM-DD'],
    [{ ...base, id: undefined }, 'id: Invalid input: expected string, received undefined'],
    [{ ...base, name: 'Ann Lee' }, 'name: Invalid input: expected array, received string'],
    [{ ...base, active: 'yes' }, 'active: Invalid input: expected boolean, received string'],
  ])('%j: %s', (resource, reason) => {
    expect(problemOf(resource)).toBe(reason);
  });
});
