import {
  renderMessage,
  isSendable,
  type RenderedMessage,
} from '../domain/templates/render-message.ts';
import { templatesFor, AUTOMATIC_VARIANT } from '../domain/templates/template-catalog.ts';
import type { GateDecision } from '../domain/compliance-gate.ts';
import { MessagingError } from '../messaging/messaging-errors.ts';
import { languageOf, replyTexts } from '../domain/reply-texts.ts';
import { lintRenderedBody } from '../domain/templates/template-lint.ts';
import { segmentCount, smsEncoding } from '../domain/sms-segments.ts';
import type { PatientContext } from './action-context.ts';
import type { ActionExecution } from './doors.ts';
import type { ActionResult } from './finish-action.ts';
import type { OutreachDeps } from './outreach-deps.ts';
import { optOutEverywhere } from './opt-out.ts';
import { chooseAutomaticVariant } from './bandit-choice.ts';
import { recordAutomaticTrial } from './bandit-reward.ts';
import { timelineBody } from './timeline-text.ts';
import { isFinalDelivery } from '../domain/delivery-status.ts';
import { recordEvent } from './events.ts';
import { writeBack } from './write-back.ts';

/** The template name of "send the booking link now" from the card (not a marketer's template). */
export const CARD_LINK_TEMPLATE = '__booking_link';

export type Prepared =
  | { ok: true; rendered: RenderedMessage; variant: string; automatic: boolean }
  | { ok: false; reason: string };

/**
 * Picks the template (the marketer's variant, or one drawn when the input is "automatic"), renders
 * it for this patient, and lints the result: a message with a lint error never goes out, and the
 * marketer reads why in the action's `reason`.
 */
export async function prepareMessage(
  deps: OutreachDeps,
  ctx: PatientContext,
  e: ActionExecution,
  channel: 'sms' | 'whatsapp' | 'call',
): Promise<Prepared> {
  const templateChannel = channel === 'call' ? 'voice' : channel;
  const variants = templatesFor({
    segment: ctx.segment!,
    channel: templateChannel,
    language: ctx.language,
    practice: deps.practice,
  });
  if (variants.length === 0)
    return { ok: false, reason: `no ${templateChannel} template for ${ctx.segment}` };
  const asked = e.inputs.template ?? 'a';
  if (asked === CARD_LINK_TEMPLATE) return bookingLinkMessage(deps, ctx);
  const automatic = asked === AUTOMATIC_VARIANT;
  // "Automatic": Thompson sampling over this segment × channel's variants (src/domain/bandit.ts).
  const chosen = automatic
    ? (
        await chooseAutomaticVariant(deps.store, {
          segment: ctx.segment!,
          channel: templateChannel,
          variants: variants.map((t) => t.variant),
          random: deps.random,
          explorationFloor: deps.practice.learning.explorationFloor,
          enabled: deps.practice.learning.enabled,
        })
      ).variant
    : asked;
  const template = variants.find((t) => t.variant === chosen);
  if (!template)
    return {
      ok: false,
      reason: `no template variant "${asked}" for ${ctx.segment} ${templateChannel}`,
    };
  if (!ctx.bookingLink)
    return { ok: false, reason: 'the contact has no booking link yet (run the sync)' };
  const rendered = renderMessage({
    template,
    patient: { firstName: ctx.firstName },
    practice: deps.practice,
    location: ctx.location,
    bookingLink: ctx.bookingLink,
    offer: e.inputs.offer || undefined,
    language: ctx.language,
    firstMessageOfConversation: true,
  });
  if (!isSendable(rendered)) {
    return {
      ok: false,
      reason: `template ${template.id}: ${rendered.issues
        .filter((i) => i.severity === 'error')
        .map((i) => i.message)
        .join('; ')}`,
    };
  }
  return { ok: true, rendered, variant: template.variant, automatic };
}

type Sent = { kind: 'sent'; result: ActionResult } | { kind: 'later'; at: Date };

