import { chooseChannel, type ChannelChoiceInput } from './channel-choice.ts';

/**
 * Where an appointment reminder goes: the patient's best channel, chosen exactly as the "Choose
 * best channel" action chooses it (consent, opt-outs, line type, the channel the patient answered
 * on, the PMS preference), with two exceptions:
 * - email is HubSpot's own channel (the service sends none), so a patient whose best channel is
 *   email gets the next channel they can be reached on, or no reminder from the service;
 * - WhatsApp outside the 24-hour window delivers approved templates only, so without an approved
 *   reminder template the reminder goes by text when texting is allowed, else the next channel.
 */
export type ReminderChannel = 'sms' | 'whatsapp' | 'call';

/** Why no channel is left, as a short code a log line can carry (no patient data). */
export type NoReminderChannel = 'opted_out' | 'email_only' | 'no_whatsapp_template' | 'unreachable';

export type ReminderChannelChoice =
  | { channel: ReminderChannel; reason: string }
  | { channel: 'none'; why: NoReminderChannel; reason: string };

export interface ReminderChannelOptions {
  /** An approved WhatsApp reminder template is configured for the patient's language. */
  whatsappTemplate: boolean;
}

export function chooseReminderChannel(
  input: ChannelChoiceInput,
  o: ReminderChannelOptions,
): ReminderChannelChoice {
  const best = chooseChannel(input);
  if (best.channel === 'none')
    return {
      channel: 'none',
      why: input.optedOut ? 'opted_out' : 'unreachable',
      reason: best.reason,
    };
  const noEmail = { ...input.reach, email: false };
  let choice = best;
  let why: NoReminderChannel = 'unreachable';
  const notes: string[] = [];
  if (choice.channel === 'email') {
    choice = chooseChannel({ ...input, reach: noEmail });
    why = 'email_only';
    notes.push("email is HubSpot's own channel");
  }
  if (choice.channel === 'whatsapp' && !o.whatsappTemplate) {
    const closed = { ...noEmail, whatsapp: false };
    // A text first: it carries the same words, and most people read texts within minutes.
    const text = chooseChannel({ ...input, reach: { ...closed, call: false } });
    choice = text.channel === 'sms' ? text : chooseChannel({ ...input, reach: closed });
    if (why !== 'email_only') why = 'no_whatsapp_template';
    notes.push('no approved WhatsApp reminder template');
  }
  const channel = choice.channel;
  if (channel === 'none' || channel === 'email')
    return {
      channel: 'none',
      why,
      reason: `${notes.join('; ')}; no other channel reaches the patient`,
    };
  return {
    channel,
    reason: notes.length > 0 ? `${choice.reason} (${notes.join('; ')})` : choice.reason,
  };
}
