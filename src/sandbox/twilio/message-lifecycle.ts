import { nowMs, postWebhook, type SandboxContext } from './context.ts';
import { price } from './formats.ts';
import type { MessageRecord } from './records.ts';
import type { WebhookParams } from './signature.ts';
import type { MessageStatus, SendStatusOptions } from './types.ts';

/** What one message costs per segment once sent (USD), close to Twilio's US list prices. */
const SMS_PRICE_PER_SEGMENT = 0.0079;
const WHATSAPP_PRICE = 0.005;

/** How a message's life should end, decided when it is accepted. */
export type Outcome =
  { status: 'delivered' } | { status: 'undelivered' | 'failed'; errorCode: number };

/**
 * Schedules a message's life after it is accepted: a messaging service's message is `queued`
 * at once (from `accepted`), leaves the sender's queue as `sent` at its slot, then is `delivered`
 * (or `undelivered` with an error code) one `deliverAfterMs` later; a `failed` message never
 * leaves. Each step updates the resource and posts the status callback.
 */
export function scheduleDelivery(
  ctx: SandboxContext,
  message: MessageRecord,
  slotAt: number,
  outcome: Outcome,
): void {
  const now = nowMs(ctx);
  const step = (at: number, status: MessageStatus, errorCode?: number) =>
    ctx.scheduler.schedule(message.sid, at, () => advance(ctx, message, status, { errorCode }));
  if (message.status === 'accepted') step(now, 'queued');
  const sentAt = Math.max(now + ctx.deliverAfterMs, slotAt);
  if (outcome.status === 'failed') {
    step(sentAt, 'failed', outcome.errorCode);
    return;
  }
  step(sentAt, 'sent');
  if (outcome.status === 'delivered') step(sentAt + ctx.deliverAfterMs, 'delivered');
  else step(sentAt + ctx.deliverAfterMs, 'undelivered', outcome.errorCode);
}

/** Moves a message to `status` (updating dates, sender, segments and price) and posts the callback. */
export async function advance(
  ctx: SandboxContext,
  message: MessageRecord,
  status: MessageStatus,
  options: SendStatusOptions = {},
): Promise<void> {
  applyStatus(ctx, message, status, options.errorCode);
  await postStatus(ctx, message, status, options);
}

/** Updates the resource as Twilio would at this status. */
export function applyStatus(
  ctx: SandboxContext,
  message: MessageRecord,
  status: MessageStatus,
  errorCode?: number,
): void {
  const now = ctx.clock.now();
  message.status = status;
  message.dateUpdated = now;
  if (['sent', 'delivered', 'undelivered', 'read'].includes(status) && message.dateSent === null) {
    message.dateSent = now;
    if (message.from === null) {
      message.from =
        message.channel === 'whatsapp' ? `whatsapp:${ctx.senderNumber}` : ctx.senderNumber;
    }
    message.numSegments = message.billedSegments;
    const amount =
      message.channel === 'whatsapp'
        ? WHATSAPP_PRICE
        : SMS_PRICE_PER_SEGMENT * message.billedSegments;
    message.price = price(amount);
    message.priceUnit = 'USD';
  }
  if (errorCode !== undefined) message.errorCode = errorCode;
}

/** The status callback's parameters, as Twilio posts them. */
export function statusParams(
  ctx: SandboxContext,
  message: MessageRecord,
  status: MessageStatus,
  errorCode?: number,
): WebhookParams {
  const params: WebhookParams = {
    AccountSid: ctx.accountSid,
    ApiVersion: '2010-04-01',
    MessageSid: message.sid,
    MessageStatus: status,
    SmsSid: message.sid,
    SmsStatus: status,
    To: message.to,
  };
  if (message.from !== null) params.From = message.from;
  if (message.messagingServiceSid !== null)
    params.MessagingServiceSid = message.messagingServiceSid;
  const code = errorCode ?? (['failed', 'undelivered'].includes(status) ? message.errorCode : null);
  if (code !== null && code !== undefined) params.ErrorCode = String(code);
  if (message.channel === 'whatsapp') {
    params.ChannelPrefix = 'whatsapp';
    params.ChannelToAddress = message.to.replace(/^whatsapp:/, '');
  }
  return params;
}

async function postStatus(
  ctx: SandboxContext,
  message: MessageRecord,
  status: MessageStatus,
  options: SendStatusOptions,
): Promise<void> {
  const url = message.statusCallback ?? ctx.urls.statusUrl;
  if (!url) return;
  const params = statusParams(ctx, message, status, options.errorCode);
  for (let copy = 0; copy <= (options.duplicate ?? 0); copy += 1) {
    await postWebhook(ctx, 'message-status', url, params);
  }
}

/** Delivered arrives before sent, as carriers' receipts sometimes do. The resource ends delivered. */
export async function deliverOutOfOrder(
  ctx: SandboxContext,
  message: MessageRecord,
): Promise<void> {
  ctx.scheduler.cancel(message.sid);
  applyStatus(ctx, message, 'sent');
  applyStatus(ctx, message, 'delivered');
  await postStatus(ctx, message, 'delivered', {});
  await postStatus(ctx, message, 'sent', {});
}

/** A test's own status, posted now; the message's automatic steps stop (the test drives it). */
export async function sendStatus(
  ctx: SandboxContext,
  message: MessageRecord,
  status: MessageStatus,
  options: SendStatusOptions,
): Promise<void> {
  ctx.scheduler.cancel(message.sid);
  await advance(ctx, message, status, options);
}
