import type {
  AnswerCallOptions,
  CallStatus,
  CallWalk,
  InboundMessage,
  InboundResult,
  LineType,
  MessageStatus,
  OutboxEntry,
  SandboxStats,
  SendStatusOptions,
  WebhookDelivery,
} from './types.ts';

/** A running Twilio stand-in and the controls a test (or the embedded demo) drives it with. */
export interface TwilioSandbox {
  /** `http://127.0.0.1:<port>`: give it to `createLocalTwilioHttpClient`. */
  readonly baseUrl: string;
  readonly port: number;
  readonly accountSid: string;
  /** Webhooks are signed with it; requests must authenticate with it. */
  readonly authToken: string;
  /** Every accepted message and call, in order, with all its parameters. */
  readonly outbox: readonly OutboxEntry[];
  /** Every webhook sent (status callbacks, inbound messages, voice), in order, with the answer. */
  readonly webhooks: readonly WebhookDelivery[];
  readonly stats: Readonly<SandboxStats>;

  /** Where inbound messages go, and status callbacks of messages without their own `StatusCallback`. */
  configure(urls: { inboundUrl?: string; statusUrl?: string }): void;
  /** The Message resource as the API would return it now. Throws for an unknown SID. */
  message(sid: string): Record<string, unknown>;
  /** The Call resource as the API would return it now. Throws for an unknown SID. */
  call(sid: string): Record<string, unknown>;
  /** Messages accepted but not yet sent (all senders, or one `From` number / `MG…` service). */
  queueLength(sender?: string): number;

  /** Puts a number on the STOP list (as an SMS STOP would): SMS to it fails with 21610. */
  optOut(number: string): void;
  optIn(number: string): void;
  isOptedOut(number: string): boolean;
  /** Messages to `number` end in `status` (undelivered by default) with `errorCode`. */
  failNumber(number: string, errorCode: number, status?: 'undelivered' | 'failed'): void;
  clearFailure(number: string): void;
  setLineType(number: string, type: LineType): void;

  /** A patient's message arrives: Twilio's STOP/START handling, then the signed inbound webhook. */
  inbound(message: InboundMessage): Promise<InboundResult>;
  /** Posts a status callback now (and sets the resource); the message's automatic steps stop. */
  sendStatus(sid: string, status: MessageStatus, options?: SendStatusOptions): Promise<void>;
  /** Posts `delivered`, then `sent`; the resource ends delivered. */
  deliverOutOfOrder(sid: string): Promise<void>;
  /** Runs every pending step now (callbacks awaited), including the steps they lead to. */
  flush(): Promise<void>;
  /** Runs the steps due at the clock's time: call after moving an injected clock. */
  runDue(): Promise<void>;
  /** Steps still scheduled (message statuses, call progress). */
  pendingSteps(): number;

  /** Answers a ringing call and walks its TwiML (`<Gather>` with `digits`, `<Redirect>`), then hangs up. */
  answerCall(sid: string, options?: AnswerCallOptions): Promise<CallWalk>;
  /** Ends an unanswered call. */
  endCall(
    sid: string,
    status: Extract<CallStatus, 'busy' | 'no-answer' | 'failed' | 'canceled'>,
  ): Promise<void>;

  /** The next `count` API requests answer 429 / 20429 (optionally with `Retry-After`). */
  fail429(count: number, options?: { retryAfterSeconds?: number }): void;
  /** The next `count` API requests answer 500 / 20500 (or 503 / 20503). */
  fail5xx(count: number, status?: 500 | 503): void;
  /** Every API request waits `ms` before it is answered (0 to stop). */
  latency(ms: number): void;
  stop(): Promise<void>;
}
