import type { PatientContext } from './action-context.ts';
import type { ActionExecution } from './doors.ts';
import { gate } from './execute-action.ts';
import type { OutreachDeps } from './outreach-deps.ts';
import { prepareMessage, sendPrepared } from './send-message.ts';

const CALLBACK_LIFETIME_MS = 7 * 86_400_000;

export type CardSendResult =
  | { kind: 'later'; at: Date; reason: string }
  | { kind: 'done'; outcome: string; reason?: string; messageId?: string };

/**
 * "Send the booking link now" from the card: the same gate, lint and last-moment checks as a
 * workflow's message, answered to the person who clicked instead of to a workflow.
 */
export async function executeCardSend(
  deps: OutreachDeps,
  ctx: PatientContext,
  e: ActionExecution,
): Promise<CardSendResult> {
  const regate = () => gate(deps, ctx, 'sms', deps.clock.now(), CALLBACK_LIFETIME_MS, false);
  const decision = await regate();
  if (decision.kind === 'skip')
    return { kind: 'done', outcome: decision.outcome, reason: decision.reason };
  if (decision.kind === 'defer')
    return { kind: 'later', at: decision.until, reason: decision.reason.replace(/_/g, ' ') };
  const prepared = await prepareMessage(deps, ctx, e, 'sms');
  if (!prepared.ok) return { kind: 'done', outcome: 'failed', reason: prepared.reason };
  const sent = await sendPrepared(deps, ctx, e, prepared, regate);
  if (sent.kind === 'later')
    return { kind: 'later', at: sent.at, reason: 'the patient was being messaged' };
  return {
    kind: 'done',
    outcome: sent.result.outcome,
    ...(sent.result.reason ? { reason: sent.result.reason } : {}),
    ...(sent.result.messageId ? { messageId: sent.result.messageId } : {}),
  };
}
