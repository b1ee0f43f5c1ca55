import { locationFor } from '../domain/practice.ts';
import { classifyReply, type ReplyIntent } from '../domain/reply-classifier.ts';
import { languageOf, replyTexts, type ReplyFacts } from '../domain/reply-texts.ts';
import { maskClinicalDetail } from '../domain/mask-clinical.ts';
import type { DirectoryEntry } from '../store/contact-directory.ts';
import type { InboundMessage } from './doors.ts';
import { recordEvent } from './events.ts';
import { dimensionsOf } from './event-dimensions.ts';
import { handOff } from './hand-off.ts';
import type { OutreachDeps } from './outreach-deps.ts';
import { optBackIn, optOutEverywhere } from './opt-out.ts';
import { queueCrmWrite } from './propagation.ts';
import { messageTwiml } from './twiml.ts';
import { writeBack } from './write-back.ts';
import { handleReminderReply, inReminderConversation } from './reminder-replies.ts';

interface Sender {
  key: string;
  entry: DirectoryEntry;
}

/**
 * A message from a patient (SMS or WhatsApp). Every patient the number reaches is concerned (a
 * parent's number reaches the children). The reply is logged on their timelines (clinical words
 * masked), then understood and acted on; the answer, if any, goes back in the TwiML. When Twilio's
 * Advanced Opt-Out already answered a STOP, START or HELP keyword, the service does not answer
 * twice: one confirmation only.
 */
export async function handleInbound(deps: OutreachDeps, m: InboundMessage): Promise<string> {
  const senders = await sendersOf(deps, m.from);
  const main = senders[0];
  const location = locationFor(deps.practice, main?.entry.clinicId);
  const facts: ReplyFacts = {
    practiceName: deps.practice.name,
    phone: location.phone,
    region: deps.practice.defaultRegion,
  };
  const language = languageOf(main?.entry.language);
  const twilioAnswered = m.optOutType !== undefined;
  if (!main) {
    // Nobody we know: no content in the log, the number honoured if it said stop, and HELP.
    deps.logger.info(
      { messageSid: m.messageSid, channel: m.channel },
      'reply from a number that matches no patient',
    );
    if (m.optOutType === 'STOP' || classifyReply(m.body) === 'opt_out')
      await deps.store.optOuts.add({ phone: m.from });
    return messageTwiml(twilioAnswered ? undefined : replyTexts.help(facts, language));
  }
  const optedOut = await deps.store.optOuts.isOptedOut({ patientKey: main.key, phone: m.from });
  const reminder = await inReminderConversation(
    deps,
    senders.map((s) => s.key),
  );
  const conversation = reminder ? 'reminder' : 'reactivation';
  // Twilio flags YES as an opt-in keyword (START) whoever sends it. From a patient who has not
  // opted out it is an answer ("yes, I'll be there", "yes, book me"), read like any other reply;
  // START and UNSTOP still read as an opt-in.
  const intent: ReplyIntent =
    m.optOutType === 'STOP'
      ? 'opt_out'
      : m.optOutType === 'START' && optedOut
        ? 'opt_in'
        : m.optOutType === 'HELP'
          ? 'help'
          : classifyReply(m.body, { optedOut, conversation });
  const at = deps.clock.now();
  const source = `${m.channel}_${twilioAnswered ? 'keyword' : 'reply'}`;
  // An opt-out acts before anything else touches HubSpot or the PMS (either may be down).
  if (intent === 'opt_out') {
    for (const s of senders)
      await optOutEverywhere(deps, {
        patientKey: s.key,
        phone: m.from,
        source,
        ...(s.entry.contactId ? { contactId: s.entry.contactId } : {}),
      });
  }
  for (const s of senders) {
    await deps.store.replies.record(s.key, { channel: m.channel, at: at.toISOString(), intent });
    const last = (await deps.store.messages.forPatient(s.key, 1))[0];
    await recordEvent(deps, {
      type: 'replied',
      patientKey: s.key,
      ...dimensionsOf(last),
      channel: m.channel,
    });
    await writeBack(deps, `reply:${m.messageSid}:${s.key}`, {
      kind: 'communication',
      patientKey: s.key,
      at: at.toISOString(),
      mode: 'text',
      direction: 'received',
      note: `Patient replied by ${m.channel === 'sms' ? 'text' : 'WhatsApp'}: ${m.body}`,
    });
    if (s.entry.contactId) await logReply(deps, s.entry.contactId, m, intent, at);
  }
  deps.logger.info(
    { messageSid: m.messageSid, intent, patients: senders.length },
    'reply understood',
  );
  /**
   * The answer Twilio sends back from the TwiML: a message to the patient like any other, so it
   * is written to the PMS chart too (the front desk reads the whole conversation there).
   */
  const answer = async (text: string | undefined): Promise<string> => {
    if (text !== undefined)
      for (const s of senders)
        await writeBack(deps, `answer:${m.messageSid}:${s.key}`, {
          kind: 'communication',
          patientKey: s.key,
          at: at.toISOString(),
          mode: 'text',
          direction: 'sent',
          note: `Automatic answer by ${m.channel === 'sms' ? 'text' : 'WhatsApp'}: ${text}`,
        });
    return messageTwiml(text);
  };
  switch (intent) {
    case 'opt_out':
      // CANCEL after a reminder is a carrier opt-out keyword (Twilio has blocked the number and
      // the opt-out stands), but it is about the visit too: the front desk gets the task.
      if (reminder && classifyReply(m.body, { conversation }) === 'handoff')
        await handleReminderReply(
          deps,
          senders.map((s) => s.key),
          'handoff',
          m.body,
          { optedOut: true },
        );
      return answer(twilioAnswered ? undefined : replyTexts.optOutConfirmation(facts, language));
    case 'opt_in':
      // Only someone who opted out can opt back in: read any other way, it may be a stop request
      // misunderstood, and it goes to a person instead.
      if (!optedOut && !twilioAnswered) {
        if (main.entry.contactId)
          await handOff(deps, {
            patientKey: main.key,
            contactId: main.entry.contactId,
            reason: 'the patient replied and needs a person',
            words: m.body,
            type: 'TODO',
          });
        return answer(replyTexts.handedOff(facts, language));
      }
      for (const s of senders)
        await optBackIn(deps, {
          patientKey: s.key,
          phone: m.from,
          source,
          ...(s.entry.contactId ? { contactId: s.entry.contactId } : {}),
        });
      return answer(twilioAnswered ? undefined : replyTexts.optInConfirmation(facts, language));
    case 'help':
      return answer(twilioAnswered ? undefined : replyTexts.help(facts, language));
    case 'book':
      return answer(await bookingAnswer(deps, senders, facts, language));
    case 'wrong_number':
      await wrongNumber(deps, senders, m);
      return answer(replyTexts.wrongNumber(facts, language));
    case 'confirm':
      return answer(
        await handleReminderReply(
          deps,
          senders.map((s) => s.key),
          'confirm',
          m.body,
        ),
      );
    case 'handoff':
      if (reminder)
        return answer(
          await handleReminderReply(
            deps,
            senders.map((s) => s.key),
            'handoff',
            m.body,
          ),
        );
      if (main.entry.contactId)
        await handOff(deps, {
          patientKey: main.key,
          contactId: main.entry.contactId,
          reason: 'the patient replied and needs a person',
          words: m.body,
          type: 'TODO',
        });
      return answer(replyTexts.handedOff(facts, language));
  }
}

