import type { OutreachOutcome } from '../domain/outreach-outcome.ts';
import type { OutreachDeps } from './outreach-deps.ts';

export interface ActionResult {
  outcome: OutreachOutcome;
  channel: string;
  messageId?: string;
  reason?: string;
}

/** Completes the workflow's blocked action with the outputs a marketer branches on. */
export async function finishAction(
  deps: OutreachDeps,
  callbackId: string,
  result: ActionResult,
): Promise<void> {
  await deps.callbacks.complete(callbackId, {
    hs_execution_state: 'SUCCESS',
    outcome: result.outcome,
    channel: result.channel,
    message_id: result.messageId ?? '',
    reason: result.reason ?? '',
  });
  deps.logger.info(
    { callbackId, outcome: result.outcome, channel: result.channel, messageId: result.messageId },
    'action finished',
  );
}
