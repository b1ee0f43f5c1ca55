import type { TemplateLanguage } from './template-schema.ts';

/**
 * The opt-out instruction every reactivation text and WhatsApp message carries (CTIA: in the first
 * message of a conversation and in every recurring message; reactivation messages are recurring).
 *
 * The Spanish SMS line avoids "más": "á" is not in GSM-7, and one such character turns the whole
 * text into UCS-2 (70 characters a segment instead of 160), which would make every Spanish text
 * cost three segments or more. WhatsApp has no segments, so it keeps the fuller wording.
 */
export type OptOutChannel = 'sms' | 'whatsapp';

const LINES: Record<OptOutChannel, Record<TemplateLanguage, string>> = {
  sms: {
    en: 'Reply STOP to opt out.',
    es: 'Responda STOP para darse de baja.',
  },
  whatsapp: {
    en: 'Reply STOP to opt out.',
    es: 'Responda STOP para no recibir más mensajes.',
  },
};

/** The line appended to a body that has no opt-out instruction of its own. */
export function optOutLine(channel: OptOutChannel, language: TemplateLanguage): string {
  return LINES[channel][language];
}

// "Reply STOP", "text STOP to …", "Responda STOP", "envíe STOP": an instruction, not any "stop".
const INSTRUCTION_RE =
  /(?<![\p{L}])(reply|text|send|respond[ae]?|responde|env[ií]e|envi[ae]|escrib[ae])[\s,]+(with\s+|con\s+)?["'“‘«]?STOP\b/iu;

/** Whether `body` already tells the reader how to opt out. */
export function hasOptOutInstruction(body: string): boolean {
  return INSTRUCTION_RE.test(body);
}
