import { parsePhoneNumberWithError, type CountryCode } from 'libphonenumber-js';
import { locationFor } from '../domain/practice.ts';
import { languageOf, replyTexts, type ReplyLanguage } from '../domain/reply-texts.ts';
import { isReminder, type MessageRecord } from '../store/message-log.ts';
import type { VoiceRequest } from './doors.ts';
import { recordEvent } from './events.ts';
import type { OutreachDeps } from './outreach-deps.ts';
import { optOutEverywhere } from './opt-out.ts';
import { reminderCallTwiml } from './reminder-voice.ts';
import { dialable, escapeXml } from './twiml.ts';

const XML = '<?xml version="1.0" encoding="UTF-8"?>';

/** How long an answered call waits for its own record (see callRecord). */
const RECORD_WAIT_MS = 3_000;

/**
 * The message record of a call. Twilio may fetch the answer TwiML before `calls.create` has
 * returned to us and the record was written (a patient who picks up on the first ring, a fast
 * sandbox), so an unknown SID waits a moment for its record before the call is treated as
 * unknown. Real time, not the business clock: this is waiting on our own write.
 */
async function callRecord(deps: OutreachDeps, callSid: string): Promise<MessageRecord | undefined> {
  const deadline = Date.now() + RECORD_WAIT_MS;
  for (;;) {
    const call = await deps.store.messages.get(callSid);
    if (call || Date.now() >= deadline) return call;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The automated call placed by "Call patient": it names the practice and says only what the
 * voice template says (no clinical detail), then offers 1 to talk to the front desk, 2 to get the
 * booking link by text, 9 to never be contacted again (an opt-out on every channel). An answering
 * machine gets a short voicemail with the number to call back. The call lands on the timeline
 * when it ends. An appointment reminder call has its own words and keys (reminder-voice.ts).
 */
export async function handleVoice(deps: OutreachDeps, r: VoiceRequest): Promise<string> {
  const call = await callRecord(deps, r.callSid);
  const entry = call ? await deps.store.directory.get(call.patientKey) : undefined;
  const location = locationFor(deps.practice, entry?.clinicId);
  const language = languageOf(entry?.language);
  const say = (text: string): string =>
    `<Say language="${language === 'es' ? 'es-US' : 'en-US'}">${escapeXml(text)}</Say>`;
  const phone = spoken(location.phone, deps.practice.defaultRegion);
  if (r.step === 'status') {
    await callEnded(deps, call, r);
    return `${XML}<Response/>`;
  }
  // A reminder call has its own words and keys (src/outreach/reminder-voice.ts).
  if (call && isReminder(call)) return reminderCallTwiml(deps, call, r);
  if (!call)
    return `${XML}<Response>${say(language === 'es' ? `Le llama ${deps.practice.name}. Por favor llamenos al ${phone}.` : `This is ${deps.practice.name}. Please call us at ${phone}.`)}<Hangup/></Response>`;
  if (r.step === 'answer') {
    if (r.answeredBy?.startsWith('machine')) {
      return `${XML}<Response>${say(language === 'es' ? `Hola, le llama ${deps.practice.name}. Llamenos cuando pueda al ${phone}. Gracias.` : `Hi, this is ${deps.practice.name}. Please call us back when you can at ${phone}. Thank you.`)}<Hangup/></Response>`;
    }
    return `${XML}<Response><Gather numDigits="1" timeout="8" action="${escapeXml(`${deps.publicBaseUrl}/twilio/voice/menu`)}" method="POST">${say(call.body ?? '')}${say(menu(language))}</Gather>${say(language === 'es' ? `Gracias. Nuestro numero es ${phone}.` : `Thank you. Our number is ${phone}.`)}<Hangup/></Response>`;
  }
  if (r.step === 'menu') {
    switch (r.digits) {
      case '1':
        return `${XML}<Response>${say(language === 'es' ? 'Le comunicamos ahora.' : 'Connecting you now.')}<Dial>${escapeXml(dialable(location.phone, deps.practice.defaultRegion))}</Dial></Response>`;
      case '2':
        await textBookingLink(deps, call, r.to, language);
        return `${XML}<Response>${say(language === 'es' ? 'Le enviamos un mensaje con el enlace. Adios.' : 'We have sent you a text with the link. Goodbye.')}<Hangup/></Response>`;
      case '9':
        await optOutEverywhere(deps, {
          patientKey: call.patientKey,
          contactId: call.contactId,
          ...(r.to ? { phone: r.to } : {}),
          source: 'voice_keypress',
        });
        return `${XML}<Response>${say(language === 'es' ? 'Entendido, no le volveremos a contactar. Adios.' : 'Understood. We will not contact you again. Goodbye.')}<Hangup/></Response>`;
      default:
        return `${XML}<Response><Gather numDigits="1" timeout="8" action="${escapeXml(`${deps.publicBaseUrl}/twilio/voice/menu`)}" method="POST">${say(menu(language))}</Gather><Hangup/></Response>`;
    }
  }
  return `${XML}<Response><Hangup/></Response>`;
}

function menu(language: ReplyLanguage): string {
  return language === 'es'
    ? 'Para hablar con nosotros, marque 1. Para recibir el enlace para agendar por mensaje, marque 2. Si prefiere no recibir estas llamadas, marque 9.'
    : 'To talk to our front desk, press 1. To get a link to book by text, press 2. If you would rather not get these calls, press 9.';
}

function spoken(phone: string, region: string): string {
  try {
    return parsePhoneNumberWithError(phone, region as CountryCode).formatNational();
  } catch {
    return phone;
  }
}

/** Pressed 2: the booking link by text, to the number called (the patient asked: no cap counts). */
async function textBookingLink(
  deps: OutreachDeps,
  call: MessageRecord,
  to: string | undefined,
  language: ReplyLanguage,
): Promise<void> {
  if (!to || (await deps.store.optOuts.isOptedOut({ patientKey: call.patientKey, phone: to })))
    return;
  const contact = await deps.contacts.read(call.contactId);
  const link = contact?.properties.reactivation_booking_link;
  if (!link) return;
  const entry = await deps.store.directory.get(call.patientKey);
  const location = locationFor(deps.practice, entry?.clinicId);
  const body = `${replyTexts.bookingLinks({ practiceName: deps.practice.name, phone: location.phone, region: deps.practice.defaultRegion }, language, [{ link }])} ${language === 'es' ? 'Responda STOP para darse de baja.' : 'Reply STOP to opt out.'}`;
  try {
    await deps.messenger.send({
      channel: 'sms',
      to,
      body,
      statusCallback: `${deps.publicBaseUrl}/twilio/messages/status`,
    });
  } catch (error) {
    deps.logger.warn(
      { callSid: call.sid, error: (error as Error).message },
      'booking link by text failed',
    );
  }
}

const CALL_STATUS: Record<string, string> = {
  completed: 'COMPLETED',
  busy: 'BUSY',
  'no-answer': 'NO_ANSWER',
  failed: 'FAILED',
  canceled: 'CANCELED',
};

/** The call ended: its outcome on the timeline, once. */
async function callEnded(
  deps: OutreachDeps,
  call: MessageRecord | undefined,
  r: VoiceRequest,
): Promise<void> {
  const status = r.callStatus ?? '';
  if (!call || !CALL_STATUS[status]) return;
  const updated = await deps.store.messages.advance(call.sid, status, 3);
  if (!updated) return;
  const reminder = isReminder(call);
  const answered =
    status === 'completed'
      ? r.answeredBy?.startsWith('machine')
        ? 'left a voicemail'
        : 'the patient answered'
      : status.replace('-', ' ');
  await deps.timeline.logCall({
    contactId: call.contactId,
    title: reminder ? 'Automated appointment reminder call' : 'Automated reactivation call',
    body: reminder
      ? `${deps.practice.name} called with an appointment reminder (${call.templateId}): ${answered}.`
      : `${deps.practice.name} called about coming back (${call.templateId ?? 'voice'}): ${answered}.`,
    at: deps.clock.now(),
    status: CALL_STATUS[status]!,
  });
  const outcome = status === 'completed' ? 'delivered' : 'failed';
  await recordEvent(deps, {
    // A reminder is no outreach: it must not swell the funnel's delivered stage.
    type: reminder ? `reminder_${outcome}` : outcome,
    patientKey: call.patientKey,
    channel: 'call',
    ...(call.templateId ? { templateId: call.templateId } : {}),
    ...(call.variant ? { variant: call.variant } : {}),
    ...(call.location ? { location: call.location } : {}),
  });
}