/** The reply on the contact's timeline, best effort: HubSpot being down must not lose the reply's effect. */
async function logReply(
  deps: OutreachDeps,
  contactId: string,
  m: InboundMessage,
  intent: ReplyIntent,
  at: Date,
): Promise<void> {
  try {
    await deps.timeline.logMessage({
      contactId,
      channel: m.channel,
      body: `Reply from the patient (${intent.replace('_', ' ')}): ${maskClinicalDetail(m.body)}`,
      at,
    });
  } catch (error) {
    deps.logger.warn(
      { messageSid: m.messageSid, error: (error as Error).message },
      'reply not logged on the timeline',
    );
  }
}

/** The patients a number reaches, the one whose own number it is first. */
async function sendersOf(deps: OutreachDeps, phone: string): Promise<Sender[]> {
  const senders: Sender[] = [];
  for (const key of await deps.store.directory.keysOfPhone(phone)) {
    const entry = await deps.store.directory.get(key);
    if (entry) senders.push({ key, entry });
  }
  return senders.sort(
    (a, b) => Number(b.entry.phones[0] === phone) - Number(a.entry.phones[0] === phone),
  );
}

async function bookingAnswer(
  deps: OutreachDeps,
  senders: Sender[],
  facts: ReplyFacts,
  language: 'en' | 'es',
): Promise<string> {
  const links: { firstName?: string; link: string }[] = [];
  for (const s of senders) {
    if (!s.entry.contactId) continue;
    const contact = await deps.contacts.read(s.entry.contactId);
    const link = contact?.properties.reactivation_booking_link;
    if (link)
      links.push({
        ...(contact.properties.firstname ? { firstName: contact.properties.firstname } : {}),
        link,
      });
  }
  return links.length > 0
    ? replyTexts.bookingLinks(facts, language, links)
    : replyTexts.help(facts, language);
}

/** "Wrong number": that number is never used again, for anyone; the patients stay. */
async function wrongNumber(
  deps: OutreachDeps,
  senders: Sender[],
  m: InboundMessage,
): Promise<void> {
  await deps.store.optOuts.add({ phone: m.from });
  for (const s of senders) {
    await deps.store.directory.dropPhone(s.key, m.from);
    if (!s.entry.contactId) continue;
    const contact = await deps.contacts.read(s.entry.contactId);
    if (
      contact?.properties.mobilephone &&
      contact.properties.mobilephone.replace(/[^\d+]/g, '') === m.from
    ) {
      await queueCrmWrite(deps, {
        contactId: s.entry.contactId,
        properties: { mobilephone: '' },
        reason: 'wrong number',
      });
    }
  }
  const main = senders[0]!;
  if (main.entry.contactId)
    await handOff(deps, {
      patientKey: main.key,
      contactId: main.entry.contactId,
      reason: 'someone answered that this is a wrong number; the number was removed',
      type: 'TODO',
    });
}
