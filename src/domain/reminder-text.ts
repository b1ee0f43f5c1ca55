import { DateTime } from 'luxon';
import type { ReplyLanguage } from './reply-texts.ts';

/**
 * What a reminder says: the practice, the day and time, the office — nothing clinical — and how to
 * answer. Spanish avoids á, í, ó, ú so a text stays GSM-7 (one or two segments).
 */
export interface ReminderFacts {
  practiceName: string;
  locationName: string;
  /** The appointment's local start and its zone. */
  start: string;
  timeZone: string;
}

export function reminderWhen(
  f: Pick<ReminderFacts, 'start' | 'timeZone'>,
  language: ReplyLanguage,
): string {
  const t = DateTime.fromISO(f.start, { zone: f.timeZone });
  return language === 'es'
    ? `${t.setLocale('es').toFormat('cccc d/M')} a las ${t.toFormat('h:mm a').toLowerCase()}`
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
    : t.setLocale('en-US').toFormat("ccc, LLL d 'at' h:mm a");
}

export function reminderText(
  step: string,
  f: ReminderFacts,
  language: ReplyLanguage,
  withOptOut: boolean,
): string {
  const when = reminderWhen(f, language);
  const stop = withOptOut
    ? language === 'es'
      ? ' Responda STOP para darse de baja.'
      : ' Reply STOP to opt out.'
    : '';
  if (language === 'es') {
    return step === 'confirmation'
      ? `${f.practiceName}: gracias por agendar. Su cita es el ${when} en ${f.locationName}. Responda C para confirmar o R para cambiarla.${stop}`
      : `${f.practiceName}: le recordamos su cita del ${when} en ${f.locationName}. Responda C para confirmar o R para cambiarla.${stop}`;
  }
  return step === 'confirmation'
    ? `${f.practiceName}: thanks for booking! Your appointment is ${when} at ${f.locationName}. Reply C to confirm or R to reschedule.${stop}`
    : `${f.practiceName}: reminder of your appointment ${when} at ${f.locationName}. Reply C to confirm or R to reschedule.${stop}`;
}

/** When a step goes: `confirmation` now; `3d`, `2h`… before the start (in the office's zone). */
export function stepTime(
  step: string,
  f: Pick<ReminderFacts, 'start' | 'timeZone'>,
  now: Date,
): Date {
  if (step === 'confirmation') return now;
  const m = /^(\d+)([dh])$/.exec(step);
  if (!m) throw new Error(`not a reminder step: ${step}`);
  const start = DateTime.fromISO(f.start, { zone: f.timeZone });
  // Days before keep the wall-clock time across a daylight-saving change; hours are hours.
  return (
    m[2] === 'd' ? start.minus({ days: Number(m[1]) }) : start.minus({ hours: Number(m[1]) })
  ).toJSDate();
}
