import type { Clock } from '../../lib/clock.ts';
import type { OptOutType } from './keywords.ts';
import type { WebhookParams } from './signature.ts';

/** The line types Lookup v2's `line_type_intelligence.type` reports. */
export type LineType =
  | 'mobile'
  | 'landline'
  | 'fixedVoip'
  | 'nonFixedVoip'
  | 'tollFree'
  | 'personal'
  | 'premium'
  | 'sharedCost'
  | 'uan'
  | 'voicemail'
  | 'pager'
  | 'unknown';

export type MessageChannel = 'sms' | 'whatsapp';

/** The Message resource's `status` values (the spec's `message_enum_status`). */
export type MessageStatus =
  | 'queued'
  | 'sending'
  | 'sent'
  | 'failed'
  | 'delivered'
  | 'undelivered'
  | 'receiving'
  | 'received'
  | 'accepted'
  | 'scheduled'
  | 'read'
  | 'partially_delivered'
  | 'canceled';

export type CallStatus =
  'queued' | 'ringing' | 'in-progress' | 'completed' | 'busy' | 'failed' | 'no-answer' | 'canceled';

/** A Content API template the sandbox serves and accepts as `ContentSid`. */
export interface WhatsappTemplateSeed {
  /** `HX…`; generated when absent. */
  sid?: string;
  friendlyName: string;
  language?: string;
  /** The `twilio/text` body with `{{1}}`-style placeholders. */
  body: string;
  /** Default placeholder values, as the Content API's `variables`. */
  variables?: Record<string, string>;
  category?: 'UTILITY' | 'MARKETING' | 'AUTHENTICATION';
  /** WhatsApp approval status; `approved` by default. */
  status?: 'approved' | 'pending' | 'rejected' | 'paused' | 'disabled' | 'unsubmitted';
}

export interface TwilioSandboxOptions {
  /** 0 (any free port) by default. The sandbox listens on 127.0.0.1 only. */
  port?: number;
  /** `AC…`; generated when absent. Requests must authenticate with it. */
  accountSid?: string;
  /** Generated when absent. Requests must authenticate with it; webhooks are signed with it. */
  authToken?: string;
  /** Time for resources, the WhatsApp window and the delivery schedule. The system clock by default. */
  clock?: Clock;
  /** Delay between two steps of a message's life (queued → sent → delivered). 20 ms by default. */
  deliverAfterMs?: number;
  /** Line type per E.164 number, for Lookup and for SMS to landlines. */
  lineTypes?: Record<string, LineType>;
  /** Line type of numbers not in `lineTypes`; otherwise derived from libphonenumber's metadata. */
  defaultLineType?: LineType;
  /** Valid `MG…` SIDs. When absent, any well-formed `MG…` SID is accepted. */
  messagingServices?: string[];
  /** The number a messaging service sends from (and receives on). `+15017122661` by default. */
  senderNumber?: string;
  /**
   * Messages per second each sender (a `From` number or a messaging service) sends. Beyond it,
   * messages wait in the sender's queue as they do at Twilio; a message that would wait longer
   * than `maxQueueSeconds` (10 hours by default) is refused with 21611.
   */
  senderRate?: { perSecond: number; maxQueueSeconds?: number };
  /** Requests in flight beyond this answer 429 / 20429, as Twilio's concurrency limit. 100 by default. */
  maxConcurrentRequests?: number;
  /** Seeds for the Content API and `ContentSid`. */
  whatsappTemplates?: WhatsappTemplateSeed[];
  /** Where inbound messages are posted (see `configure`). */
  inboundUrl?: string;
  /** Where status callbacks go for messages created without `StatusCallback`. */
  statusUrl?: string;
}

/** One accepted request, in order, with everything it was sent with. */
export type OutboxEntry =
  | {
      kind: 'message';
      sid: string;
      at: Date;
      channel: MessageChannel;
      direction: 'outbound-api' | 'outbound-reply';
      to: string;
      from: string | null;
      messagingServiceSid: string | null;
      body: string;
      contentSid: string | null;
      contentVariables: Record<string, string> | null;
      statusCallback: string | null;
      params: WebhookParams;
    }
  | {
      kind: 'call';
      sid: string;
      at: Date;
      to: string;
      from: string;
      url: string | null;
      twiml: string | null;
      statusCallback: string | null;
      machineDetection: string | null;
      params: WebhookParams;
    };

/** One webhook the sandbox sent, with the answer it got. */
export interface WebhookDelivery {
  kind: 'message-status' | 'inbound-message' | 'call-status' | 'voice';
  url: string;
  method: 'POST' | 'GET';
  params: WebhookParams;
  signature: string;
  /** The HTTP status, or null when the request failed (connection refused, timeout). */
  status: number | null;
  body: string;
  at: Date;
}

export interface SandboxStats {
  /** API requests received (all hosts), including refused ones. */
  requests: number;
  /** The same by Twilio host (`api.twilio.com`, `lookups.twilio.com`, …), e.g. to count Lookups. */
  byHost: Record<string, number>;
  /** Requests answered 429 (fault switch or concurrency limit). */
  tooManyRequests: number;
  /** Requests answered 5xx by the fault switch. */
  serverErrors: number;
  /** Requests answered 401. */
  authFailures: number;
  /** Twilio error codes answered, with how often. */
  errors: Record<number, number>;
}

export interface InboundMessage {
  from: string;
  to: string;
  body: string;
  channel?: MessageChannel;
  numMedia?: number;
}

export interface InboundResult {
  sid: string;
  optOutType: OptOutType | undefined;
  /** The webhook's HTTP status (null when it could not be reached). */
  status: number | null;
  /** The TwiML the webhook answered. */
  twiml: string;
  /** SIDs of the `<Message>` replies the TwiML asked for. */
  replies: string[];
}

export interface AnswerCallOptions {
  /** An answering machine picks up (`AnsweredBy` machine_start / machine_end_beep with AMD). */
  machine?: boolean;
  /** Keys pressed at the first `<Gather>`; an array answers successive `<Gather>`s. */
  digits?: string | string[];
}

export interface CallWalk {
  answeredBy: string | null;
  /** Every TwiML document fetched, in order. */
  documents: Array<{
    url: string | null;
    params: WebhookParams;
    status: number | null;
    twiml: string;
  }>;
  finalStatus: CallStatus;
}

export interface SendStatusOptions {
  errorCode?: number;
  /** How many extra identical copies of the callback to send (Twilio may repeat callbacks). */
  duplicate?: number;
}
