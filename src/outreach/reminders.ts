import { DateTime } from 'luxon';
import { checkCompliance } from '../domain/compliance-gate.ts';
import { locationFor } from '../domain/practice.ts';
import { MessagingError } from '../messaging/messaging-errors.ts';
import { isContextProblem, loadPatientContext } from './action-context.ts';
import { recordEvent } from './events.ts';
import type { OutreachDeps, ReminderJob } from './outreach-deps.ts';
import type { JobResult } from './queue.ts';
import { routeReminder, type ReminderRoute } from './reminder-route.ts';
import { timelineBody } from './timeline-text.ts';
import { writeBack } from './write-back.ts';

/** A reminder never goes out less than this before the appointment (it would only be noise). */
const LAST_USEFUL_MS = 30 * 60_000;

/**
 * One step of an appointment's reminder cadence. Stale steps (the appointment moved, was
 * cancelled, or the patient confirmed and only the last reminder stays) end quietly. Otherwise it
 * goes on the patient's best channel (src/outreach/reminder-route.ts: a text, an approved WhatsApp
 * template, or an automated call; never email, which is HubSpot's) through the same gate as every
 * message — opt-outs, consent, quiet hours in the office's zone — with the reminders' own caps; a
 * reminder that could only go after the appointment is dropped.
 */
