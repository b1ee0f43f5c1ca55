import { bestChannel } from './best-channel.ts';
import { followBookingLink } from './booking-link.ts';
import { cardAction, cardView } from './card.ts';
import type { OutreachService } from './doors.ts';
import { executeAction } from './execute-action.ts';
import { handleCrmEvents } from './crm-events.ts';
import { handleInbound } from './inbound.ts';
import { handleMessageStatus } from './message-status.ts';
import type { OutreachDeps } from './outreach-deps.ts';
import { handleVoice } from './voice.ts';

/**
 * The service behind the doors: what each verified, validated request becomes. Sending is queued
 * (the door answers HubSpot in milliseconds); everything else is quick enough to do inline.
 */
export function createOutreachService(deps: OutreachDeps): OutreachService {
  return {
    async enqueueAction(execution) {
      await deps.actions.add(execution.callbackId, { execution });
    },
    bestChannel: (execution) => bestChannel(deps, execution),
    handleMessageStatus: (update) => handleMessageStatus(deps, update),
    handleInbound: (message) => handleInbound(deps, message),
    handleCrmEvents: (events) => handleCrmEvents(deps, events),
    handleVoice: (request) => handleVoice(deps, request),
    followBookingLink: (token) => followBookingLink(deps, token),
    cardView: (contactId) => cardView(deps, contactId),
    cardAction: (contactId, action) => cardAction(deps, contactId, action),
  };
}

/** Starts this process's workers on the action queue. */
export function startOutreachWorkers(
  deps: OutreachDeps,
  options: { concurrency?: number } = {},
): void {
  deps.actions.process((job) => executeAction(deps, job), options);
}
