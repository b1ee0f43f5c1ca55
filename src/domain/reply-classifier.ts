import { termMatcher } from './templates/term-matcher.ts';

/**
 * What a patient's reply means, in English or Spanish (tests: src/domain/reply-classifier.test.ts
 * and its corpus). Carrier keywords are single words (the whole message); plain-language requests
 * are phrases found anywhere ("please stop texting me", "ya no me manden mensajes"), because since
 * 2025 a revocation "by any reasonable means" must be honoured. The order matters and is:
 *
 * 1. opt back in by keyword (START, UNSTOP; YES only from someone who opted out);
 * 2. opt out (a keyword, or a plain request found by its words or by its shape: an "ending" word
 *    near a word for the messages) — checked before anything that could hide it — then a plain
 *    opt-in ("you can text me again", "turn the texts back on");
 * 3. help (HELP, INFO);
 * 4. wrong number;
 * 5. in a reminder conversation: confirm; a cancel or a reschedule is the front desk's;
 * 6. asks for a person (call me, a question about money or insurance) — the front desk's;
 * 7. wants to book (yes, book, what times do you have);
 * 8. anything else — the front desk's.
 */
export const REPLY_INTENTS = [
  'opt_out',
  'opt_in',
  'help',
  'wrong_number',
  'book',
  'confirm',
  'handoff',
] as const;
export type ReplyIntent = (typeof REPLY_INTENTS)[number];

export interface ReplyContext {
  /** The conversation is about a booked appointment (reminders), not reactivation. */
  conversation?: 'reactivation' | 'reminder';
  /** The patient is on the opt-out list: a YES then means "opt me back in". */
  optedOut?: boolean;
}

const OPT_OUT_KEYWORDS = new Set([
  'stop',
  'stopall',
  'unsubscribe',
  'cancel',
  'end',
  'quit',
  'revoke',
  'optout',
  'opt out',
  'unsub',
  'remove',
  'stop all',
  'alto',
  'parar',
  'para',
  'basta',
  'baja',
  'cancelar',
  'detener',
]);
const OPT_IN_KEYWORDS = new Set([
  'start',
  'unstop',
  'subscribe',
  'resume',
  'comenzar',
  'iniciar',
  'reanudar',
  'alta',
]);
const HELP_KEYWORDS = new Set(['help', 'info', 'information', 'ayuda', 'informacion']);
const YES = new Set([
  'yes',
  'y',
  'yeah',
  'yep',
  'yup',
  'sure',
  'ok',
  'okay',
  'k',
  'si',
  'sii',
  'claro',
  'dale',
  'vale',
  'por supuesto',
  'yes please',
]);
const CONFIRM_KEYWORDS = new Set([
  'c',
  'confirm',
  'confirmed',
  'confirmo',
  'confirmado',
  'confirmada',
]);
/** Words that add nothing to a keyword: "STOP pls", "alto porfavor", "START again". */
const FILLERS = new Set([
  'please',
  'pls',
  'plz',
  'porfa',
  'porfavor',
  'por',
  'favor',
  'thanks',
  'thank',
  'you',
  'thx',
  'ty',
  'gracias',
  'again',
  'now',
  'ya',
  'ahora',
  'me',
  'ok',
  'okay',
  'all',
  'it',
]);

