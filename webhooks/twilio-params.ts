import { z } from 'zod';
import type { InboundMessage, MessageStatusUpdate, VoiceRequest } from '../src/outreach/doors.ts';

/**
 * Twilio's webhook parameters (form fields, or the query of a GET). Twilio adds parameters at any
 * time, so unknown ones are ignored; the ones read here are checked for shape only.
 */

const sid = (prefix: string) =>
  z.string().regex(new RegExp(`^${prefix}[0-9a-fA-F]{32}$`), `expected a ${prefix}… SID`);

/** Message SIDs are SM… or MM…; any two-letter prefix is accepted in case Twilio adds one. */
const MessageSid = sid('[A-Z]{2}');
const AccountSid = sid('AC');
const CallSid = sid('CA');
/** A phone number or address (`+15551234567`, `whatsapp:+15551234567`, a short code). */
const Address = z.string().min(1).max(64);
/** A status or keyword word: `delivered`, `in-progress`, `machine_start`. */
const Word = z
  .string()
  .max(40)
  .regex(/^[A-Za-z0-9_-]*$/, 'expected a single word');
const Count = z
  .string()
  .regex(/^\d{1,4}$/, 'expected a count')
  .transform(Number);
/** `ErrorCode` is a number; an empty value means none. */
const ErrorCode = z
  .string()
  .regex(/^\d{0,6}$/, 'expected a numeric error code')
  .transform((v) => (v === '' ? undefined : Number(v)));

export const StatusParams = z.object({
  MessageSid,
  MessageStatus: Word.min(1),
  AccountSid,
  ErrorCode: ErrorCode.optional(),
  To: Address.optional(),
  From: Address.optional(),
  Price: z
    .string()
    .max(20)
    .regex(/^-?\d*\.?\d*$/, 'expected a decimal')
    .optional(),
  PriceUnit: z.string().max(10).optional(),
});

export function toStatusUpdate(p: z.infer<typeof StatusParams>): MessageStatusUpdate {
  return {
    messageSid: p.MessageSid,
    status: p.MessageStatus,
    accountSid: p.AccountSid,
    ...(p.ErrorCode === undefined ? {} : { errorCode: p.ErrorCode }),
    ...(p.To === undefined ? {} : { to: p.To }),
    ...(p.From === undefined ? {} : { from: p.From }),
    ...(p.Price ? { price: p.Price } : {}),
    ...(p.PriceUnit ? { priceUnit: p.PriceUnit } : {}),
  };
}

export const InboundParams = z.object({
  MessageSid,
  AccountSid,
  From: Address,
  To: Address,
  // SMS bodies are at most 1,600 characters and WhatsApp's 4,096; the form bounds the rest.
  Body: z.string().max(20_000),
  NumMedia: Count,
  OptOutType: z.string().max(20).optional(),
});

const OPT_OUT_TYPES = ['STOP', 'START', 'HELP'] as const;
const WHATSAPP = /^whatsapp:/i;

export function toInboundMessage(p: z.infer<typeof InboundParams>): InboundMessage {
  // An unknown OptOutType value is dropped rather than refused: losing a patient's message
  // (perhaps a STOP) would be worse; the service reads the body itself as well.
  const optOutType = OPT_OUT_TYPES.find((t) => t === p.OptOutType?.toUpperCase());
  return {
    messageSid: p.MessageSid,
    accountSid: p.AccountSid,
    channel: WHATSAPP.test(p.From) || WHATSAPP.test(p.To) ? 'whatsapp' : 'sms',
    from: p.From.replace(WHATSAPP, ''),
    to: p.To.replace(WHATSAPP, ''),
    body: p.Body,
    ...(optOutType ? { optOutType } : {}),
    numMedia: p.NumMedia,
  };
}

export const VoiceParams = z.object({
  CallSid,
  AccountSid,
  To: Address.optional(),
  From: Address.optional(),
  CallStatus: Word.optional(),
  AnsweredBy: Word.optional(),
  Digits: z
    .string()
    .max(64)
    .regex(/^[0-9*#A-Za-z]*$/, 'expected keypad digits or hangup')
    .optional(),
});

/** The step names our call flow uses in its URLs. */
export const VoiceStep = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/);

export function toVoiceRequest(
  step: string,
  p: z.infer<typeof VoiceParams>,
  query: Record<string, string>,
): VoiceRequest {
  return {
    step,
    callSid: p.CallSid,
    accountSid: p.AccountSid,
    ...(p.To === undefined ? {} : { to: p.To }),
    ...(p.From === undefined ? {} : { from: p.From }),
    ...(p.CallStatus === undefined ? {} : { callStatus: p.CallStatus }),
    ...(p.AnsweredBy === undefined ? {} : { answeredBy: p.AnsweredBy }),
    ...(p.Digits === undefined ? {} : { digits: p.Digits }),
    query,
  };
}
