import { describe, expect, it } from 'vitest';
import { normalizeEmail, normalizePhone } from './contact-details.ts';

describe('phones count only when libphonenumber says they are valid', () => {
  it.each([
    ['(617) 555-0142', 'US', '+16175550142'],
    ['617-555-0142', 'US', '+16175550142'],
    ['6175550142', 'US', '+16175550142'],
    ['+1 617 555 0142', 'US', '+16175550142'],
    ['1-617-253-1000', 'US', '+16172531000'],
    ['  (212) 201-0000 ', 'US', '+12122010000'],
    ['+44 20 7946 0958', 'US', '+442079460958'],
    ['020 7946 0958', 'GB', '+442079460958'],
    ['020 7946 0958', 'US', undefined],
    ['555-12', 'US', undefined],
    ['(617) 55', 'US', undefined],
    ['0000000000', 'US', undefined],
    ['+1 (999) 999-9999', 'US', undefined],
    ['none', 'US', undefined],
    ['', 'US', undefined],
    [undefined, 'US', undefined],
  ])('%j in %s → %j', (raw, region, expected) => {
    expect(normalizePhone(raw, region)).toBe(expected);
  });
});

describe('emails count when syntactically valid', () => {
  it.each([
    ['mary.jones@example.com', 'mary.jones@example.com'],
    [' John.Smith@Example.COM ', 'john.smith@example.com'],
    ['n/a', undefined],
    ['john.smith@', undefined],
    ['@gmail.com', undefined],
    ['mary at example.com', undefined],
    ['test@test', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%j → %j', (raw, expected) => {
    expect(normalizeEmail(raw)).toBe(expected);
  });
});
