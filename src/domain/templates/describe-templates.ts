import type { PracticeFile } from '../practice.ts';
import type { SmsEncoding } from '../sms-segments.ts';
import { renderMessage } from './render-message.ts';
import { allTemplates } from './template-catalog.ts';
import type { Template, TemplateChannel, TemplateLanguage } from './template-schema.ts';
import type { LintIssue } from './template-lint.ts';

/**
 * What `reactivate templates` shows marketers where templates are edited: each template of the
 * practice rendered with typical values (no offer), its SMS segment count and encoding, and its
 * lint issues, including configuration ones (a WhatsApp template without a Content SID).
 */
export interface TemplateDescription {
  id: string;
  segment: Template['segment'];
  channel: TemplateChannel;
  variant: string;
  language: TemplateLanguage;
  label: string;
  /** Characters of the typical rendering (what the patient reads; an emoji is one). */
  characters: number;
  /** SMS only: segments and encoding of the typical rendering, opt-out line included. */
  segments?: number;
  encoding?: SmsEncoding;
  /** The typical rendering, as the patient would read or hear it. */
  preview: string;
  issues: LintIssue[];
}

/** A common first name of ordinary length. */
export const TYPICAL_FIRST_NAME = 'Alexandra';
/** A booking link of 60 characters, the length of the service's tracked links with a short host. */
export const TYPICAL_BOOKING_LINK = 'https://riverside-dental.example/b/Xk3_q9ZtLm0aR7Vw.2xk.Qp4s';

/** Each template of the practice (defaults and its own), rendered with typical values. */
export function describeTemplates(practice: PracticeFile): TemplateDescription[] {
  const location = practice.locations[0]!;
  return allTemplates(practice).map((template) => {
    const rendered = renderMessage({
      template,
      patient: { firstName: TYPICAL_FIRST_NAME },
      practice,
      location,
      bookingLink: TYPICAL_BOOKING_LINK,
      firstMessageOfConversation: true,
    });
    const description: TemplateDescription = {
      id: template.id,
      segment: template.segment,
      channel: template.channel,
      variant: template.variant,
      language: template.language,
      label: template.label,
      characters: Array.from(rendered.body).length,
      preview: rendered.body,
      issues: rendered.issues,
    };
    if (rendered.channel === 'sms') {
      description.segments = rendered.segments;
      description.encoding = rendered.encoding;
    }
    return description;
  });
}
