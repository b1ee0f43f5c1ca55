import { parsePhoneNumberWithError, type CountryCode } from 'libphonenumber-js';
import { ValidationError } from '../../lib/errors.ts';
import type { Location, PracticeFile } from '../practice.ts';
import { segmentCount, smsEncoding, type SmsEncoding } from '../sms-segments.ts';
import { hasOptOutInstruction, optOutLine } from './opt-out-line.ts';
import { fillBody, parseBody } from './template-body.ts';
import type { Template, TemplateChannel, TemplateLanguage } from './template-schema.ts';
import { lintOffer, lintRenderedBody, lintTemplate, type LintIssue } from './template-lint.ts';
import { contentSidFor, type WhatsappVariables } from './whatsapp-content.ts';

/**
 * Turns a template into the words one patient receives. The body, its opt-out line and the
 * language all follow the template (templatesFor already picked the patient's language). Every
 * rendering carries its lint issues: a message with an error must not be sent.
 */
export interface RenderInput {
  template: Template;
  patient: { firstName?: string | undefined };
  practice: Pick<PracticeFile, 'name' | 'defaultRegion' | 'whatsappContentSids'>;
  location: Pick<Location, 'name' | 'phone'>;
  /** The patient's own tracked booking link. */
  bookingLink: string;
  /** The marketer's offer from the workflow action; fills `[[ … {offer} … ]]` when present. */
  offer?: string | undefined;
  /** When given, must be the template's channel (a guard against a mixed-up template). */
  channel?: TemplateChannel;
  /** The patient's language tag; informative only, the template's language rules the words. */
  language?: string | undefined;
  firstMessageOfConversation: boolean;
  /**
   * A recurring (marketing-like) message carries the opt-out line every time; every reactivation
   * message is. Reminders (later work) pass false: then only the first message of a conversation
   * carries it. Default true.
   */
  recurring?: boolean;
}

interface RenderedBase {
  templateId: string;
  language: TemplateLanguage;
  /** What the patient reads or hears (for WhatsApp, the approved template with its values). */
  body: string;
  issues: LintIssue[];
}
export type RenderedMessage =
  | (RenderedBase & { channel: 'sms'; segments: number; encoding: SmsEncoding })
  | (RenderedBase & {
      channel: 'whatsapp';
      /** The approved template to send; undefined (with an error issue) when none is configured. */
      contentSid: string | undefined;
      /** Twilio's `contentVariables` (JSON-encode them when sending): see whatsapp-content.ts. */
      contentVariables: WhatsappVariables;
    })
  | (RenderedBase & { channel: 'voice' });

/**
 * A missing first name outside an optional section reads as nothing ("Hi, it's …", "Hola, le
 * saluda …": the tidy-up drops the space before the comma). An approved WhatsApp template cannot
 * take an empty variable, so there it reads "Hi there," / "Hola de nuevo,".
 */
const WHATSAPP_NAME_FALLBACK: Record<TemplateLanguage, string> = { en: 'there', es: 'de nuevo' };

/** The location's phone written the way patients of its region dial it: (617) 555-0142. */
export function nationalPhone(phone: string, defaultRegion: string): string {
  try {
    return parsePhoneNumberWithError(phone, defaultRegion as CountryCode).formatNational();
  } catch {
    return phone;
  }
}

/** The offer as one sentence: whitespace collapsed, a full stop added when it has no end mark. */
function offerSentence(offer: string | undefined): string | undefined {
  const text = offer?.replace(/\s+/g, ' ').trim();
  if (!text) return undefined;
  return /[.!?…]["'”’)]*$/.test(text) ? text : `${text}.`;
}

/** Fills a template for one patient and checks the result. */
export function renderMessage(input: RenderInput): RenderedMessage {
  const { template, practice, location } = input;
  if (input.channel !== undefined && input.channel !== template.channel)
    throw new ValidationError(
      `template ${template.id} is for ${template.channel}, not ${input.channel}`,
      'channel',
    );
  const parsed = parseBody(template.body);
  const firstName = input.patient.firstName?.trim() || undefined;
  const offer = offerSentence(input.offer);
  const values = {
    firstName,
    practiceName: practice.name,
    locationName: location.name,
    practicePhone: nationalPhone(location.phone, practice.defaultRegion),
    bookingLink: input.bookingLink,
    offer,
  };
  const nameFallback =
    template.channel === 'whatsapp' ? WHATSAPP_NAME_FALLBACK[template.language] : '';
  const fallback = (name: string) => (name === 'firstName' ? nameFallback : '');
  let body = fillBody(parsed.nodes, values, fallback);

  const recurring = input.recurring ?? true;
  if (
    template.channel === 'sms' &&
    (recurring || input.firstMessageOfConversation) &&
    !hasOptOutInstruction(body)
  )
    body = `${body}\n${optOutLine('sms', template.language)}`;

  const issues = lintTemplate(template, { practice });
  if (offer !== undefined) {
    issues.push(...lintOffer(offer));
    if (!parsed.placeholders.includes('offer'))
      issues.push({
        rule: 'offer_not_used',
        severity: 'warning',
        message: 'this template has no place for an offer: the offer was left out',
      });
  }
  const needsOptOut = template.channel !== 'sms' || recurring || input.firstMessageOfConversation;
  for (const issue of lintRenderedBody(body, template.channel)) {
    if (issue.rule === 'opt_out_missing' && !needsOptOut) continue;
    if (!issues.some((i) => i.rule === issue.rule)) issues.push(issue);
  }

  const base = { templateId: template.id, language: template.language, body, issues };
  if (template.channel === 'sms')
    return { ...base, channel: 'sms', segments: segmentCount(body), encoding: smsEncoding(body) };
  if (template.channel === 'whatsapp')
    return {
      ...base,
      channel: 'whatsapp',
      contentSid: contentSidFor(practice, template),
      contentVariables: {
        '1': firstName ?? nameFallback,
        '2': practice.name,
        '3': input.bookingLink,
      },
    };
  return { ...base, channel: 'voice' };
}

/** Whether a rendered message may be sent: no lint error. */
export function isSendable(message: Pick<RenderedMessage, 'issues'>): boolean {
  return !message.issues.some((i) => i.severity === 'error');
}
