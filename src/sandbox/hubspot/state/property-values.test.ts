import { describe, expect, it } from 'vitest';
import type { PropertyDefinition, PropertyType } from './property-definitions.ts';
import { normalizeValue, parseInstant } from './property-values.ts';

function def(type: PropertyType, extra: Partial<PropertyDefinition> = {}): PropertyDefinition {
  const at = new Date('2026-01-01T00:00:00Z');
  return {
    name: 'p',
    label: 'P',
    description: '',
    groupName: 'g',
    type,
    fieldType: type === 'enumeration' ? 'select' : 'text',
    options: [],
    displayOrder: 0,
    hasUniqueValue: false,
    hidden: false,
    formField: false,
    hubspotDefined: false,
    readOnlyValue: false,
    readOnlyDefinition: false,
    createdAt: at,
    updatedAt: at,
    archived: false,
    ...extra,
  };
}

const segment = def('enumeration', {
  name: 'reactivation_segment',
  options: ['no_show', 'dormant', 'none'].map((value) => ({ value, label: value, hidden: false })),
});
const owners = new Set(['70000001']);

describe('normalizeValue', () => {
  it.each([
    ['string kept as is', def('string'), 'Ana María', 'Ana María'],
    ['number from a number', def('number'), 42, '42'],
    ['number canonicalised', def('number'), '12.50', '12.5'],
    ['bool from a boolean', def('bool'), true, 'true'],
    ['bool case-insensitive', def('bool'), 'FALSE', 'false'],
    ['enumeration option', segment, 'dormant', 'dormant'],
    ['date as YYYY-MM-DD', def('date'), '2026-03-31', '2026-03-31'],
    ['date as midnight epoch ms', def('date'), Date.UTC(2026, 2, 31), '2026-03-31'],
    ['date as midnight epoch ms string', def('date'), String(Date.UTC(2024, 1, 29)), '2024-02-29'],
    [
      'datetime from ISO with offset',
      def('datetime'),
      '2026-03-31T09:30:00+02:00',
      '2026-03-31T07:30:00.000Z',
    ],
    [
      'datetime from epoch ms',
      def('datetime'),
      Date.UTC(2026, 0, 2, 3, 4, 5),
      '2026-01-02T03:04:05.000Z',
    ],
    ['datetime from a date', def('datetime'), '2026-01-02', '2026-01-02T00:00:00.000Z'],
    [
      'email lower-cased and trimmed',
      def('string', { name: 'email' }),
      ' Ann@Example.COM ',
      'ann@example.com',
    ],
    ['owner id', def('enumeration', { referencedObjectType: 'OWNER' }), '70000001', '70000001'],
    ['empty string clears', def('number'), '', null],
    ['null clears', def('date'), null, null],
  ])('%s', (_label, definition, raw, expected) => {
    expect(normalizeValue(definition, raw, owners)).toEqual({ ok: true, value: expected });
  });

  it.each([
    [
      'enumeration value not among the options',
      segment,
      'lapsed',
      'INVALID_OPTION',
      'lapsed was not one of the allowed options: [no_show, dormant, none]',
    ],
    [
      'date not at midnight UTC',
      def('date'),
      Date.UTC(2026, 2, 31, 13, 30),
      'INVALID_DATE',
      `${Date.UTC(2026, 2, 31, 13, 30)} is at 13:30:0.0 UTC, not midnight!`,
    ],
    [
      'impossible date',
      def('date'),
      '2026-02-30',
      'INVALID_DATE',
      '2026-02-30 was not a valid date.',
    ],
    [
      'datetime without a zone',
      def('datetime'),
      '2026-03-31T09:30:00',
      'INVALID_DATETIME',
      '2026-03-31T09:30:00 was not a valid datetime.',
    ],
    ['not a number', def('number'), 'twelve', 'INVALID_DOUBLE', 'twelve was not a valid number.'],
    [
      'not a bool',
      def('bool'),
      'yes',
      'INVALID_OPTION',
      'yes was not one of the allowed options: [true, false]',
    ],
    [
      'bad email',
      def('string', { name: 'email' }),
      'ann@',
      'INVALID_EMAIL',
      'Email address ann@ is invalid',
    ],
    [
      'unknown owner',
      def('enumeration', { referencedObjectType: 'OWNER' }),
      '1',
      'INVALID_OPTION',
      '1 was not one of the allowed options: [70000001]',
    ],
  ])('rejects %s', (_label, definition, raw, error, message) => {
    const result = normalizeValue(definition, raw, owners);
    expect(result).toEqual({
      ok: false,
      problem: {
        isValid: false,
        error,
        message,
        name: definition.name,
        localizedErrorMessage: message,
      },
    });
  });

  it('checks every option of a multi-select checkbox', () => {
    const tags = def('enumeration', { fieldType: 'checkbox', options: segment.options });
    expect(normalizeValue(tags, 'no_show;dormant', owners)).toEqual({
      ok: true,
      value: 'no_show;dormant',
    });
    expect(normalizeValue(tags, 'no_show;lapsed', owners).ok).toBe(false);
  });
});

describe('parseInstant', () => {
  it.each([
    ['2026-03-31', Date.UTC(2026, 2, 31)],
    ['1774915200000', 1_774_915_200_000],
    ['2026-03-31T00:00:00Z', Date.UTC(2026, 2, 31)],
    ['2026-03-31T00:00:00.000-05:00', Date.UTC(2026, 2, 31, 5)],
    ['31/03/2026', undefined],
    ['2026-13-01', undefined],
  ])('%s', (text, expected) => {
    expect(parseInstant(text)).toBe(expected);
  });
});