/**
 * Sends a prepared message at the last moment: under the patient's lock, the gate is asked again
 * (an opt-out or another message may have landed since), the send is recorded for the caps before
 * it goes, and Twilio's permanent refusals end the action with their outcome.
 */
export async function sendPrepared(
  deps: OutreachDeps,
  ctx: PatientContext,
  e: ActionExecution,
  prepared: Extract<Prepared, { ok: true }>,
  regate: () => Promise<GateDecision>,
): Promise<Sent> {
  const { rendered } = prepared;
  const channel = rendered.channel === 'voice' ? 'call' : rendered.channel;
  const lock = await deps.store.locks.tryAcquire(`patient:${ctx.patientKey}`, 30_000);
  if (!lock) return { kind: 'later', at: new Date(deps.clock.now().getTime() + 2_000) };
  let sid: string;
  let refused: MessagingError | undefined;
  const now = deps.clock.now();
  try {
    const last = await regate();
    if (last.kind === 'skip')
      return { kind: 'sent', result: { outcome: last.outcome, channel, reason: last.reason } };
    if (last.kind === 'defer') return { kind: 'later', at: last.until };
    await deps.store.sendHistory.record(ctx.patientKey, now, e.callbackId);
    try {
      sid = await deliver(deps, ctx, rendered);
    } catch (error) {
      await deps.store.sendHistory.forget(ctx.patientKey, e.callbackId);
      if (!(error instanceof MessagingError) || !error.permanent) throw error;
      refused = error;
      sid = '';
    }
  } finally {
    await lock.release();
  }
  // Outside the lock: an opt-out (21610) takes the same lock.
  if (refused) return { kind: 'sent', result: await refusal(deps, ctx, channel, refused) };
  await deps.store.messages.put({
    sid,
    patientKey: ctx.patientKey,
    contactId: ctx.contact.id,
    channel,
    templateId: rendered.templateId,
    variant: prepared.variant,
    ...(e.workflowId ? { workflowId: e.workflowId } : {}),
    callbackId: e.callbackId,
    body: rendered.body,
    sentAt: now.toISOString(),
    status: 'queued',
    rank: 0,
    ...(prepared.automatic ? { chosenBy: 'automatic' as const } : {}),
    location: ctx.location.name,
    ...(ctx.segment ? { segment: ctx.segment } : {}),
  });
  await recordAutomaticTrial(deps.store, {
    sid,
    templateId: rendered.templateId,
    ...(prepared.automatic ? { chosenBy: 'automatic' as const } : {}),
  });
  const logOnTimeline = async (): Promise<void> => {
    if (channel !== 'call') {
      const timelineId = await deps.timeline.logMessage({
        contactId: ctx.contact.id,
        channel,
        body: timelineBody(rendered.body, {
          templateId: rendered.templateId,
          status: 'sent to Twilio',
        }),
        at: now,
      });
      await deps.store.messages.annotate(sid, { timelineId });
      // Twilio may have reported the outcome before the timeline entry existed: show it now.
      const current = await deps.store.messages.get(sid);
      if (current && isFinalDelivery(current.status)) {
        await deps.timeline.updateMessage(
          timelineId,
          timelineBody(rendered.body, {
            templateId: rendered.templateId,
            status: current.status,
            ...(current.errorCode ? { errorCode: current.errorCode } : {}),
          }),
        );
      }
    }
  };
  const markContacted = async (): Promise<void> => {
    if (!ctx.status || ctx.status === 'eligible' || ctx.status === 'in_sequence')
      await deps.contacts.update(ctx.contact.id, { reactivation_status: 'contacted' });
  };
  await recordEvent(deps, {
    type: 'sent',
    patientKey: ctx.patientKey,
    channel,
    templateId: rendered.templateId,
    variant: prepared.variant,
    location: ctx.location.name,
    ...(ctx.segment ? { segment: ctx.segment } : {}),
    ...(e.workflowId ? { workflowId: e.workflowId } : {}),
    at: now,
  });
  await writeBack(deps, `sent:${sid}`, {
    kind: 'communication',
    patientKey: ctx.patientKey,
    at: now.toISOString(),
    mode: channel === 'call' ? 'phone' : 'text',
    direction: 'sent',
    note: `Patient reactivation ${channel === 'call' ? 'automated call' : channel} (${rendered.templateId}): ${rendered.body}`,
  });
  // The timeline entry and the status are independent HubSpot writes: made together, a send waits
  // for one batch round instead of two, which is what bounds the send rate when HubSpot's limit
  // is the tighter one (bench/send-throughput.ts --hubspot-limits).
  await Promise.all([logOnTimeline(), markContacted()]);
  return { kind: 'sent', result: { outcome: 'sent', channel, messageId: sid } };
}

