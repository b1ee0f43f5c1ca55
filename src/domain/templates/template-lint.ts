import type { PracticeFile } from '../practice.ts';
import { segmentCount } from '../sms-segments.ts';
import { findClinicalDetail, type ClinicalCategory } from './clinical-terms.ts';
import { hasOptOutInstruction, optOutLine } from './opt-out-line.ts';
import { parseBody, staticText } from './template-body.ts';
import { PLACEHOLDERS, type Template, type TemplateChannel } from './template-schema.ts';
import { findDeadline, findPressure } from './urgency-terms.ts';
import { WHATSAPP_VARIABLES, contentSidFor } from './whatsapp-content.ts';

/**
 * The content rules every message obeys (messaging-facts.md, "Content"), in words a marketer
 * understands. Templates are checked when loaded and shown (`describeTemplates`); every rendered
 * message is checked again before it goes out (`renderMessage` returns its issues), and a message
 * with an error is not sent.
 */
export type LintRule =
  | 'clinical_detail'
  | 'urgency'
  | 'practice_not_named'
  | 'no_way_to_book'
  | 'unknown_placeholder'
  | 'template_syntax'
  | 'offer_outside_section'
  | 'whatsapp_placeholder'
  | 'whatsapp_not_configured'
  | 'opt_out_missing'
  | 'sms_too_long'
  | 'sms_segments'
  | 'offer_not_used'
  | 'voice_link';

export interface LintIssue {
  rule: LintRule;
  severity: 'error' | 'warning';
  message: string;
}

export interface LintContext {
  /** With a practice: its literal name counts as naming it, and WhatsApp needs its Content SIDs. */
  practice?: Pick<PracticeFile, 'name' | 'whatsappContentSids'>;
}

/** Twilio's limit on one message body. */
export const SMS_MAX_CHARACTERS = 1600;
/** Above this many segments a text still goes, with a warning about its cost. */
export const SMS_SEGMENTS_WARNING = 3;

const error = (rule: LintRule, message: string): LintIssue => ({
  rule,
  severity: 'error',
  message,
});
const warning = (rule: LintRule, message: string): LintIssue => ({
  rule,
  severity: 'warning',
  message,
});
const CATEGORY_WORDS: Record<ClinicalCategory, string> = {
  procedure: 'a procedure',
  condition: 'a health condition',
  medication: 'a medication',
};
const WHATSAPP_ALLOWED: ReadonlySet<string> = new Set(Object.values(WHATSAPP_VARIABLES));

/** Clinical detail and pressure wording in a piece of text (a body's words, or an offer). */
function wordingIssues(text: string, { deadlines }: { deadlines: boolean }): LintIssue[] {
  const issues = findClinicalDetail(text).map((m) =>
    error('clinical_detail', `mentions ${CATEGORY_WORDS[m.category]}: "${m.text}"`),
  );
  const pressure = findPressure(text);
  for (const p of pressure) issues.push(error('urgency', `uses pressure: "${p}"`));
  if (deadlines) {
    // "expires soon" is pressure already: do not report its "expires" again.
    const covered = (d: string) => pressure.some((p) => p.toLowerCase().includes(d.toLowerCase()));
    for (const d of findDeadline(text).filter((d) => !covered(d)))
      issues.push(
        error(
          'urgency',
          `mentions a deadline: "${d}" (a template cannot know a real end date; put it in the offer text)`,
        ),
      );
  }
  return issues;
}

/** Every rule a template's own text can break, before any value is filled in. */
export function lintTemplate(template: Template, context: LintContext = {}): LintIssue[] {
  const parsed = parseBody(template.body);
  const issues: LintIssue[] = parsed.syntaxErrors.map((m) => error('template_syntax', m));
  for (const name of parsed.unknown)
    issues.push(
      error(
        'unknown_placeholder',
        `unknown placeholder {${name}}: use ${PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`,
      ),
    );
  if (parsed.outsideSections.includes('offer'))
    issues.push(
      error(
        'offer_outside_section',
        '{offer} must sit inside an optional section "[[ … ]]" so it disappears when there is no offer',
      ),
    );
  issues.push(...wordingIssues(staticText(parsed.nodes), { deadlines: true }));
  const used = new Set(parsed.placeholders);
  const literalName =
    context.practice !== undefined &&
    template.body.toLowerCase().includes(context.practice.name.toLowerCase());
  if (!used.has('practiceName') && !literalName)
    issues.push(error('practice_not_named', 'does not name the practice: add {practiceName}'));
  if (!used.has('bookingLink') && !used.has('practicePhone'))
    issues.push(
      error('no_way_to_book', 'gives no way to book or talk: add {bookingLink} or {practicePhone}'),
    );
  issues.push(...channelIssues(template, parsed, context));
  return issues;
}

function channelIssues(
  template: Template,
  parsed: ReturnType<typeof parseBody>,
  context: LintContext,
): LintIssue[] {
  const issues: LintIssue[] = [];
  if (template.channel === 'voice' && parsed.placeholders.includes('bookingLink'))
    issues.push(
      warning('voice_link', 'a call cannot read out a link: the call offers to text it instead'),
    );
  if (template.channel !== 'whatsapp') return issues;
  for (const name of parsed.placeholders.filter((p) => !WHATSAPP_ALLOWED.has(p)))
    issues.push(
      error(
        'whatsapp_placeholder',
        `an approved WhatsApp template can only use {firstName}, {practiceName} and {bookingLink}, not {${name}}`,
      ),
    );
  if (parsed.nodes.some((n) => n.kind === 'section'))
    issues.push(
      error('whatsapp_placeholder', 'an approved WhatsApp template cannot have optional sections'),
    );
  if (!hasOptOutInstruction(template.body))
    issues.push(
      error(
        'opt_out_missing',
        `an approved WhatsApp template must carry its own opt-out line: "${optOutLine('whatsapp', template.language)}"`,
      ),
    );
  if (context.practice && contentSidFor(context.practice, template) === undefined)
    issues.push(
      error(
        'whatsapp_not_configured',
        `no approved WhatsApp template is configured for ${template.id} (${template.language}): add its Content SID to whatsappContentSids in the practice file`,
      ),
    );
  return issues;
}

/** The offer text a workflow passes: pressure is rejected, a real end date is allowed. */
export function lintOffer(offer: string): LintIssue[] {
  return wordingIssues(offer, { deadlines: false }).map((i) => ({
    ...i,
    message: `the offer ${i.message}`,
  }));
}

/** The rules only a finished message can break: its length and its opt-out line. */
export function lintRenderedBody(body: string, channel: TemplateChannel): LintIssue[] {
  const issues: LintIssue[] = [];
  if (channel === 'sms') {
    const length = Array.from(body).length;
    if (length > SMS_MAX_CHARACTERS)
      issues.push(
        error(
          'sms_too_long',
          `too long for a text: ${length} characters (at most ${SMS_MAX_CHARACTERS})`,
        ),
      );
    const segments = segmentCount(body);
    if (segments > SMS_SEGMENTS_WARNING)
      issues.push(
        warning(
          'sms_segments',
          `long text: ${segments} segments, each billed as one message (keep it to ${SMS_SEGMENTS_WARNING} or fewer)`,
        ),
      );
  }
  if (channel !== 'voice' && !hasOptOutInstruction(body))
    issues.push(error('opt_out_missing', 'has no opt-out line ("Reply STOP to opt out.")'));
  return issues;
}
