import { armOfTemplateId, REWARD_WINDOW_DAYS } from '../domain/bandit.ts';
import { isReminder, type MessageRecord } from '../store/message-log.ts';
import type { Store } from '../store/store.ts';

/**
 * The bandit's bookkeeping: a trial when an automatically chosen message goes out, a success when
 * the patient books within 14 days of it. Both are claimed once per message sid, so a retried job
 * or a booking seen by two syncs counts once.
 */

const DAY_MS = 86_400_000;
// Longer than the reward window, so a claim outlives every booking that could repeat it.
const CLAIM_MS = 30 * DAY_MS;

/**
 * Counts a trial for a message that was sent with an automatically chosen variant (call it after
 * the message record is stored); does nothing for a message the marketer's letter chose.
 * Returns whether a trial was counted.
 */
export async function recordAutomaticTrial(
  store: Store,
  message: Pick<MessageRecord, 'sid' | 'templateId' | 'chosenBy'>,
): Promise<boolean> {
  const arm =
    message.chosenBy === 'automatic' ? armOfTemplateId(message.templateId ?? '') : undefined;
  if (!arm || !(await store.idempotency.claim(`bandit-trial:${message.sid}`, CLAIM_MS)))
    return false;
  try {
    await store.bandit.recordTrial(arm.key, arm.variant);
  } catch (error) {
    await store.idempotency.release(`bandit-trial:${message.sid}`);
    throw error;
  }
  return true;
}

export type CreditResult =
  | { credited: true; sid: string; key: string; variant: string }
  | {
      credited: false;
      reason: 'no-message-in-window' | 'not-automatic' | 'not-a-template' | 'already-credited';
      sid?: string;
    };

/**
 * Credits a booking to the message that earned it: the patient's most recent reactivation
 * message (not an appointment reminder) sent within the 14 days up to `bookedAt`. Only a message
 * whose variant the service chose counts; if the marketer chose the latest one, no earlier
 * automatic message gets the credit, since it was not what brought the patient in.
 */
export async function creditBooking(
  store: Store,
  booking: { patientKey: string; bookedAt: Date },
): Promise<CreditResult> {
  const until = booking.bookedAt.getTime();
  const since = until - REWARD_WINDOW_DAYS * DAY_MS;
  // Newest first, so the first match is the most recent.
  const latest = (await store.messages.forPatient(booking.patientKey, 20)).find((m) => {
    const sentAt = Date.parse(m.sentAt);
    return !isReminder(m) && sentAt >= since && sentAt <= until;
  });
  if (!latest) return { credited: false, reason: 'no-message-in-window' };
  const { sid } = latest;
  if (latest.chosenBy !== 'automatic') return { credited: false, reason: 'not-automatic', sid };
  const arm = armOfTemplateId(latest.templateId ?? '');
  if (!arm) return { credited: false, reason: 'not-a-template', sid };
  if (!(await store.idempotency.claim(`bandit-success:${sid}`, CLAIM_MS)))
    return { credited: false, reason: 'already-credited', sid };
  try {
    await store.bandit.recordSuccess(arm.key, arm.variant);
  } catch (error) {
    // Nothing was counted: let the next sighting of this booking try again.
    await store.idempotency.release(`bandit-success:${sid}`);
    throw error;
  }
  return { credited: true, sid, key: arm.key, variant: arm.variant };
}
