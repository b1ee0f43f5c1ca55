import type { CallStatus, MessageChannel, MessageStatus } from './types.ts';

/** A message as the sandbox keeps it; `message-json.ts` renders it as the spec's resource. */
export interface MessageRecord {
  sid: string;
  channel: MessageChannel;
  direction: 'outbound-api' | 'outbound-reply' | 'inbound';
  to: string;
  /** Null until a messaging service assigns its sender (at `sent`). */
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  numMedia: number;
  /** 0 for a messaging service's message until a sender is assigned, as Twilio reports it. */
  numSegments: number;
  status: MessageStatus;
  errorCode: number | null;
  price: string | null;
  priceUnit: string | null;
  dateCreated: Date;
  dateUpdated: Date;
  dateSent: Date | null;
  statusCallback: string | null;
  provideFeedback: boolean;
  /** Segments once sent (known from the start; Twilio shows it only once a sender is chosen). */
  billedSegments: number;
}

/** A call as the sandbox keeps it; `call-json.ts` renders it as the spec's resource. */
export interface CallRecord {
  sid: string;
  to: string;
  from: string;
  status: CallStatus;
  dateCreated: Date;
  dateUpdated: Date;
  startTime: Date | null;
  endTime: Date | null;
  answeredBy: string | null;
  price: string | null;
  url: string | null;
  method: 'POST' | 'GET';
  twiml: string | null;
  statusCallback: string | null;
  statusCallbackMethod: 'POST' | 'GET';
  /** Which progress events get a status callback; Twilio sends only `completed` by default. */
  statusCallbackEvents: Set<string>;
  machineDetection: string | null;
  /** Numbering of the call's status callbacks (`SequenceNumber`). */
  sequence: number;
  /** Progress events the call has reached, so each is reported once. */
  reached: Set<string>;
  phoneNumberSid: string;
}
