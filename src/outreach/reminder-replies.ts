import { DateTime } from 'luxon';
import { languageOf, type ReplyLanguage } from '../domain/reply-texts.ts';
import { stepTime } from '../domain/reminder-text.ts';
import { locationFor } from '../domain/practice.ts';
import type { ReminderPlan } from '../store/reminder-book.ts';
import { recordEvent } from './events.ts';
import { handOff } from './hand-off.ts';
import type { OutreachDeps } from './outreach-deps.ts';
import { askFrontDeskToMarkConfirmed } from './pms-confirmation.ts';
import { queueCrmWrite } from './propagation.ts';
import { writeBack } from './write-back.ts';

/** True when one of these patients got a reminder for an appointment still ahead. */
export async function inReminderConversation(deps: OutreachDeps, keys: string[]): Promise<boolean> {
  return (await activePlan(deps, keys)) !== undefined;
}

async function activePlan(deps: OutreachDeps, keys: string[]): Promise<ReminderPlan | undefined> {
  for (const key of keys) {
    const plan = await deps.store.reminders.get(key);
    if (!plan || plan.status === 'cancelled' || Object.keys(plan.sent).length === 0) continue;
    if (DateTime.fromISO(plan.start, { zone: plan.timeZone }).toJSDate() > deps.clock.now())
      return plan;
  }
  return undefined;
}

/**
 * An answer to a reminder. A confirmation marks the appointment confirmed (HubSpot's status, the
 * PMS when write-back is on; without write-back, the card and a low-priority task ask the front
 * desk to mark it in the PMS) and keeps only the last reminder; anything else — a reschedule, a
 * cancel, a question — goes to the front desk and stops the cadence. `optedOut`: the answer also
 * opted the patient out (CANCEL is a carrier keyword), so the task leaves the status opted out.
 */
export async function handleReminderReply(
  deps: OutreachDeps,
  keys: string[],
  kind: 'confirm' | 'handoff',
  words: string,
  options: { optedOut?: boolean } = {},
): Promise<string | undefined> {
  const plan = await activePlan(deps, keys);
  if (!plan) return undefined;
  const entry = await deps.store.directory.get(plan.patientKey);
  const language = languageOf(entry?.language);
  const location = locationFor(deps.practice, plan.clinicId);
  const when = DateTime.fromISO(plan.start, { zone: plan.timeZone })
    .setLocale(language === 'es' ? 'es' : 'en-US')
    .toFormat(language === 'es' ? "cccc d 'de' LLLL 'a las' h:mm a" : "cccc, LLLL d 'at' h:mm a");
  if (kind === 'confirm') {
    // The last reminder is the one nearest the appointment, whatever the steps are called.
    const now = deps.clock.now();
    const steps = Object.entries(plan.jobs).sort(
      ([a], [b]) => stepTime(a, plan, now).getTime() - stepTime(b, plan, now).getTime(),
    );
    const last = steps.at(-1)?.[0];
    for (const [step, jobId] of steps) {
      if (step === last) continue;
      await deps.reminderJobs.remove(jobId);
      delete plan.jobs[step];
    }
    plan.status = 'confirmed';
    plan.confirmedAt ??= now.toISOString();
    await deps.store.reminders.put(plan);
    await queueCrmWrite(deps, {
      contactId: plan.contactId,
      properties: { reactivation_status: 'confirmed' },
      reason: 'appointment confirmed',
    });
    await recordEvent(deps, {
      type: 'confirmed',
      patientKey: plan.patientKey,
      location: location.name,
    });
    await writeBack(deps, `confirm:${plan.patientKey}:${plan.start}`, {
      kind: 'confirmation',
      patientKey: plan.patientKey,
      start: plan.start,
      at: now.toISOString(),
      ...(plan.appointmentId ? { appointmentId: plan.appointmentId } : {}),
    });
    await askFrontDeskToMarkConfirmed(deps, plan, words);
    return confirmedText(deps.practice.name, when, location.name, language);
  }
  for (const jobId of Object.values(plan.jobs)) await deps.reminderJobs.remove(jobId);
  plan.jobs = {};
  plan.status = 'cancelled';
  await deps.store.reminders.put(plan);
  await handOff(deps, {
    patientKey: plan.patientKey,
    contactId: plan.contactId,
    reason: `replied to the reminder for ${when}: wants a change or has a question`,
    words,
    type: 'CALL',
    ...(options.optedOut ? { optedOut: true } : {}),
  });
  return language === 'es'
    ? `${deps.practice.name}: gracias, le llamaremos para ver su cita.`
    : `${deps.practice.name}: thanks, we'll call you about your appointment.`;
}

function confirmedText(
  practice: string,
  when: string,
  location: string,
  language: ReplyLanguage,
): string {
  return language === 'es'
    ? `${practice}: gracias, su cita del ${when} en ${location} esta confirmada.`
    : `${practice}: thanks, you're confirmed for ${when} at ${location}.`;
}
