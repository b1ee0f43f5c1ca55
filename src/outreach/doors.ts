import type { CardAction, CardActionResult, CardView } from './card-view.ts';

/**
 * What the doors of `webhooks/` hand over to the service once a caller is verified and its body
 * validated: plain typed requests, no express, no SDK types. The doors depend on this interface,
 * never on how the service implements it.
 */

export const ACTION_NAMES = ['send-sms', 'send-whatsapp', 'call', 'best-channel'] as const;
export type ActionName = (typeof ACTION_NAMES)[number];

/** One execution of a custom workflow action, as HubSpot delivered it. */
export interface ActionExecution {
  action: ActionName;
  /** HubSpot's id of this execution: the idempotency key, and the callback to complete. */
  callbackId: string;
  portalId: number;
  workflowId?: string;
  actionDefinitionId?: number;
  /** The enrolled contact's HubSpot id. */
  contactId: string;
  /** The action's input fields, as strings (HubSpot sends static values and property values alike). */
  inputs: Record<string, string>;
  /** When the door received it (ISO 8601). */
  receivedAt: string;
}

/** Output fields of an action (`hs_execution_state` and the action's own outputs). */
export type ActionOutputs = Record<string, string>;

/** A Twilio status callback for a message we sent. */
export interface MessageStatusUpdate {
  messageSid: string;
  /** queued, sending, sent, delivered, undelivered, failed, read, accepted, scheduled, canceled… */
  status: string;
  errorCode?: number;
  accountSid: string;
  to?: string;
  from?: string;
  /** Twilio's price for the message when it gives one (a negative decimal string) and its unit. */
  price?: string;
  priceUnit?: string;
}

/** A message a patient sent us (SMS or WhatsApp). */
export interface InboundMessage {
  messageSid: string;
  accountSid: string;
  channel: 'sms' | 'whatsapp';
  /** E.164, without the `whatsapp:` prefix. */
  from: string;
  to: string;
  body: string;
  /** Twilio's Advanced Opt-Out verdict, when on. */
  optOutType?: 'STOP' | 'START' | 'HELP';
  numMedia: number;
}

/** One HubSpot CRM webhook event (an array of them arrives per request). */
export interface CrmEvent {
  eventId: string;
  subscriptionType: string;
  portalId: number;
  objectId: string;
  occurredAt: number;
  propertyName?: string;
  propertyValue?: string;
  changeSource?: string;
  attemptNumber?: number;
}

/** A Twilio voice webhook for a call we placed (the answer, a key pressed, the end of the call). */
export interface VoiceRequest {
  /** The step of the call flow the URL names (e.g. `answer`, `menu`, `status`). */
  step: string;
  callSid: string;
  accountSid: string;
  to?: string;
  from?: string;
  callStatus?: string;
  answeredBy?: string;
  digits?: string;
  /** Query parameters of the step URL (our own, e.g. an opaque call token). */
  query: Record<string, string>;
}

/** The service behind the doors. */
export interface OutreachService {
  /** Queues a send action; the door has already made sure this callbackId is handled once. */
  enqueueAction(execution: ActionExecution): Promise<void>;
  /** Answers "Choose best channel" at once. */
  bestChannel(execution: ActionExecution): Promise<ActionOutputs>;
  handleMessageStatus(update: MessageStatusUpdate): Promise<void>;
  /** Handles an inbound message; returns the TwiML to answer Twilio with (usually empty). */
  handleInbound(message: InboundMessage): Promise<string>;
  handleCrmEvents(events: CrmEvent[]): Promise<void>;
  /** Returns the TwiML for a step of an automated call. */
  handleVoice(request: VoiceRequest): Promise<string>;
  /** A patient followed their booking link: where to send them, or a page to show. */
  followBookingLink(token: string): Promise<BookingLinkAnswer>;
  /** What the contact-record card shows. */
  cardView(contactId: string): Promise<CardView>;
  /** A button on the card (pause, resume, send-link, do-not-contact). */
  cardAction(contactId: string, action: CardAction): Promise<CardActionResult>;
}

export type BookingLinkAnswer = { kind: 'redirect'; url: string } | { kind: 'page'; html: string };
