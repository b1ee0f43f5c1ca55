import { DateTime } from 'luxon';
import type { ReminderFacts } from './reminder-text.ts';
import type { ReplyLanguage } from './reply-texts.ts';

/**
 * What an automated reminder call says: the practice, the day and time, the office — nothing
 * clinical — then the keys to press. An answering machine gets a shorter message with the day and
 * time and the number to call back (it cannot press keys). Words are written for the ear: the
 * full weekday and month, no abbreviations.
 */

export function spokenWhen(
  f: Pick<ReminderFacts, 'start' | 'timeZone'>,
  language: ReplyLanguage,
): string {
  const t = DateTime.fromISO(f.start, { zone: f.timeZone });
  return language === 'es'
    ? t.setLocale('es').toFormat("cccc d 'de' LLLL 'a las' h:mm a")
    : t.setLocale('en-US').toFormat("cccc, LLLL d 'at' h:mm a");
}

/** The first thing a person who answers hears. */
export function reminderSpeech(step: string, f: ReminderFacts, language: ReplyLanguage): string {
  const when = spokenWhen(f, language);
  if (language === 'es')
    return step === 'confirmation'
      ? `Hola, le llama ${f.practiceName}. Gracias por agendar. Su cita es el ${when}, en ${f.locationName}.`
      : `Hola, le llama ${f.practiceName} para recordarle su cita del ${when}, en ${f.locationName}.`;
  return step === 'confirmation'
    ? `Hello, this is ${f.practiceName}. Thank you for booking. Your appointment is on ${when}, at ${f.locationName}.`
    : `Hello, this is ${f.practiceName} with a reminder of your appointment on ${when}, at ${f.locationName}.`;
}

/**
 * The keys: 1 confirms (as a "C" text does), 2 connects to the front desk, 9 stops these calls (an
 * automated call must offer a way out in the call itself; it is an opt-out on every channel).
 */
export function reminderCallMenu(language: ReplyLanguage): string {
  return language === 'es'
    ? 'Para confirmar su cita, marque 1. Para hablar con nuestra recepcion, marque 2. Si prefiere no recibir estas llamadas, marque 9.'
    : 'To confirm your appointment, press 1. To speak with our front desk, press 2. If you would rather not get these calls, press 9.';
}

/** For an answering machine: the day and time and the number to call back. */
export function reminderVoicemail(
  f: Pick<ReminderFacts, 'practiceName' | 'start' | 'timeZone'>,
  spokenPhone: string,
  language: ReplyLanguage,
): string {
  const when = spokenWhen(f, language);
  return language === 'es'
    ? `Hola, le llama ${f.practiceName} para recordarle su cita del ${when}. Si necesita cambiarla, llamenos al ${spokenPhone}. Gracias.`
    : `Hello, this is ${f.practiceName} with a reminder of your appointment on ${when}. If you need to change it, please call us at ${spokenPhone}. Thank you.`;
}

/** After a 1: the appointment is confirmed. */
export function reminderConfirmedSpeech(
  f: Pick<ReminderFacts, 'start' | 'timeZone'>,
  language: ReplyLanguage,
): string {
  const when = spokenWhen(f, language);
  return language === 'es'
    ? `Gracias, su cita del ${when} esta confirmada. Hasta pronto.`
    : `Thank you, your appointment on ${when} is confirmed. See you then. Goodbye.`;
}