export async function processReminder(
  deps: OutreachDeps,
  job: ReminderJob,
): Promise<JobResult<ReminderJob>> {
  const plan = await deps.store.reminders.get(job.patientKey);
  if (
    !plan ||
    plan.status === 'cancelled' ||
    plan.start !== job.start ||
    !plan.jobs[job.step] ||
    plan.sent[job.step]
  )
    return { kind: 'done' };
  const ctx = await loadPatientContext(deps, plan.contactId);
  if (isContextProblem(ctx)) return { kind: 'done' };
  const route = await routeReminder(deps, ctx, plan, job.step);
  if (route.channel === 'none') {
    deps.logger.info(
      { patientKey: plan.patientKey, step: job.step, why: route.why },
      'reminder not sent: no channel the service can use',
    );
    return { kind: 'done' };
  }
  const now = deps.clock.now();
  const startsAt = DateTime.fromISO(plan.start, { zone: plan.timeZone }).toJSDate();
  const historyKey = `reminder:${plan.patientKey}`;
  const gate = async (at: Date) =>
    checkCompliance({
      now: at,
      channel: route.channel,
      contact: {
        optedOut: await deps.store.optOuts.isOptedOut({
          patientKey: plan.patientKey,
          phone: route.to,
        }),
        // The reactivation statuses that stop outreach do not stop a booked patient's reminders,
        // except a person's explicit stop.
        ...(ctx.status === 'opted_out' || ctx.status === 'do_not_contact'
          ? { status: ctx.status }
          : {}),
        smsConsent: ctx.smsConsent,
        whatsappConsent: ctx.whatsappConsent,
        contactPreference: ctx.contactPreference,
        hasAddress: true,
        ...(route.lineType ? { mobileLineType: route.lineType } : {}),
      },
      location: ctx.location,
      // One budget across channels: a call counts as a reminder like a text does.
      caps: {
        perDay: deps.practice.reminders.perDay,
        perWindow: deps.practice.reminders.perWeek,
        windowDays: 7,
      },
      sentAt: await deps.store.sendHistory.since(
        historyKey,
        new Date(at.getTime() - 8 * 86_400_000),
      ),
      maxDeferralMs: startsAt.getTime() - LAST_USEFUL_MS - at.getTime(),
      treatUnknownSmsConsentAsNo: deps.practice.reachability.treatUnknownSmsConsentAsNo,
    });
  const decision = await gate(now);
  if (decision.kind === 'defer') {
    deps.logger.debug(
      {
        patientKey: plan.patientKey,
        step: job.step,
        until: decision.until.toISOString(),
        reason: decision.reason,
      },
      'reminder deferred',
    );
    return { kind: 'later', at: decision.until };
  }
  if (decision.kind === 'skip') {
    deps.logger.info(
      { patientKey: plan.patientKey, step: job.step, outcome: decision.outcome },
      'reminder not sent',
    );
    return { kind: 'done' };
  }
  const location = locationFor(deps.practice, plan.clinicId);
  const lock = await deps.store.locks.tryAcquire(`patient:${plan.patientKey}`, 30_000);
  if (!lock) {
    deps.logger.debug(
      { patientKey: plan.patientKey, step: job.step },
      'reminder waits for the patient lock',
    );
    return { kind: 'later', at: new Date(now.getTime() + 2_000) };
  }
  let sid: string;
  try {
    const last = await gate(deps.clock.now());
    if (last.kind === 'skip') return { kind: 'done' };
    if (last.kind === 'defer') return { kind: 'later', at: last.until };
    await deps.store.sendHistory.record(historyKey, now, `${job.step}:${job.start}`);
    try {
      sid = await deliverReminder(deps, route);
    } catch (error) {
      await deps.store.sendHistory.forget(historyKey, `${job.step}:${job.start}`);
      if (error instanceof MessagingError && error.permanent) {
        deps.logger.warn(
          {
            patientKey: plan.patientKey,
            step: job.step,
            channel: route.channel,
            failure: error.failure,
          },
          'reminder refused by Twilio',
        );
        return { kind: 'done' };
      }
      throw error;
    }
  } finally {
    await lock.release();
  }
  const templateId = `reminder.${job.step}`;
  const { channel, body } = route;
  // Marked sent first: a reply (or a key pressed on the call) may come before the timeline call
  // is done, and must be read as an answer to this reminder.
  const fresh = (await deps.store.reminders.get(plan.patientKey)) ?? plan;
  fresh.sent[job.step] = now.toISOString();
  delete fresh.jobs[job.step];
  await deps.store.reminders.put(fresh);
  await deps.store.messages.put({
    sid,
    patientKey: plan.patientKey,
    contactId: plan.contactId,
    channel,
    templateId,
    body,
    sentAt: now.toISOString(),
    status: 'queued',
    rank: 0,
    location: location.name,
  });
  // A call reaches the timeline when it ends, with how it went (src/outreach/voice.ts).
  if (channel !== 'call') {
    const timelineId = await deps.timeline.logMessage({
      contactId: plan.contactId,
      channel,
      body: timelineBody(body, { templateId, status: 'sent to Twilio' }),
      at: now,
    });
    await deps.store.messages.annotate(sid, { timelineId });
  }
  await recordEvent(deps, {
    type: 'reminder_sent',
    patientKey: plan.patientKey,
    channel,
    // The step, as the roll-ups keep it: the dashboard's confirmation rate counts `confirmation`.
    variant: job.step,
    location: location.name,
    templateId,
  });
  await writeBack(deps, `sent:${sid}`, {
    kind: 'communication',
    patientKey: plan.patientKey,
    at: now.toISOString(),
    mode: channel === 'call' ? 'phone' : 'text',
    direction: 'sent',
    note: `Appointment reminder (${templateId}) by ${CHANNEL_WORDS[channel]}: ${body}`,
  });
  return { kind: 'done' };
}

const CHANNEL_WORDS = { sms: 'text', whatsapp: 'WhatsApp', call: 'automated call' } as const;

/** Hands the reminder to Twilio on its channel; the message or call SID. */
async function deliverReminder(deps: OutreachDeps, route: ReminderRoute): Promise<string> {
  const base = deps.publicBaseUrl;
  switch (route.channel) {
    case 'call':
      // The words are spoken when the call is answered (src/outreach/reminder-voice.ts).
      return (
        await deps.messenger.placeCall({
          to: route.to,
          url: `${base}/twilio/voice/answer`,
          statusCallback: `${base}/twilio/voice/status`,
        })
      ).sid;
    case 'whatsapp':
      return (
        await deps.messenger.send({
          channel: 'whatsapp',
          to: route.to,
          contentSid: route.contentSid,
          contentVariables: route.contentVariables,
          statusCallback: `${base}/twilio/messages/status`,
        })
      ).sid;
    case 'sms':
      return (
        await deps.messenger.send({
          channel: 'sms',
          to: route.to,
          body: route.body,
          statusCallback: `${base}/twilio/messages/status`,
        })
      ).sid;
  }
}