const optInPhrases = termMatcher([
  '(text|message|contact) me again',
  '(you )?(can|may) (text|message|contact) me( again)?',
  '(want|like|need) (the |your |my )?(texts|messages|reminders) back',
  'start (sending|texting)( me)?( again)?',
  'resubscribe',
  'opt (me )?(back )?in',
  'start (the )?(texts|messages|reminders)',
  '(suscribirme|inscribirme) (otra vez|de nuevo)',
  'volver a (recibir|mandarme|enviarme|escribirme)',
  'pueden volver a',
  'ya (me )?pueden (escribir|mandar|enviar)',
]);
const optOutPhrases = termMatcher([
  '(please )?(stop|quit|cease) (texting|messaging|sending|contacting|calling|emailing|the texts|these texts|the messages|these messages|bothering)',
  "(don't|do not|dont|never) (text|message|contact|call|email|send)( me)?( anymore| again)?",
  "(don't|do not|dont) want (these|your|the|any|more|to (get|receive)) ?(texts|messages|calls|reminders)?",
  'remove (me|us|her|him|them|my number|this number|our number)',
  '(take|remove|delete) (me|us|her|him|them|my number|this number|our number|my (mom|mother|dad|father|son|daughter|husband|wife|child|kids|children)) (off|from)',
  'no need to (keep )?(text|texting|message|messaging|contact|contacting|send|sending)',
  'never signed up',
  'unsubscribe me',
  'opt me out',
  'no more (texts|messages|calls|emails)',
  'leave me alone',
  "not interested(,)? (stop|please stop|do not|don't)",
  'lose (this|my) number',
  'stop it',
  'stop please',
  'please stop',
  'no me (escriban|escribas|manden|mandes|envien|envies|llamen|llames|contacten|contactes|molesten|molestes)',
  'no (me )?molesten',
  'dejen de (escribirme|enviarme|mandarme|llamarme|contactarme|molestarme)',
  'deja de (escribirme|enviarme|mandarme|llamarme|contactarme|molestarme)',
  'ya no (me |nos )?(escriban|escriba|manden|mande|envien|envie|quiero (recibir )?mensajes)',
  'no (nos )?(escriban|escriba|manden|mande|envien|envie|llamen|llame|molesten|moleste)',
  '(favor de|por favor|porfavor) no (enviar|mandar|escribir|llamar)(me|nos|le|les)?',
  '(borrar|quitar|sacar|eliminar|borren|quiten|saquen|eliminen|borre|quite|saque|elimine)(me|nos|la|lo|los|las)? de (la|su|esta|sus) (lista|listas)',
  '(saquenos|sacanos|quitenos|borrenos|eliminenos)',
  "(do not|don't|dont|no longer) consent",
  'no quiero (recibir )?(mas )?(sus )?(mensajes|textos|llamadas)',
  '(quitenme|quiteme|saquenme|saqueme|borrenme|borreme|eliminenme|quitarme|sacarme|borrarme)( de (la|su|esta) lista)?',
  '(borren|quiten|saquen|eliminen) (mi|este) (numero|telefono)',
  'no mas mensajes',
  'basta de mensajes',
  'darme de baja',
]);
const wrongNumberPhrases = termMatcher([
  'wrong (number|person|#)',
  "(this is not|this isn't|this isnt|i'm not|i am not|not) (him|her|them|the (right|same) person)",
  "(isn't|is not|isnt|not) (\\p{L}+'s|his|her|their|my) (phone|number)( anymore)?",
  'not my (phone|number)',
  "(doesn't|does not|doesnt) belong to",
  '(got|have|just got) this number',
  'new number',
  'never been (a patient|to|there|in)',
  '(is|es) my (phone|number) now',
  'not me',
  'no es (el|la|mi|su) (telefono|numero|celular)',
  'cambi(o|e|amos) de numero',
  'no one (here )?by that name',
  'nobody (here )?by that name',
  "(i )?don't know (who|anyone|any)",
  'numero equivocado',
  'se equivoc(o|aron) de numero',
  'no conozco a',
  'no es (el|la) paciente',
  'no soy (paciente|el paciente|la paciente|esa persona)',
  'no es (mi|su) numero',
  '(este|es un) numero (es )?nuevo',
  'aqui no vive',
]);
const personPhrases = termMatcher([
  'call me',
  'give me a call',
  'already (have|booked|scheduled)',
  'ya (tengo|hice) (una )?cita',
  'can (you|someone|somebody) call',
  'speak (to|with) (someone|a person|somebody)',
  'talk (to|with) (someone|a person|somebody)',
  'how much',
  'cost',
  'price',
  'insurance',
  'bill',
  'balance',
  'payment',
  'reschedule',
  'cancel (my|the|it)',
  'can i change',
  '(move|change) (it|my appointment|the appointment|the time)',
  'running late',
  'not impressed',
  'waited',
  'complain',
  'llamenme',
  'llameme',
  'me pueden llamar',
  'puede llamarme',
  'hablar con (alguien|una persona)',
  'cuanto cuesta',
  'seguro',
  'cambiar (la|mi) cita',
  'reprogramar',
  'cancelar (la|mi) cita',
  'llego tarde',
]);
const WHEN =
  '(monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thurs?|fri|sat|sun|morning|afternoon|evening|weekend|january|february|march|april|may|june|july|august|september|october|november|december|lunes|martes|miercoles|jueves|viernes|sabado|domingo|manana|tarde|semana|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre)';