async function deliver(
  deps: OutreachDeps,
  ctx: PatientContext,
  rendered: RenderedMessage,
): Promise<string> {
  const base = deps.publicBaseUrl;
  if (rendered.channel === 'voice') {
    const call = await deps.messenger.placeCall({
      to: ctx.phones[0]!,
      url: `${base}/twilio/voice/answer`,
      statusCallback: `${base}/twilio/voice/status`,
    });
    return call.sid;
  }
  const statusCallback = `${base}/twilio/messages/status`;
  const message =
    rendered.channel === 'sms'
      ? await deps.messenger.send({
          channel: 'sms',
          to: ctx.mobile!,
          body: rendered.body,
          statusCallback,
        })
      : await deps.messenger.send({
          channel: 'whatsapp',
          to: ctx.mobile!,
          contentSid: rendered.contentSid!,
          contentVariables: rendered.contentVariables as Record<string, string>,
          statusCallback,
        });
  return message.sid;
}

/** A permanent refusal from Twilio, as the action's outcome (and an opt-out where it is one). */
async function refusal(
  deps: OutreachDeps,
  ctx: PatientContext,
  channel: string,
  error: MessagingError,
): Promise<ActionResult> {
  switch (error.failure) {
    case 'opted_out':
      await optOutEverywhere(deps, {
        patientKey: ctx.patientKey,
        contactId: ctx.contact.id,
        ...(ctx.mobile ? { phone: ctx.mobile } : {}),
        source: 'twilio_21610',
      });
      return {
        outcome: 'skipped_opted_out',
        channel,
        reason: 'the number replied STOP to this sender (Twilio 21610)',
      };
    case 'invalid_number':
    case 'unreachable':
      return {
        outcome: 'skipped_unreachable',
        channel,
        reason: `Twilio cannot reach the number (${error.twilioCode})`,
      };
    case 'landline':
      if (ctx.mobile) await deps.store.lineTypes.set(ctx.mobile, 'landline');
      return {
        outcome: 'skipped_unreachable',
        channel,
        reason: `the number is a landline (${error.twilioCode})`,
      };
    default:
      return {
        outcome: 'failed',
        channel,
        reason: `Twilio refused the message (${error.twilioCode ?? 'no code'})`,
      };
  }
}

/** The card's booking-link text: the practice, the link or the phone, how to stop. */
function bookingLinkMessage(deps: OutreachDeps, ctx: PatientContext): Prepared {
  if (!ctx.bookingLink)
    return { ok: false, reason: 'the contact has no booking link yet (run the sync)' };
  const language = languageOf(ctx.language);
  const facts = {
    practiceName: deps.practice.name,
    phone: ctx.location.phone,
    region: deps.practice.defaultRegion,
  };
  const body = `${replyTexts.bookingLinks(facts, language, [{ link: ctx.bookingLink }])} ${language === 'es' ? 'Responda STOP para darse de baja.' : 'Reply STOP to opt out.'}`;
  const issues = lintRenderedBody(body, 'sms');
  if (issues.some((i) => i.severity === 'error'))
    return { ok: false, reason: issues.map((i) => i.message).join('; ') };
  return {
    ok: true,
    automatic: false,
    variant: 'link',
    rendered: {
      channel: 'sms',
      templateId: 'booking_link',
      language,
      body,
      issues,
      segments: segmentCount(body),
      encoding: smsEncoding(body),
    },
  };
}
