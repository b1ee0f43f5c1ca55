import type { PatientContext } from './action-context.ts';
import type { ActionExecution } from './doors.ts';
import type { ActionResult } from './finish-action.ts';
import type { OutreachDeps } from './outreach-deps.ts';

const REASON: Record<string, string> = {
  no_show: 'missed an appointment and has not rebooked',
  unscheduled_treatment: 'has a plan discussed with us that is not scheduled yet',
  overdue_recall: 'is overdue for their next visit',
  dormant: 'has not been in for a while',
};

/**
 * "Call patient" as a task for the front desk: a person calls, so the task is due now, assigned
 * to the contact's owner (or the office's), and says why in plain words — no clinical detail.
 */
export async function handOffCallTask(
  deps: OutreachDeps,
  ctx: PatientContext,
  e: ActionExecution,
): Promise<ActionResult> {
  const name = ctx.firstName ?? 'the patient';
  const lines = [
    `${name} ${REASON[ctx.segment ?? ''] ?? 'is due to come back'}.`,
    'Call to offer a time that suits them.',
    ctx.bookingLink ? `Their booking link: ${ctx.bookingLink}` : undefined,
    e.inputs.offer ? `Offer to mention: ${e.inputs.offer}` : undefined,
  ].filter(Boolean);
  const ownerId = ctx.ownerId ?? ctx.location.hubspotOwnerId;
  const taskId = await deps.timeline.createTask({
    contactId: ctx.contact.id,
    ...(ownerId ? { ownerId } : {}),
    subject: `Call ${name}: reactivation`,
    body: lines.join('\n'),
    type: 'CALL',
    dueAt: deps.clock.now(),
  });
  return {
    outcome: 'sent',
    channel: 'call',
    messageId: taskId,
    reason: 'call task created for the front desk',
  };
}
