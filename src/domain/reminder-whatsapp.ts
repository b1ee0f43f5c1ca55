import type { PracticeFile } from './practice.ts';
import { reminderWhen, type ReminderFacts } from './reminder-text.ts';
import type { ReplyLanguage } from './reply-texts.ts';

/**
 * Appointment reminders on WhatsApp. Outside the 24-hour window after the patient's last message
 * WhatsApp delivers only approved templates (messaging-facts.md), so a reminder is always sent as
 * a Twilio Content SID plus its variables, never as free text (a template is delivered inside the
 * window too, so the service does not track the window). The practice submits the texts below for
 * approval (category UTILITY: an appointment reminder is not marketing, and Meta does not deliver
 * marketing templates to +1 numbers) and puts the Content SIDs in the practice file:
 *
 * ```json
 * "whatsappContentSids": {
 *   "reminder": { "en": "HX…", "es": "HX…" },
 *   "reminder.confirmation": { "en": "HX…" }
 * }
 * ```
 *
 * `reminder.<step>` (e.g. `reminder.confirmation`, `reminder.2h`) is used for that step when
 * configured, `reminder` for every other step. A plain string stands for the English version.
 * A patient whose language has no Content SID gets the reminder by text instead (when texting is
 * allowed). The variables hold the practice, the day and time, and the office: nothing clinical.
 */
export const REMINDER_WHATSAPP_VARIABLES = {
  '1': 'practiceName',
  '2': 'when',
  '3': 'locationName',
} as const;

export type ReminderWhatsappVariables = Record<keyof typeof REMINDER_WHATSAPP_VARIABLES, string>;

/** The reference texts to submit for approval, by key and language. */
export const REMINDER_WHATSAPP_TEXT: Record<
  'reminder' | 'reminder.confirmation',
  Record<ReplyLanguage, string>
> = {
  reminder: {
    en: '{{1}}: reminder of your appointment {{2}} at {{3}}. Reply C to confirm or R to reschedule. Reply STOP to opt out.',
    es: '{{1}}: le recordamos su cita del {{2}} en {{3}}. Responda C para confirmar o R para cambiarla. Responda STOP para darse de baja.',
  },
  'reminder.confirmation': {
    en: '{{1}}: thanks for booking! Your appointment is {{2}} at {{3}}. Reply C to confirm or R to reschedule. Reply STOP to opt out.',
    es: '{{1}}: gracias por agendar. Su cita es el {{2}} en {{3}}. Responda C para confirmar o R para cambiarla. Responda STOP para darse de baja.',
  },
};

export interface ReminderContent {
  /** The practice-file key the Content SID came from (`reminder.confirmation` or `reminder`). */
  key: string;
  contentSid: string;
  contentVariables: ReminderWhatsappVariables;
  /** The reference text filled in: what the timeline and the message log show. */
  body: string;
}

/** The approved reminder template for a step and language, or undefined when none is configured. */
export function reminderContentSid(
  practice: Pick<PracticeFile, 'whatsappContentSids'>,
  step: string,
  language: ReplyLanguage,
): { key: string; contentSid: string } | undefined {
  for (const key of [`reminder.${step}`, 'reminder']) {
    const entry = practice.whatsappContentSids?.[key];
    const sid =
      typeof entry === 'string' ? (language === 'en' ? entry : undefined) : entry?.[language];
    if (sid) return { key, contentSid: sid };
  }
  return undefined;
}

/** The WhatsApp reminder for a step, or undefined when the practice has no approved template. */
export function reminderContent(
  practice: Pick<PracticeFile, 'whatsappContentSids'>,
  step: string,
  facts: ReminderFacts,
  language: ReplyLanguage,
): ReminderContent | undefined {
  const found = reminderContentSid(practice, step, language);
  if (!found) return undefined;
  const contentVariables: ReminderWhatsappVariables = {
    '1': facts.practiceName,
    '2': reminderWhen(facts, language),
    '3': facts.locationName,
  };
  const reference =
    REMINDER_WHATSAPP_TEXT[found.key === 'reminder.confirmation' ? found.key : 'reminder'][
      language
    ];
  const body = reference.replace(
    /\{\{([123])\}\}/g,
    (_, n: keyof ReminderWhatsappVariables) => contentVariables[n],
  );
  return { ...found, contentVariables, body };
}
