import { nowMs, postWebhook, type SandboxContext } from './context.ts';
import { bareNumber, parseValidE164 } from './formats.ts';
import { optOutType } from './keywords.ts';
import { scheduleDelivery } from './message-lifecycle.ts';
import type { MessageRecord } from './records.ts';
import { segmentCount } from '../../domain/sms-segments.ts';
import { newSid } from './sids.ts';
import type { WebhookParams } from './signature.ts';
import { findElements, parseTwiml } from './twiml.ts';
import type { InboundMessage, InboundResult } from './types.ts';

/**
 * A patient's message arrives. Twilio's own handling comes first, as it does at Twilio: an SMS
 * STOP keyword puts the sender on the STOP list (later sends fail with 21610), START takes it
 * off; a WhatsApp message opens the 24-hour window. Then the signed webhook goes to the inbound
 * URL, with `OptOutType` for keywords, and any `<Message>` in the TwiML answer is sent back.
 */
export async function receiveInbound(
  ctx: SandboxContext,
  input: InboundMessage,
): Promise<InboundResult> {
  const url = ctx.urls.inboundUrl;
  if (!url) throw new Error('configure({ inboundUrl }) before simulating an inbound message');
  const channel = input.channel ?? (input.from.startsWith('whatsapp:') ? 'whatsapp' : 'sms');
  const prefix = channel === 'whatsapp' ? 'whatsapp:' : '';
  const from = prefix + bareNumber(input.from);
  const to = prefix + bareNumber(input.to);
  const sender = parseValidE164(from)?.number ?? bareNumber(from);
  const keyword = channel === 'sms' ? optOutType(input.body) : undefined;
  if (keyword === 'STOP') ctx.optedOut.add(sender);
  if (keyword === 'START') ctx.optedOut.delete(sender);
  if (channel === 'whatsapp') ctx.lastWhatsappInbound.set(sender, nowMs(ctx));

  const now = ctx.clock.now();
  const service = bareNumber(to) === ctx.senderNumber ? (ctx.messagingServices?.[0] ?? null) : null;
  const segments = channel === 'whatsapp' ? 1 : segmentCount(input.body);
  const message: MessageRecord = {
    sid: newSid('SM'),
    channel,
    direction: 'inbound',
    to,
    from,
    messagingServiceSid: service,
    body: input.body,
    numMedia: input.numMedia ?? 0,
    numSegments: segments,
    billedSegments: segments,
    status: 'received',
    errorCode: null,
    price: null,
    priceUnit: null,
    dateCreated: now,
    dateUpdated: now,
    dateSent: now,
    statusCallback: null,
    provideFeedback: false,
  };
  ctx.messages.set(message.sid, message);

  const params: WebhookParams = {
    AccountSid: ctx.accountSid,
    ApiVersion: '2010-04-01',
    Body: input.body,
    From: from,
    MessageSid: message.sid,
    NumMedia: String(message.numMedia),
    NumSegments: String(segments),
    SmsMessageSid: message.sid,
    SmsSid: message.sid,
    SmsStatus: 'received',
    To: to,
  };
  if (service) params.MessagingServiceSid = service;
  if (keyword) params.OptOutType = keyword;
  if (channel === 'whatsapp') params.WaId = sender.replace(/^\+/, '');
  const delivery = await postWebhook(ctx, 'inbound-message', url, params);
  const replies =
    delivery.status !== null && delivery.status < 300
      ? sendReplies(ctx, message, delivery.body)
      : [];
  return {
    sid: message.sid,
    optOutType: keyword,
    status: delivery.status,
    twiml: delivery.body,
    replies,
  };
}

/** `<Response><Message>…</Message></Response>`: replies go back to the sender, from the number written to. */
function sendReplies(ctx: SandboxContext, inbound: MessageRecord, twiml: string): string[] {
  let bodies: string[];
  try {
    bodies = findElements(parseTwiml(twiml), 'Message').map((element) => {
      const body = element.children.find((child) => child.name === 'Body');
      return body ? body.text : element.text;
    });
  } catch {
    return [];
  }
  const sender = parseValidE164(inbound.from ?? '')?.number ?? '';
  return bodies.flatMap((body) => {
    if (inbound.channel === 'sms' && ctx.optedOut.has(sender)) return [];
    const now = ctx.clock.now();
    const segments = inbound.channel === 'whatsapp' ? 1 : segmentCount(body);
    const reply: MessageRecord = {
      ...inbound,
      sid: newSid('SM'),
      direction: 'outbound-reply',
      to: inbound.from ?? '',
      from: inbound.to,
      body,
      numMedia: 0,
      numSegments: segments,
      billedSegments: segments,
      status: 'queued',
      dateCreated: now,
      dateUpdated: now,
      dateSent: null,
    };
    ctx.messages.set(reply.sid, reply);
    ctx.outbox.push({
      kind: 'message',
      sid: reply.sid,
      at: now,
      channel: reply.channel,
      direction: 'outbound-reply',
      to: reply.to,
      from: reply.from,
      messagingServiceSid: reply.messagingServiceSid,
      body,
      contentSid: null,
      contentVariables: null,
      statusCallback: null,
      params: {},
    });
    scheduleDelivery(ctx, reply, nowMs(ctx), { status: 'delivered' });
    return [reply.sid];
  });
}
