import { describe, expect, it } from 'vitest';
import { findClinicalDetail } from './clinical-terms.ts';

describe('clinical detail', () => {
  it.each([
    ['Time to finish your crown', ['procedure', 'crown']],
    ['Your CROWNS are ready', ['procedure', 'CROWNS']],
    ['the root canal we planned', ['procedure', 'root canal']],
    ['two root-canals', ['procedure', 'root-canals']],
    ['a filling', ['procedure', 'filling']],
    ['no more cavities', ['condition', 'cavities']],
    ['a cavity', ['condition', 'cavity']],
    ['your tooth extraction', ['procedure', 'extraction']],
    ['dental implants', ['procedure', 'dental implants']],
    ['periodontal maintenance', ['procedure', 'periodontal']],
    ['gum disease', ['condition', 'gum disease']],
    ['gingivitis', ['condition', 'gingivitis']],
    ['a deep cleaning', ['procedure', 'deep cleaning']],
    ['scaling and root planing', ['procedure', 'scaling']],
    ['your x-rays', ['procedure', 'x-rays']],
    ['an X ray', ['procedure', 'X ray']],
    ['braces', ['procedure', 'braces']],
    ['new dentures', ['procedure', 'dentures']],
    ['wisdom teeth', ['procedure', 'wisdom teeth']],
    ['a biopsy', ['procedure', 'biopsy']],
    ['your diabetes', ['condition', 'diabetes']],
    ['during pregnancy', ['condition', 'pregnancy']],
    ['an infection', ['condition', 'infection']],
    ['your antibiotics', ['medication', 'antibiotics']],
    // Spanish, with and without accents
    ['su corona', ['procedure', 'corona']],
    ['la endodoncia', ['procedure', 'endodoncia']],
    ['tratamiento de conducto', ['procedure', 'tratamiento de conducto']],
    ['un empaste', ['procedure', 'empaste']],
    ['sus caries', ['condition', 'caries']],
    ['la extracción', ['procedure', 'extracción']],
    ['la extraccion', ['procedure', 'extraccion']],
    ['sus implantes', ['procedure', 'implantes']],
    ['sus encías', ['condition', 'encías']],
    ['una radiografía', ['procedure', 'radiografía']],
    ['la limpieza profunda', ['procedure', 'limpieza profunda']],
    ['muelas del juicio', ['procedure', 'muelas del juicio']],
    ['su embarazo', ['condition', 'embarazo']],
    ['los antibióticos', ['medication', 'antibióticos']],
  ])('%s', (text, [category, found]) => {
    expect(findClinicalDetail(text)).toContainEqual({ category, text: found });
  });

  it.each([
    'your next visit',
    'your appointment',
    'your check-up',
    'a cleaning',
    'your exam',
    'the plan you discussed with us',
    'el plan que hablamos con usted',
    'su chequeo, su próxima revisión, su cita',
    // whole words only
    'Crowne Plaza',
    'implanted ideas',
    'bracelet',
    'Coronado Dental',
    'infectious laughter',
  ])('allows "%s"', (text) => {
    expect(findClinicalDetail(text)).toEqual([]);
  });

  it('reports each term once, and the longer phrase over a part of it', () => {
    expect(findClinicalDetail('crown, Crown and dentaduras postizas')).toEqual([
      { category: 'procedure', text: 'crown' },
      { category: 'procedure', text: 'dentaduras postizas' },
    ]);
  });
});
