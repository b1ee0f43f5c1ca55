import type { LineType } from '../domain/channel-choice.ts';
import { locationFor } from '../domain/practice.ts';
import { chooseReminderChannel, type NoReminderChannel } from '../domain/reminder-channel.ts';
import { reminderSpeech } from '../domain/reminder-speech.ts';
import { reminderText, type ReminderFacts } from '../domain/reminder-text.ts';
import { reminderContent } from '../domain/reminder-whatsapp.ts';
import { languageOf } from '../domain/reply-texts.ts';
import { isReminder } from '../store/message-log.ts';
import type { ReminderPlan } from '../store/reminder-book.ts';
import type { PatientContext } from './action-context.ts';
import { channelChoiceInput } from './best-channel.ts';
import { lineTypeOf } from './line-type.ts';
import type { OutreachDeps } from './outreach-deps.ts';

/** What one reminder step sends, where, and what the log, timeline and PMS note show of it. */
export type ReminderRoute = {
  /** The number it goes to (E.164): the mobile for a message, the first phone for a call. */
  to: string;
  lineType?: LineType;
  /** The words: the text, the WhatsApp template's reference text filled in, or the spoken reminder. */
  body: string;
  reason: string;
} & (
  | { channel: 'sms' }
  | { channel: 'whatsapp'; contentSid: string; contentVariables: Record<string, string> }
  | { channel: 'call' }
);

export type NoRoute = { channel: 'none'; why: NoReminderChannel; reason: string };

/**
 * The reminder's channel (src/domain/reminder-channel.ts: the best channel, email excepted, WhatsApp
 * only with an approved reminder template) and its words for that channel. The line type is looked
 * up when unknown, so a "mobile" that is a landline gets a call rather than a text that would fail.
 */
export async function routeReminder(
  deps: OutreachDeps,
  ctx: PatientContext,
  plan: ReminderPlan,
  step: string,
): Promise<ReminderRoute | NoRoute> {
  const entry = await deps.store.directory.get(plan.patientKey);
  const language = languageOf(entry?.language);
  const facts: ReminderFacts = {
    practiceName: deps.practice.name,
    locationName: locationFor(deps.practice, plan.clinicId).name,
    start: plan.start,
    timeZone: plan.timeZone,
  };
  const whatsapp = reminderContent(deps.practice, step, facts, language);
  const lineType = ctx.mobile ? await lineTypeOf(deps, ctx.mobile) : undefined;
  const choice = chooseReminderChannel(await channelChoiceInput(deps, ctx, lineType), {
    whatsappTemplate: whatsapp !== undefined,
  });
  const common = { reason: choice.reason, ...(lineType ? { lineType } : {}) };
  switch (choice.channel) {
    case 'none':
      return choice;
    case 'call':
      return {
        ...common,
        channel: 'call',
        to: ctx.phones[0]!,
        body: reminderSpeech(step, facts, language),
      };
    case 'whatsapp':
      return {
        ...common,
        channel: 'whatsapp',
        to: ctx.mobile!,
        body: whatsapp!.body,
        contentSid: whatsapp!.contentSid,
        contentVariables: whatsapp!.contentVariables,
      };
    case 'sms':
      return {
        ...common,
        channel: 'sms',
        to: ctx.mobile!,
        // The opt-out line goes in the first text of the conversation.
        body: reminderText(step, facts, language, !(await textedBefore(deps, plan))),
      };
  }
}

/** Whether an earlier step of this cadence already went by text (an earlier call does not count). */
async function textedBefore(deps: OutreachDeps, plan: ReminderPlan): Promise<boolean> {
  const times = Object.values(plan.sent).map((at) => Date.parse(at));
  if (times.length === 0) return false;
  const since = Math.min(...times);
  return (await deps.store.messages.forPatient(plan.patientKey, 20)).some(
    (m) => m.channel === 'sms' && isReminder(m) && Date.parse(m.sentAt) >= since,
  );
}
