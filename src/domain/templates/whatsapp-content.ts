import type { PracticeFile } from '../practice.ts';
import type { Template, TemplateLanguage } from './template-schema.ts';

/**
 * WhatsApp outside the 24-hour window delivers approved templates only (messaging-facts.md): the
 * message is a Twilio Content SID plus its variables, never free text. Each WhatsApp template in
 * `templates/*.json` is the reviewable text of one approved template, and its placeholders map to
 * the approved template's numbered variables:
 *
 * | variable | placeholder      |
 * |----------|------------------|
 * | `{{1}}`  | `{firstName}`    |
 * | `{{2}}`  | `{practiceName}` |
 * | `{{3}}`  | `{bookingLink}`  |
 *
 * So when submitting `overdue_recall.whatsapp.a` for approval, write `{{1}}` where the file says
 * `{firstName}`, and so on; then put the Content SID Twilio gives it in the practice file's
 * `whatsappContentSids` (a string for the English version, or `{ "en": "HX…", "es": "HX…" }`).
 * No other placeholder, and no optional section, can appear in a WhatsApp template (lint says so).
 */
export const WHATSAPP_VARIABLES = {
  '1': 'firstName',
  '2': 'practiceName',
  '3': 'bookingLink',
} as const;

export type WhatsappVariables = Record<keyof typeof WHATSAPP_VARIABLES, string>;

/** The Content SID configured for a template's language, or undefined when there is none. */
export function contentSidFor(
  practice: Pick<PracticeFile, 'whatsappContentSids'>,
  template: Pick<Template, 'id' | 'language'>,
): string | undefined {
  const entry = practice.whatsappContentSids?.[template.id];
  if (entry === undefined) return undefined;
  if (typeof entry === 'string') return template.language === 'en' ? entry : undefined;
  return entry[template.language as TemplateLanguage];
}
