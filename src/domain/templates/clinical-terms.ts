import { termMatcher } from './term-matcher.ts';

/**
 * Clinical detail that must never appear in a message body (messaging-facts.md, "Content"; the
 * CRM cannot hold health information either): procedures, diagnoses and conditions, medications,
 * in English and Spanish. Generic words stay allowed: visit, appointment, check-up, cleaning,
 * exam, "the plan you discussed with us". Written without accents (matching ignores them), with
 * their common plurals. Add to a list rather than loosen one: a false alarm costs a rewording,
 * a miss costs a patient's privacy.
 */
export type ClinicalCategory = 'procedure' | 'condition' | 'medication';

const PROCEDURES = [
  // English
  'crowns?',
  'root canals?',
  'fillings?',
  'extractions?',
  'implants?',
  'dental implants?',
  'deep cleanings?',
  'scaling',
  'root planing',
  'x(-| )?rays?',
  'radiographs?',
  'braces',
  'orthodontics?',
  'invisalign',
  'aligners?',
  'dentures?',
  'partials? dentures?',
  'veneers?',
  'wisdom (tooth|teeth)',
  'biops(y|ies)',
  'bone grafts?',
  'grafts?',
  'sealants?',
  'oral surgery',
  'surger(y|ies)',
  'anesthesia',
  'anaesthesia',
  'sedation',
  'periodontal',
  'perio therapy',
  'mammograms?',
  'colonoscop(y|ies)',
  'vaccines?',
  'vaccinations?',
  // Spanish
  'coronas?',
  'endodoncias?',
  'conductos?',
  'tratamientos? de conductos?',
  'empastes?',
  'obturacion(es)?',
  'extraccion(es)?',
  'implantes?',
  'limpiezas? profundas?',
  'raspados?',
  'radiografias?',
  'ortodoncias?',
  'brackets',
  'frenos',
  'alineadores?',
  'dentaduras?',
  'dentaduras? postizas?',
  'protesis',
  'carillas?',
  'muelas? del juicio',
  'biopsias?',
  'injertos?',
  'selladores?',
  'cirugias?',
  'anestesias?',
  'sedacion(es)?',
  'periodontales?',
  'mamografias?',
  'colonoscopias?',
  'vacunas?',
];

const CONDITIONS = [
  // English
  'cavit(y|ies)',
  'tooth decay',
  'decay',
  'gum disease',
  'gingivitis',
  'periodontitis',
  'abscess(es)?',
  'infections?',
  'diabet(es|ic|ics)',
  'pregnan(t|cy|cies)',
  'hypertension',
  'high blood pressure',
  'blood pressure',
  'cancer',
  'tumou?rs?',
  'hiv',
  'hepatitis',
  'sleep apnea',
  'tmj',
  'bruxism',
  'depression',
  'asthma',
  'diagnos(is|es|ed)',
  // Spanish
  'caries',
  'enfermedad de las encias',
  'encias?',
  'gingivitis',
  'periodontitis',
  'abscesos?',
  'infeccion(es)?',
  'diabet(es|ico|ica|icos|icas)',
  'embaraz(o|os|ada|adas)',
  'hipertension',
  'presion arterial',
  'cancer',
  'tumor(es)?',
  'vih',
  'apnea del sueno',
  'bruxismo',
  'depresion',
  'asma',
  'diagnosticos?',
];

const MEDICATIONS = [
  'antibiotics?',
  'medications?',
  'prescriptions?',
  'painkillers?',
  'opioids?',
  'insulin',
  'antibioticos?',
  'medicamentos?',
  'medicinas?',
  'analgesicos?',
  'opioides?',
  'insulina',
];

const MATCHERS: ReadonlyArray<[ClinicalCategory, ReturnType<typeof termMatcher>]> = [
  ['procedure', termMatcher(PROCEDURES)],
  ['condition', termMatcher(CONDITIONS)],
  ['medication', termMatcher(MEDICATIONS)],
];

export interface ClinicalMention {
  category: ClinicalCategory;
  /** The words as written in the text. */
  text: string;
}

/** Every clinical term in `text`, each once. */
export function findClinicalDetail(text: string): ClinicalMention[] {
  const found: ClinicalMention[] = [];
  for (const [category, matcher] of MATCHERS) {
    for (const t of matcher.find(text)) {
      // "dental implants" also contains "implants": keep the longer mention only.
      if (!found.some((f) => f.text.toLowerCase().includes(t.toLowerCase())))
        found.push({ category, text: t });
    }
  }
  return found;
}