const bookPhrases = termMatcher([
  'book',
  'appointment (pls|plz)',
  'fit (me|us|him|her|them) in',
  'anything (open|available)',
  '(when|what day) can you see (me|us|him|her)',
  '(necesito|quiero|quisiera) (un )?turno',
  'turno para',
  'booking',
  'schedule',
  '(want|need|like|make|get|set up) an? (appointment|appt|visit|cleaning|check ?up|physical)',
  'appt',
  'earliest',
  'appointment please',
  'what (times?|days?|hours)',
  'when can i',
  'when (is|are) (there|you)',
  'can i (come|get in|go|stop by)',
  'could i (come|get in)',
  'do you have',
  'have (anything|something|any (openings|spots|times))',
  'any (openings|availability|times|chance)',
  'available',
  'come in',
  'stop by',
  'sign me up',
  "let's do it",
  'sounds good',
  'i want to come',
  "i'd like to come",
  'i would like to come',
  'next week',
  'tomorrow',
  'this week',
  `(on|this|next) ${WHEN}`,
  'cita',
  'agendar',
  'reservar',
  'que (horarios|dias|horas)',
  'tienen (espacio|disponible|lugar|algo|citas)',
  'hay (espacio|lugar|citas)',
  'puedo (ir|pasar|venir)',
  'quiero (ir|venir)',
  'me gustaria (ir|venir)',
  'la proxima semana',
  'manana',
  `(el|este|para el) ${WHEN}`,
]);
const aboutTheMessages = termMatcher([
  '(what|who) (is|are|r) (this|these|u|you)',
  'these (msgs|messages|texts)',
  'this text',
  'estos mensajes',
  'q(ue)? es esto',
  'de donde son',
  'quien(es)? (es|son)',
  "who('s| is) (texting|messaging|this)",
  '(what|which) (practice|office|dentist|clinic|doctor) (is this|is that)',
  'quien (habla|escribe|me escribe)',
  'de donde (me )?(escriben|llaman|son)',
]);
const confirmPhrases = termMatcher([
  "(i|we)('ll| will) be there",
  "(i|we)'ll be there",
  'see (you|u|ya)',
  'confirm',
  'ahi estare',
  'alli estare',
  'nos vemos',
  'confirmo',
  'confirmada',
  'confirmado',
  'confirming',
  'sounds good',
  'works for (me|us)',
]);
const changePhrases = termMatcher([
  'reschedule',
  'cancel',
  'change',
  'move',
  "can't make",
  'cant make',
  'late',
  'different (day|time)',
  'reprogramar',
  'cancelar',
  'cambiar',
  'no puedo',
  'tarde',
  'otro dia',
]);

/** Words for the messages themselves: what a "stop" or a "back on" is about. */
const MESSAGES =
  /^(texts?|txts?|msgs?|messages?|sms|whatsapp|reminders?|notifications?|calls|emails?|these|them|mensajes?|textos?|recordatorios?|llamadas|notificaciones|escribir(me)?|mandar(me)?|enviar(me)?|llamar(me)?|avisar(me)?|avisando|mandando|escribiendo|molestando|molesten)$/;
