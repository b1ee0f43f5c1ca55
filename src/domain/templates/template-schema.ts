import { z } from 'zod';

/**
 * The shape of one message template, as written in `templates/<language>.json` and in a practice
 * file's `templates` section. This file imports nothing from the rest of the domain on purpose:
 * the practice file schema embeds it, so it must not depend on the practice file.
 */

/** The segments of domain.md (kept equal to practice.ts's SEGMENTS by a test). */
export const TEMPLATE_SEGMENTS = [
  'no_show',
  'unscheduled_treatment',
  'overdue_recall',
  'dormant',
] as const;

/** Channels the service writes the words for. Email is HubSpot's own, so it has none. */
export const TEMPLATE_CHANNELS = ['sms', 'whatsapp', 'voice'] as const;
export const TemplateChannel = z.enum(TEMPLATE_CHANNELS);
export type TemplateChannel = z.infer<typeof TemplateChannel>;

export const TEMPLATE_LANGUAGES = ['en', 'es'] as const;
export const TemplateLanguage = z.enum(TEMPLATE_LANGUAGES);
export type TemplateLanguage = z.infer<typeof TemplateLanguage>;

/**
 * The placeholders a body may use. `{offer}` must sit inside an optional section `[[ … ]]`,
 * which disappears when the offer is absent.
 */
export const PLACEHOLDERS = [
  'firstName',
  'practiceName',
  'locationName',
  'practicePhone',
  'bookingLink',
  'offer',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

/** `<segment>.<channel>.<variant>`, e.g. `overdue_recall.sms.a`. */
const ID_RE = new RegExp(
  `^(${TEMPLATE_SEGMENTS.join('|')})\\.(${TEMPLATE_CHANNELS.join('|')})\\.([a-z])$`,
);

export const TemplateEntry = z
  .object({
    id: z
      .string()
      .regex(ID_RE, 'expected <segment>.<channel>.<variant>, e.g. overdue_recall.sms.a'),
    segment: z.enum(TEMPLATE_SEGMENTS),
    channel: TemplateChannel,
    /** One lower-case letter; `automatic` is reserved for the dropdown. */
    variant: z.string().regex(/^[a-z]$/, 'expected one lower-case letter'),
    language: TemplateLanguage,
    /** What a marketer sees in HubSpot's dropdown, after the variant letter. */
    label: z.string().trim().min(1).max(60),
    body: z.string().trim().min(1),
  })
  .refine((t) => t.id === `${t.segment}.${t.channel}.${t.variant}`, {
    message: 'id must be <segment>.<channel>.<variant> of the same entry',
    path: ['id'],
  });
export type Template = z.infer<typeof TemplateEntry>;

/** A Twilio Content SID (an approved WhatsApp template): `HX` and 32 hexadecimal digits. */
export const ContentSid = z
  .string()
  .regex(/^HX[0-9a-fA-F]{32}$/, 'expected a Twilio Content SID (HX followed by 32 hex digits)');

/**
 * The practice's approved WhatsApp templates, by template id: a Content SID for the English
 * version, or one per language (`{ "en": "HX…", "es": "HX…" }`). The keys `reminder` and
 * `reminder.<step>` are the appointment reminders' templates (src/domain/reminder-whatsapp.ts).
 */
export const WhatsappContentSids = z.record(
  z.string(),
  z.union([ContentSid, z.partialRecord(TemplateLanguage, ContentSid)]),
);
export type WhatsappContentSids = z.infer<typeof WhatsappContentSids>;

/** The template language for a patient's language tag (`es`, `es-MX`, `ES` → es; else en). */
export function templateLanguageOf(tag: string | undefined): TemplateLanguage {
  const primary = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return primary === 'es' || primary === 'spa' ? 'es' : 'en';
}
