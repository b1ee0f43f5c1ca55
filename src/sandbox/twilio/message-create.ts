import { z } from 'zod';
import { nowMs, type SandboxContext } from './context.ts';
import { parseValidE164 } from './formats.ts';
import { lineTypeOf } from './line-type.ts';
import { scheduleDelivery, type Outcome } from './message-lifecycle.ts';
import type { MessageRecord } from './records.ts';
import { segmentCount } from '../../domain/sms-segments.ts';
import { isSid, newSid } from './sids.ts';
import type { WebhookParams } from './signature.ts';
import type { TemplateRecord } from './templates.ts';
import { twilioErrors } from './twilio-error.ts';

const text = z.string().optional();
export const createMessageForm = z.looseObject({
  To: text,
  From: text,
  MessagingServiceSid: text,
  Body: text,
  ContentSid: text,
  ContentVariables: text,
  StatusCallback: text,
  ForceDelivery: text,
  ProvideFeedback: text,
  MediaUrl: z.union([z.string(), z.array(z.string())]).optional(),
});
export type CreateMessageForm = z.infer<typeof createMessageForm>;

/** Twilio attempts SMS to landlines only in these countries; elsewhere it refuses with 21635. */
const LANDLINE_ATTEMPTED = ['US', 'CA', 'GB'];
/** Since 2025-04-01 Meta does not deliver marketing templates to +1 numbers. */
const US_MARKETING_STOP = Date.UTC(2025, 3, 1);
const WHATSAPP_WINDOW_MS = 24 * 60 * 60 * 1000;
const MAX_BODY = 1600;

/**
 * Creates a message the way `POST …/Messages.json` does: the synchronous checks Twilio makes
 * (in its order, with its codes), then the record, the outbox entry and the scheduled life.
 * Delivery failures Twilio reports later (landline 30006, WhatsApp window 63016, Meta's US
 * marketing block 63049, `failNumber`) are decided here and arrive as status callbacks.
 */
export function createMessage(ctx: SandboxContext, form: CreateMessageForm): MessageRecord {
  if (!form.To) throw twilioErrors.missingTo();
  const to = form.To;
  const channel = to.startsWith('whatsapp:') ? 'whatsapp' : 'sms';
  const service = form.MessagingServiceSid;
  if (!form.From && !service) throw twilioErrors.missingFrom();
  if (service !== undefined) checkService(ctx, service);
  if (form.From && !service) {
    if (form.From.startsWith('whatsapp:') !== (channel === 'whatsapp')) {
      throw twilioErrors.channelMismatch();
    }
    if (!parseValidE164(form.From)) throw twilioErrors.invalidFrom(form.From);
  }
  const content = resolveContent(ctx, form);
  const number = parseValidE164(to);
  if (!number) throw twilioErrors.invalidTo(to);
  const landline = channel === 'sms' && lineTypeOf(ctx, number) === 'landline';
  if (channel === 'sms' && ctx.optedOut.has(number.number)) throw twilioErrors.unsubscribed();
  const forced = form.ForceDelivery === 'true';
  if (landline && !forced && !LANDLINE_ATTEMPTED.includes(number.country ?? '')) {
    throw twilioErrors.landline();
  }
  const sender = service ?? (form.From as string);
  const slotAt = ctx.queue.reserve(sender, nowMs(ctx));
  if (slotAt === 'full') throw twilioErrors.queueFull();

  const now = ctx.clock.now();
  const segments = channel === 'whatsapp' ? 1 : segmentCount(content.body);
  const message: MessageRecord = {
    sid: newSid('SM'),
    channel,
    direction: 'outbound-api',
    to,
    from: service ? null : (form.From ?? null),
    messagingServiceSid: service ?? null,
    body: content.body,
    numMedia: mediaCount(form.MediaUrl),
    numSegments: service ? 0 : segments,
    billedSegments: segments,
    status: service ? 'accepted' : 'queued',
    errorCode: null,
    price: null,
    priceUnit: null,
    dateCreated: now,
    dateUpdated: now,
    dateSent: null,
    statusCallback: form.StatusCallback ?? null,
    provideFeedback: form.ProvideFeedback === 'true',
  };
  ctx.messages.set(message.sid, message);
  ctx.outbox.push({
    kind: 'message',
    sid: message.sid,
    at: now,
    channel,
    direction: 'outbound-api',
    to,
    from: form.From ?? null,
    messagingServiceSid: service ?? null,
    body: content.body,
    contentSid: form.ContentSid ?? null,
    contentVariables: content.variables,
    statusCallback: message.statusCallback,
    params: form as WebhookParams,
  });
  scheduleDelivery(
    ctx,
    message,
    slotAt,
    outcomeOf(ctx, number.number, channel, content.template, landline),
  );
  return message;
}

function checkService(ctx: SandboxContext, sid: string): void {
  const known = ctx.messagingServices ? ctx.messagingServices.includes(sid) : isSid(sid, 'MG');
  if (!known) throw twilioErrors.unknownService(sid);
}

function resolveContent(
  ctx: SandboxContext,
  form: CreateMessageForm,
): { body: string; template: TemplateRecord | null; variables: Record<string, string> | null } {
  if (form.ContentSid !== undefined) {
    const rendered = ctx.templates.render(form.ContentSid, form.ContentVariables);
    return { body: rendered.body, template: rendered.template, variables: rendered.variables };
  }
  const body = form.Body ?? '';
  if (body === '' && mediaCount(form.MediaUrl) === 0) throw twilioErrors.missingBody();
  if (body.length > MAX_BODY) throw twilioErrors.bodyTooLong();
  return { body, template: null, variables: null };
}

function mediaCount(media: string | string[] | undefined): number {
  if (media === undefined) return 0;
  return Array.isArray(media) ? media.length : 1;
}

function outcomeOf(
  ctx: SandboxContext,
  e164: string,
  channel: 'sms' | 'whatsapp',
  template: TemplateRecord | null,
  landline: boolean,
): Outcome {
  const planned = ctx.failures.get(e164);
  if (planned) return { status: planned.status, errorCode: planned.errorCode };
  if (channel === 'whatsapp') {
    const now = nowMs(ctx);
    const last = ctx.lastWhatsappInbound.get(e164);
    const inWindow = last !== undefined && now - last < WHATSAPP_WINDOW_MS;
    if (template?.category === 'MARKETING' && e164.startsWith('+1') && now >= US_MARKETING_STOP) {
      return { status: 'failed', errorCode: 63049 };
    }
    if (!inWindow && (template === null || template.status !== 'approved')) {
      return { status: 'failed', errorCode: 63016 };
    }
  }
  if (landline) return { status: 'undelivered', errorCode: 30006 };
  return { status: 'delivered' };
}
