import { describe, expect, it } from 'vitest';
import { maskClinicalDetail } from './mask-clinical.ts';

describe('masking clinical detail in a patient’s words', () => {
  it.each([
    ['My crown fell off, can someone call me?', 'My […] fell off, can someone call me?'],
    ['Is the root canal covered by insurance?', 'Is the […] covered by insurance?'],
    ['Se me cayó un empaste, me pueden llamar?', 'Se me cayó un […], me pueden llamar?'],
    ['Can I come Thursday?', 'Can I come Thursday?'],
  ])('%s', (input, expected) => {
    expect(maskClinicalDetail(input)).toBe(expected);
  });
});