/** Wanting something to end, in either language. */
const ENDING =
  /^(stop|stopped|discontinue|quit|cease|delete|remove|unsubscribe|cancel|done|don't|dont|never|detener|deten|basta|dejen|deja|paren|baja|cancelar|borren|quiten|eliminen|sigan|vuelvan)$/;
/** "no" / "not" only end something when wanting follows: "do not want", "no quiero", "no longer". */
const WANTING = /^(want|wanna|need|longer|more|interested|quiero|queremos|interesa|necesito|mas)$/;

function isEnding(tokens: string[], i: number): boolean {
  const t = tokens[i]!;
  return ENDING.test(t) || ((t === 'no' || t === 'not') && WANTING.test(tokens[i + 1] ?? ''));
}
/** Wanting it back. */
const AGAIN =
  /^(again|back|resume|restart|reactivate|otra|nuevo|volver|reactivar|reactiven|activen|activar)$/;
/** Keywords that mean "opt out" anywhere in a message, not only alone. */
const OPT_OUT_ANYWHERE = termMatcher([
  'unsubscribe',
  'stopall',
  'opt ?out',
  'desuscrib\\p{L}*',
  '(darme|denme|dar|darnos) de baja',
  'cancelar (la )?suscripcion',
  'detener',
]);

/**
 * A plain request to stop, by its shape rather than its exact words: a word of ending and a word
 * for the messages within a few words of each other ("I do not want to get these text messages",
 * "no me vuelvan a escribir"), not asking for them back. Questions about why the messages come are
 * the front desk's, not an opt-out.
 */
function asksToStop(tokens: string[]): boolean {
  if (tokens.some((t) => AGAIN.test(t)) && !tokens.some((t) => t === 'never' || t === 'nunca'))
    return false;
  for (let i = 0; i < tokens.length; i++) {
    if (!isEnding(tokens, i)) continue;
    for (let j = Math.max(0, i - 3); j < Math.min(tokens.length, i + 9); j++)
      if (MESSAGES.test(tokens[j]!)) return true;
  }
  return false;
}

/** Asking for the messages back: a word for them and a word of "again / back on", not negated. */
function asksForThemBack(tokens: string[]): boolean {
  return (
    tokens.some((t) => AGAIN.test(t)) &&
    tokens.some((t) => MESSAGES.test(t)) &&
    !tokens.some((t) => /^(don't|dont|never|not|nunca)$/.test(t))
  );
}

/** The words of a message without fillers, when every one of them is in `set`. */
function onlyKeyword(tokens: string[], set: ReadonlySet<string>): boolean {
  const meaningful = tokens.filter((t) => !FILLERS.has(t));
  return meaningful.length > 0 && meaningful.every((t) => set.has(t));
}

/** Lower case, accents and punctuation off, spaces squeezed: what keywords compare against. */
export function normalizeReply(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[^\p{L}\p{N}' ]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A reply of nothing but stop signs (🛑, ⛔, 🚫, ✋): as plain as STOP. */
const ONLY_STOP_SIGNS =
  /^(?:\s|\u{1F6D1}|\u26D4|\u{1F6AB}|\u270B|\uFE0F|\u{1F3FB}|\u{1F3FC}|\u{1F3FD}|\u{1F3FE}|\u{1F3FF})+$/u;

/** A reply that opens with a carrier keyword as a sentence of its own: "STOP. Who gave you…". */
const LEADING_STOP = /^\s*(?:stop|stopall|unsubscribe|quit|optout|alto|basta)\s*[.!;:,]/iu;
/** A reply of nothing but thumbs up (any skin tone). */
const ONLY_THUMBS_UP = /^(?:\s|\u{1F44D}|\u{1F3FB}|\u{1F3FC}|\u{1F3FD}|\u{1F3FE}|\u{1F3FF})+$/u;
/** Words after "I'm not" / "no soy" that are not a name. */
const NOT_A_NAME = new Set(
  'interested sure able available going coming ready happy ok okay feeling free home there a an the your in at from gonna going a able going sick well yet really very so too that this his her their paciente el la esa ese su'.split(
    ' ',
  ),
);

/** "I'm not Jorge", "No soy Esteban", "no Brittany here": the patient is someone else. */
function deniesBeingThePatient(words: string): boolean {
  const m =
    /(?:^|\s)(?:i am not|i'm not|im not|my name is not|my name isn't|no soy)\s+(\p{L}+)/u.exec(
      words,
    ) ??
    /(?:^|\s)(?:no|there's no|there is no|nobody named|no one named)\s+(\p{L}+)\s+here/u.exec(
      words,
    );
  return m !== null && !NOT_A_NAME.has(m[1]!);
}

export function classifyReply(text: string, context: ReplyContext = {}): ReplyIntent {
  if (ONLY_STOP_SIGNS.test(text)) return 'opt_out';
  if (context.conversation !== 'reminder' && LEADING_STOP.test(text)) return 'opt_out';
  const words = normalizeReply(text);
  const tokens = words.split(' ').filter(Boolean);
  const bare = words
    .replace(/^(please|por favor) /, '')
    .replace(/ (please|por favor|thanks|thank you|gracias)$/, '');
  const reminder = context.conversation === 'reminder';
  // 1. Back in by keyword, or YES from someone who opted out.
  if (onlyKeyword(tokens, OPT_IN_KEYWORDS)) return 'opt_in';
  if (context.optedOut && (YES.has(bare) || YES.has(tokens[0] ?? ''))) return 'opt_in';
  // 2. Out: "cancel" alone is a carrier keyword, but in a reminder it cancels the visit (Twilio's
  // own opt-out, when it applies, arrives as OptOutType and is honoured before this runs). Plain
  // requests come before plain opt-ins: "don't text me again" must not read as "text me again".
  const cancelOnly = onlyKeyword(tokens, new Set(['cancel', 'cancelar']));
  if (
    (OPT_OUT_KEYWORDS.has(bare) || onlyKeyword(tokens, OPT_OUT_KEYWORDS)) &&
    !(reminder && cancelOnly)
  )
    return 'opt_out';
  if (optOutPhrases.find(text).length > 0 || OPT_OUT_ANYWHERE.find(text).length > 0)
    return 'opt_out';
  if (optInPhrases.find(text).length > 0 || asksForThemBack(tokens)) return 'opt_in';
  if (!reminder && asksToStop(tokens)) return 'opt_out';
  // 3–4. HELP alone, or with a question about what these messages are.
  if (onlyKeyword(tokens, HELP_KEYWORDS)) return 'help';
  if (
    tokens.some((t) => HELP_KEYWORDS.has(t)) &&
    (tokens.length <= 3 || aboutTheMessages.find(text).length > 0)
  )
    return 'help';
  if (tokens.length <= 6 && aboutTheMessages.find(text).length > 0) return 'help';
  if (
    wrongNumberPhrases.find(text).length > 0 ||
    deniesBeingThePatient(words) ||
    /^equivocad[oa]s?$/.test(bare)
  )
    return 'wrong_number';
  // 5. A reminder: anything that changes the visit is the front desk's; a yes or a see-you confirms.
  if (reminder) {
    if (changePhrases.find(text).length > 0 || personPhrases.find(text).length > 0)
      return 'handoff';
    if (
      ONLY_THUMBS_UP.test(text) ||
      onlyKeyword(tokens, new Set([...CONFIRM_KEYWORDS, ...YES])) ||
      YES.has(tokens[0] ?? '') ||
      confirmPhrases.find(text).length > 0
    )
      return 'confirm';
    return 'handoff';
  }
  // 6–8.
  if (personPhrases.find(text).length > 0) return 'handoff';
  if (YES.has(bare) || YES.has(tokens[0] ?? '') || bookPhrases.find(text).length > 0) return 'book';
  return 'handoff';
}
