import type { ContactPreference } from './records.ts';
import type { Reachability } from './reachability.ts';

/**
 * Which channel to reach a patient on, and why (the "Choose best channel" action explains its
 * answer with `reason`). In order:
 * 1. Rules first: an opt-out closes every channel; a channel needs its consent and a usable
 *    address (reachability); a landline cannot take a text or a WhatsApp message.
 * 2. The patient's own behaviour: the channel they answered on before.
 * 3. What the PMS says they prefer (text, mobile, email, home or work phone).
 * 4. Otherwise text, then WhatsApp (only with an explicit opt-in), then email, then a call: texts
 *    are read within minutes by most people, and a call costs front-desk time.
 */
export const CHANNELS = ['sms', 'whatsapp', 'email', 'call'] as const;
export type Channel = (typeof CHANNELS)[number];
export type ChannelAnswer = Channel | 'none';

/** Line types as Twilio Lookup names them. */
export type LineType =
  | 'mobile'
  | 'landline'
  | 'fixedVoip'
  | 'nonFixedVoip'
  | 'tollFree'
  | 'personal'
  | 'pager'
  | 'unknown'
  | (string & {});

export interface ChannelChoiceInput {
  reach: Pick<Reachability, 'sms' | 'email' | 'call' | 'whatsapp'>;
  optedOut: boolean;
  contactPreference: ContactPreference;
  /** Line type of the mobile number, when looked up. */
  mobileLineType?: LineType;
  /** The channel the patient last replied on. */
  answeredOn?: Channel;
}

export interface ChannelChoice {
  channel: ChannelAnswer;
  reason: string;
}

const CANNOT_TEXT: ReadonlySet<string> = new Set(['landline', 'fixedVoip', 'tollFree', 'pager']);

const PREFERENCE: Partial<Record<ContactPreference, Channel[]>> = {
  text: ['sms'],
  mobile_phone: ['sms', 'call'],
  email: ['email'],
  home_phone: ['call'],
  work_phone: ['call'],
};

export function chooseChannel(input: ChannelChoiceInput): ChannelChoice {
  if (input.optedOut) return { channel: 'none', reason: 'opted out: no channel may be used' };
  const landline = input.mobileLineType !== undefined && CANNOT_TEXT.has(input.mobileLineType);
  const open: Record<Channel, boolean> = {
    sms: input.reach.sms && !landline,
    whatsapp: input.reach.whatsapp && !landline,
    email: input.reach.email,
    call: input.reach.call,
  };
  if (!CHANNELS.some((c) => open[c])) {
    return {
      channel: 'none',
      reason:
        landline && input.reach.sms
          ? 'the mobile number is a landline and no other channel is open'
          : 'no channel with consent and a valid address',
    };
  }
  if (input.answeredOn && open[input.answeredOn])
    return { channel: input.answeredOn, reason: `answered by ${label(input.answeredOn)} before` };
  for (const c of PREFERENCE[input.contactPreference] ?? []) {
    if (open[c])
      return {
        channel: c,
        reason: `the practice records a preference for ${input.contactPreference.replace('_', ' ')}`,
      };
  }
  const fallback = CHANNELS.find((c) => open[c])!;
  const skipped = landline && input.reach.sms ? ' (the mobile number is a landline)' : '';
  return {
    channel: fallback,
    reason: `${label(fallback)} is the most responsive open channel${skipped}`,
  };
}

function label(channel: Channel): string {
  return { sms: 'text', whatsapp: 'WhatsApp', email: 'email', call: 'phone' }[channel];
}
