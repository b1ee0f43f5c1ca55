import type { Twilio } from 'twilio';
import type { LineType } from '../domain/channel-choice.ts';
import { toMessagingError } from './messaging-errors.ts';

/** The buckets of Twilio calls in the shared limiter. */
export const TWILIO_MESSAGES_BUCKET = 'twilio-messages';
export const TWILIO_API_BUCKET = 'twilio-api';

export type OutboundMessage =
  | { channel: 'sms'; to: string; body: string; statusCallback: string }
  | {
      channel: 'whatsapp';
      to: string;
      contentSid: string;
      contentVariables: Record<string, string>;
      statusCallback: string;
    };

export interface SentMessage {
  sid: string;
  status: string;
}

export interface OutboundCall {
  to: string;
  /** Where Twilio fetches the call's TwiML when it is answered. */
  url: string;
  statusCallback: string;
}

/**
 * The one messaging adapter: SMS, WhatsApp and voice through Twilio, neutral types in and out, so
 * no Twilio type leaves this folder. Every message passes the shared limiter sized to the
 * sender's throughput, so a backlog waits in Redis rather than in Twilio's queue.
 */
export interface Messenger {
  send(message: OutboundMessage): Promise<SentMessage>;
  placeCall(call: OutboundCall): Promise<{ sid: string }>;
  /** The line type Twilio Lookup reports for a number (undefined when it cannot tell). */
  lookupLineType(e164: string): Promise<LineType | undefined>;
  /**
   * What Twilio charged for a message, once it says (a negative decimal string and its currency):
   * status callbacks carry no price, the Message resource does, a while after the final status.
   */
  priceOf(sid: string): Promise<{ price: string; unit: string } | undefined>;
}

/** The shared limiter, as far as this adapter needs it (src/store's RateLimiter fits). */
export interface Throttle {
  acquire(bucket: string): Promise<unknown>;
}

export interface TwilioMessengerOptions {
  client: Twilio;
  limiter: Throttle;
  /** Sends SMS and WhatsApp (its WhatsApp sender) through Twilio's queueing and opt-out handling. */
  messagingServiceSid: string;
  /** The Twilio number calls come from. */
  voiceFrom: string;
}

export function createTwilioMessenger(o: TwilioMessengerOptions): Messenger {
  const guarded = async <T>(bucket: string, call: () => Promise<T>): Promise<T> => {
    await o.limiter.acquire(bucket);
    try {
      return await call();
    } catch (error) {
      throw toMessagingError(error);
    }
  };
  return {
    send(m) {
      return guarded(TWILIO_MESSAGES_BUCKET, async () => {
        const created =
          m.channel === 'sms'
            ? await o.client.messages.create({
                to: m.to,
                body: m.body,
                messagingServiceSid: o.messagingServiceSid,
                statusCallback: m.statusCallback,
              })
            : await o.client.messages.create({
                to: `whatsapp:${m.to}`,
                contentSid: m.contentSid,
                contentVariables: JSON.stringify(m.contentVariables),
                messagingServiceSid: o.messagingServiceSid,
                statusCallback: m.statusCallback,
              });
        return { sid: created.sid, status: created.status };
      });
    },
    placeCall(c) {
      return guarded(TWILIO_API_BUCKET, async () => {
        const call = await o.client.calls.create({
          to: c.to,
          from: o.voiceFrom,
          url: c.url,
          statusCallback: c.statusCallback,
          machineDetection: 'DetectMessageEnd',
        });
        return { sid: call.sid };
      });
    },
    lookupLineType(e164) {
      return guarded(TWILIO_API_BUCKET, async () => {
        const result = await o.client.lookups.v2
          .phoneNumbers(e164)
          .fetch({ fields: 'line_type_intelligence' });
        const type = (result.lineTypeIntelligence as { type?: string } | null)?.type;
        return type ?? undefined;
      });
    },
    priceOf(sid) {
      return guarded(TWILIO_API_BUCKET, async () => {
        const message = await o.client.messages(sid).fetch();
        return message.price && message.priceUnit
          ? { price: message.price, unit: message.priceUnit }
          : undefined;
      });
    },
  };
}
