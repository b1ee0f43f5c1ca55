import { locationFor } from '../domain/practice.ts';
import {
  reminderCallMenu,
  reminderConfirmedSpeech,
  reminderSpeech,
  reminderVoicemail,
} from '../domain/reminder-speech.ts';
import { languageOf, national, type ReplyLanguage } from '../domain/reply-texts.ts';
import type { MessageRecord } from '../store/message-log.ts';
import type { VoiceRequest } from './doors.ts';
import { dimensionsOf } from './event-dimensions.ts';
import { recordEvent } from './events.ts';
import type { OutreachDeps } from './outreach-deps.ts';
import { optOutEverywhere } from './opt-out.ts';
import { handleReminderReply } from './reminder-replies.ts';
import { dialable, escapeXml } from './twiml.ts';
import { writeBack } from './write-back.ts';

const XML = '<?xml version="1.0" encoding="UTF-8"?>';

/**
 * The automated reminder call (a landline, or a patient who prefers a call). The words come from
 * the appointment as it stands when the call is answered (src/domain/reminder-speech.ts): the
 * practice, the day and time, the office, nothing clinical. 1 confirms, exactly as a "C" text
 * does (src/outreach/reminder-replies.ts); 2 connects to the office's front desk, as the
 * reactivation call does; 9 is an opt-out on every channel. A machine gets a short voicemail with
 * the day and time and the office's number.
 */
export async function reminderCallTwiml(
  deps: OutreachDeps,
  call: MessageRecord,
  r: VoiceRequest,
): Promise<string> {
  const plan = await deps.store.reminders.get(call.patientKey);
  const entry = await deps.store.directory.get(call.patientKey);
  const language = languageOf(entry?.language);
  const location = locationFor(deps.practice, plan?.clinicId ?? entry?.clinicId);
  const phone = national(location.phone, deps.practice.defaultRegion);
  const say = (text: string): string =>
    `<Say language="${language === 'es' ? 'es-US' : 'en-US'}">${escapeXml(text)}</Say>`;
  const hangUp = (text: string): string => `${XML}<Response>${say(text)}<Hangup/></Response>`;
  const callUs =
    language === 'es'
      ? `Le llama ${deps.practice.name}. Por favor llamenos al ${phone}.`
      : `This is ${deps.practice.name}. Please call us at ${phone}.`;
  // The appointment moved or was cancelled since the call went out: nothing to remind of.
  if (!plan || plan.status === 'cancelled') return hangUp(callUs);
  const facts = {
    practiceName: deps.practice.name,
    locationName: location.name,
    start: plan.start,
    timeZone: plan.timeZone,
  };
  const gather = (text: string): string =>
    `<Gather numDigits="1" timeout="8" action="${escapeXml(`${deps.publicBaseUrl}/twilio/voice/menu`)}" method="POST">${text}</Gather>`;
  if (r.step === 'answer') {
    if (r.answeredBy?.startsWith('machine'))
      return hangUp(reminderVoicemail(facts, phone, language));
    const step = call.templateId?.replace(/^reminder\./, '') ?? '';
    return `${XML}<Response>${gather(say(reminderSpeech(step, facts, language)) + say(reminderCallMenu(language)))}${say(thanks(phone, language))}<Hangup/></Response>`;
  }
  if (r.step !== 'menu') return `${XML}<Response><Hangup/></Response>`;
  switch (r.digits) {
    case '1': {
      await answered(deps, call, 'confirm', 'pressed 1 (confirm) on the reminder call');
      const confirmed = await handleReminderReply(deps, [call.patientKey], 'confirm', 'pressed 1');
      return hangUp(confirmed ? reminderConfirmedSpeech(facts, language) : callUs);
    }
    case '2':
      await answered(deps, call, 'handoff', 'pressed 2 (front desk) on the reminder call');
      return `${XML}<Response>${say(language === 'es' ? 'Le comunicamos con recepcion.' : 'Connecting you to our front desk.')}<Dial>${escapeXml(dialable(location.phone, deps.practice.defaultRegion))}</Dial></Response>`;
    case '9':
      await optOutEverywhere(deps, {
        patientKey: call.patientKey,
        contactId: call.contactId,
        ...(r.to ? { phone: r.to } : {}),
        source: 'voice_keypress',
      });
      return hangUp(
        language === 'es'
          ? 'Entendido, no le volveremos a contactar. Adios.'
          : 'Understood. We will not contact you again. Goodbye.',
      );
    default:
      return `${XML}<Response>${gather(say(reminderCallMenu(language)))}${say(thanks(phone, language))}<Hangup/></Response>`;
  }
}

function thanks(phone: string, language: ReplyLanguage): string {
  return language === 'es'
    ? `Gracias. Nuestro numero es ${phone}.`
    : `Thank you. Our number is ${phone}.`;
}

/**
 * A key pressed is the patient's answer, kept as a text reply is: the channel they answered on
 * (the next channel choice prefers it), the funnel's reply, and a note in the PMS.
 */
async function answered(
  deps: OutreachDeps,
  call: MessageRecord,
  intent: 'confirm' | 'handoff',
  note: string,
): Promise<void> {
  const at = deps.clock.now();
  await deps.store.replies.record(call.patientKey, {
    channel: 'call',
    at: at.toISOString(),
    intent,
  });
  await recordEvent(deps, { type: 'replied', patientKey: call.patientKey, ...dimensionsOf(call) });
  await writeBack(deps, `reply:${call.sid}:${intent}`, {
    kind: 'communication',
    patientKey: call.patientKey,
    at: at.toISOString(),
    mode: 'phone',
    direction: 'received',
    note: `Patient ${note}`,
  });
}
