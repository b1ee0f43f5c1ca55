import type { Clock } from '../../lib/clock.ts';
import type { CallRecord, MessageRecord } from './records.ts';
import type { Scheduler } from './scheduler.ts';
import type { SenderQueue } from './sender-queue.ts';
import type { WebhookParams } from './signature.ts';
import type { TemplateBook } from './templates.ts';
import type {
  LineType,
  MessageStatus,
  OutboxEntry,
  SandboxStats,
  WebhookDelivery,
} from './types.ts';
import { sendWebhook } from './webhook.ts';

/** A number set to fail: its messages end in `status` with `errorCode`. */
export interface PlannedFailure {
  errorCode: number;
  status: Extract<MessageStatus, 'failed' | 'undelivered'>;
}

/** Everything the sandbox's routes and controls share. One per running sandbox. */
export interface SandboxContext {
  accountSid: string;
  authToken: string;
  clock: Clock;
  deliverAfterMs: number;
  senderNumber: string;
  messagingServices: string[] | undefined;
  lineTypes: Record<string, LineType>;
  defaultLineType: LineType | undefined;
  scheduler: Scheduler;
  queue: SenderQueue;
  templates: TemplateBook;
  messages: Map<string, MessageRecord>;
  calls: Map<string, CallRecord>;
  /** E.164 numbers that sent STOP (or were opted out by hand): SMS to them fails with 21610. */
  optedOut: Set<string>;
  /** E.164 number → time (ms) of its last inbound WhatsApp message: the 24-hour window. */
  lastWhatsappInbound: Map<string, number>;
  failures: Map<string, PlannedFailure>;
  outbox: OutboxEntry[];
  webhooks: WebhookDelivery[];
  stats: SandboxStats;
  urls: { inboundUrl?: string; statusUrl?: string };
}

/** Posts a signed webhook and records it in the context's log. */
export function postWebhook(
  ctx: SandboxContext,
  kind: WebhookDelivery['kind'],
  url: string,
  params: WebhookParams,
  method: 'POST' | 'GET' = 'POST',
): Promise<WebhookDelivery> {
  return sendWebhook({
    kind,
    url,
    method,
    params,
    authToken: ctx.authToken,
    clock: ctx.clock,
    log: ctx.webhooks,
  });
}

export function nowMs(ctx: SandboxContext): number {
  return ctx.clock.now().getTime();
}
