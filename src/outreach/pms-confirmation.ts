import { DateTime } from 'luxon';
import { maskClinicalDetail } from '../domain/mask-clinical.ts';
import { locationFor } from '../domain/practice.ts';
import { describeError } from '../lib/errors.ts';
import type { ReminderPlan } from '../store/reminder-book.ts';
import { createFrontDeskTask } from './front-desk-task.ts';
import type { OutreachDeps } from './outreach-deps.ts';

/**
 * A patient confirmed an appointment by answering a reminder. With Open Dental's API configured the
 * service marks it confirmed in the PMS itself (src/outreach/write-back.ts). Without it the PMS does
 * not know, and the front desk might call to confirm a visit that already is: the card says so
 * (`markConfirmedInPms`) and a low-priority to-do task asks the front desk to mark it (issue 7,
 * point 3: "without it the card and the task tell the front desk").
 */

/** Keeps the once-only claim of a task longer than any appointment is booked ahead. */
const TASK_ONCE_MS = 400 * 86_400_000;

/** The appointment's start as an ISO instant. */
function startsAt(plan: Pick<ReminderPlan, 'start' | 'timeZone'>): DateTime {
  return DateTime.fromISO(plan.start, { zone: plan.timeZone });
}

/**
 * What the card shows while the front desk has to mark the confirmation in the PMS: a confirmed
 * plan, no write-back, and the appointment still ahead.
 */
export function confirmationToMark(
  deps: Pick<OutreachDeps, 'pmsWriteBack' | 'clock'>,
  plan: ReminderPlan | undefined,
): { confirmedAt: string; appointmentAt: string } | undefined {
  if (deps.pmsWriteBack || !plan || plan.status !== 'confirmed' || !plan.confirmedAt)
    return undefined;
  const start = startsAt(plan);
  if (start.toJSDate() <= deps.clock.now()) return undefined;
  return { confirmedAt: plan.confirmedAt, appointmentAt: start.toUTC().toISO()! };
}

/**
 * The front desk's to-do when write-back is off: low priority (nothing is urgent, the patient is
 * coming), once per appointment however often the patient confirms, for the contact's owner or the
 * office's. A failure is logged and does not fail the patient's answer: the card still says it.
 */
export async function askFrontDeskToMarkConfirmed(
  deps: OutreachDeps,
  plan: ReminderPlan,
  words: string,
): Promise<string | undefined> {
  if (deps.pmsWriteBack) return undefined;
  const once = `pms-confirm-task:${plan.patientKey}:${plan.start}`;
  if (!(await deps.store.idempotency.claim(once, TASK_ONCE_MS))) return undefined;
  try {
    const location = locationFor(deps.practice, plan.clinicId);
    const when = startsAt(plan).setLocale('en-US').toFormat("cccc, LLLL d 'at' h:mm a");
    const taskId = await createFrontDeskTask(deps, {
      contactId: plan.contactId,
      clinicId: plan.clinicId,
      subject: (name) => `Mark confirmed in the PMS: ${name}, ${when}`,
      lines: (name) => [
        `${name} confirmed the appointment of ${when} at ${location.name} by answering the reminder (“${maskClinicalDetail(words)}”).`,
        'Write-back to the practice management system is off: please mark the appointment confirmed there, so nobody calls to confirm it again.',
      ],
      type: 'TODO',
      priority: 'LOW',
    });
    deps.logger.info(
      { patientKey: plan.patientKey, taskId },
      'confirmation task for the front desk',
    );
    return taskId;
  } catch (error) {
    await deps.store.idempotency.release(once);
    deps.logger.warn(
      { patientKey: plan.patientKey, error: describeError(error) },
      'confirmation task could not be created (the card still shows it)',
    );
    return undefined;
  }
}
