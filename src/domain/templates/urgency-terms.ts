import { termMatcher } from './term-matcher.ts';

/**
 * Fake urgency (messaging-facts.md: "offers must be truthful: no countdown or deadline that does
 * not exist"). Two lists:
 * - pressure wording, rejected everywhere, offer text included ("last chance", "hurry", "only 2
 *   spots left");
 * - deadline wording ("expires", "valid until"), rejected in a template body, which cannot know a
 *   real end date, and allowed in the workflow's offer text, where the marketer writes a real one.
 * Written in lower case without accents; matching ignores case and accents.
 */
const COUNTED = '(spots?|slots?|openings?|appointments?|places?|seats?|times?)';
const CONTADOS = '(lugares|citas|espacios|plazas|cupos|horarios|turnos)';

const PRESSURE = [
  // English
  'last chance',
  'act (now|fast|quickly|today)',
  '(?<!no )hurry',
  'only today',
  'today only',
  'limited time',
  'for a limited time',
  'final (notice|reminder|warning)',
  'ends (tonight|today|soon|at midnight)',
  'ending soon',
  'expires? (today|tonight|soon)',
  "before it'?s too late",
  "don'?t miss out",
  'while (supplies|spots|slots) last',
  'urgent(ly)?',
  'now or never',
  'countdown',
  `only \\d+ ${COUNTED} (left|remaining)`,
  `\\d+ ${COUNTED} (left|remaining)`,
  `(last|few) ${COUNTED} (left|remaining)`,
  '\\d+ (hours?|days?|minutes?) left',
  'ends in \\d+',
  // Spanish
  'ultima oportunidad',
  'actu(e|a|en) (ahora|ya|rapido|hoy)',
  '(dese|date|dense) prisa',
  'apur(ese|ate|ense)',
  'solo (por )?hoy',
  'unicamente hoy',
  '(por )?tiempo limitado',
  'aviso final',
  'ultimo aviso',
  'termina (esta noche|hoy|pronto)',
  'vence (hoy|pronto|esta noche)',
  'antes de que sea (demasiado )?tarde',
  'no se lo pierda',
  'no te lo pierdas',
  'urgente',
  'ahora o nunca',
  'cuenta regresiva',
  `quedan (solo )?\\d+ ${CONTADOS}`,
  `solo quedan \\d+`,
  `ultimos? ${CONTADOS}`,
  'hasta agotar (existencias|cupos|lugares)',
];

const DEADLINE = [
  'expir(e|es|ed|ing|ation|y)',
  'deadlines?',
  '(valid|good) (until|through|thru)',
  'offer ends',
  'ends on',
  'vencen?',
  'vencimiento',
  'caducan?',
  'validos? hasta',
  'validas? hasta',
  'fecha limite',
  'termina el',
];

const pressure = termMatcher(PRESSURE);
const deadline = termMatcher(DEADLINE);

/** Pressure wording in `text` (always rejected). */
export function findPressure(text: string): string[] {
  return pressure.find(text);
}

/** Deadline wording in `text` (rejected in template bodies only). */
export function findDeadline(text: string): string[] {
  return deadline.find(text);
}
