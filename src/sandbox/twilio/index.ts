/**
 * The Twilio stand-in: `startTwilioSandbox(options)` serves the Messages, Calls, Lookup v2 and
 * Content API shapes of ../shared/specs/twilio/ on 127.0.0.1, signs its webhooks as Twilio does
 * and lets tests drive delivery, replies and calls. The real `twilio` package reaches it through
 * `createLocalTwilioHttpClient(sandbox.baseUrl)` (src/messaging/local-http-client.ts).
 *
 * Where Twilio answers later rather than at once, so does the sandbox: a US/CA/GB landline is
 * accepted and comes back `undelivered` with 30006 (other countries: 400 / 21635 at once);
 * WhatsApp freeform text outside the 24-hour window is accepted and `failed` with 63016; a
 * marketing template to +1 is `failed` with 63049. A sender over its `senderRate` queues (as a
 * messaging service does, up to 10 hours, then 21611); 429 / 20429 comes from the concurrency
 * limit or `fail429`. Opt-outs are per recipient number for the whole account.
 */
export { startTwilioSandbox } from './sandbox.ts';
export type { TwilioSandbox } from './twilio-sandbox.ts';
export type {
  AnswerCallOptions,
  CallStatus,
  CallWalk,
  InboundMessage,
  InboundResult,
  LineType,
  MessageChannel,
  MessageStatus,
  OutboxEntry,
  SandboxStats,
  SendStatusOptions,
  TwilioSandboxOptions,
  WebhookDelivery,
  WhatsappTemplateSeed,
} from './types.ts';
export { signTwilioRequest, type WebhookParams } from './signature.ts';
export { segmentCount, smsEncoding, type SmsEncoding } from '../../domain/sms-segments.ts';
export { optOutType, type OptOutType } from './keywords.ts';
export { parseTwiml, findElement, findElements, type TwimlElement } from './twiml.ts';
export {
  startWebhookRecorder,
  type WebhookRecorder,
  type RecordedWebhook,
} from './webhook-recorder.ts';
