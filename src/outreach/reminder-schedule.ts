import { DateTime } from 'luxon';
import { locationFor } from '../domain/practice.ts';
import { stepTime } from '../domain/reminder-text.ts';
import { isReminder } from '../store/message-log.ts';
import type { ReminderPlan } from '../store/reminder-book.ts';
import { recordEvent } from './events.ts';
import { creditBooking } from './bandit-reward.ts';
import type { OutreachDeps } from './outreach-deps.ts';

/** What the sync saw of one patient's appointment (src/crm/sync/run-sync.ts). */
export interface AppointmentSeen {
  patientKey: string;
  contactId: string;
  status: string;
  segment?: string;
  start?: string;
  appointmentId?: string;
  clinicId?: string;
}

export const PAUSE_PREFIX = 'pause_until:';

/**
 * Keeps every appointment's reminder cadence in step with the PMS after each sync: a new booking
 * that reactivation won (or any, when the practice says so) gets its cadence; a moved appointment
 * gets a new one at the new time; an appointment that is gone stops its cadence — kept (the
 * patient came back) or missed (back to the no-show segment after a pause).
 */
export async function reconcileReminders(
  deps: OutreachDeps,
  seen: readonly AppointmentSeen[],
): Promise<void> {
  const now = deps.clock.now();
  const byKey = new Map(seen.map((s) => [s.patientKey, s]));
  for (const s of seen) {
    if (s.status !== 'booked' || !s.start) continue;
    // The bandit's reward: a booking within 14 days of an automatically chosen message.
    await creditBooking(deps.store, { patientKey: s.patientKey, bookedAt: now });
    const plan = await deps.store.reminders.get(s.patientKey);
    if (plan && plan.start === s.start) continue; // already in step (or cancelled by the patient's reply)
    if (
      !plan &&
      !deps.practice.reminders.allAppointments &&
      !(await bookedByReactivation(deps, s.patientKey, now))
    )
      continue;
    if (plan) await cancelJobs(deps, plan);
    await schedule(deps, s, now);
  }
  for (const plan of await deps.store.reminders.all()) {
    const s = byKey.get(plan.patientKey);
    if (!s || (s.status === 'booked' && s.start)) continue;
    await cancelJobs(deps, plan);
    await deps.store.reminders.remove(plan.patientKey);
    const location = locationFor(deps.practice, plan.clinicId).name;
    if (s.segment === 'no_show') {
      const until = new Date(now.getTime() + deps.practice.reminders.noShowPauseDays * 86_400_000);
      await deps.store.holds.set(plan.patientKey, `${PAUSE_PREFIX}${until.toISOString()}`);
      await recordEvent(deps, {
        type: 'missed',
        patientKey: plan.patientKey,
        location,
        ...(plan.status === 'confirmed' ? { variant: 'confirmed' } : {}),
      });
    } else if (s.status === 'recovered') {
      await recordEvent(deps, {
        type: 'showed',
        patientKey: plan.patientKey,
        location,
        ...(plan.status === 'confirmed' ? { variant: 'confirmed' } : {}),
      });
    }
  }
}

async function schedule(deps: OutreachDeps, s: AppointmentSeen, now: Date): Promise<void> {
  const location = locationFor(deps.practice, s.clinicId);
  const plan: ReminderPlan = {
    patientKey: s.patientKey,
    contactId: s.contactId,
    start: s.start!,
    timeZone: location.timeZone,
    ...(s.clinicId ? { clinicId: s.clinicId } : {}),
    ...(s.appointmentId ? { appointmentId: s.appointmentId } : {}),
    status: 'scheduled',
    jobs: {},
    sent: {},
  };
  const startsAt = DateTime.fromISO(plan.start, { zone: plan.timeZone }).toJSDate();
  const due: { step: string; jobId: string; at: Date }[] = [];
  for (const step of location.reminderSteps ?? deps.practice.reminders.steps) {
    const at = stepTime(step, plan, now);
    if (step !== 'confirmation' && (at <= now || at >= startsAt)) continue; // too late for this one
    const jobId = `reminder:${s.patientKey}:${plan.start}:${step}`;
    plan.jobs[step] = jobId;
    due.push({ step, jobId, at });
  }
  // The plan first: a job that runs at once (the confirmation) must find it.
  await deps.store.reminders.put(plan);
  for (const d of due)
    await deps.reminderJobs.add(
      d.jobId,
      { patientKey: s.patientKey, step: d.step, start: plan.start },
      { at: d.at },
    );
  deps.logger.info(
    { patientKey: s.patientKey, steps: Object.keys(plan.jobs) },
    'reminders scheduled',
  );
}

async function cancelJobs(deps: OutreachDeps, plan: ReminderPlan): Promise<void> {
  for (const jobId of Object.values(plan.jobs)) await deps.reminderJobs.remove(jobId);
}

/**
 * A booking reactivation can claim: a message or call went to the patient, or its booking link
 * was followed, within the window (the same touches the sync credits the booking to).
 */
async function bookedByReactivation(
  deps: OutreachDeps,
  patientKey: string,
  now: Date,
): Promise<boolean> {
  const since = now.getTime() - deps.practice.attributionDays * 86_400_000;
  return (await deps.store.messages.forPatient(patientKey, 10)).some(
    (m) => !isReminder(m) && Date.parse(m.clickedAt ?? m.sentAt) >= since,
  );
}
