import type { Router } from 'express';
import type { HubSpotDoorDeps, TwilioDoorDeps } from './door-deps.ts';
import { hubspotActionsRouter } from './hubspot-actions.ts';
import { hubspotWebhooksRouter } from './hubspot-webhooks.ts';
import { twilioMessagesRouter } from './twilio-messages.ts';
import { twilioVoiceRouter } from './twilio-voice.ts';
import { bookingLinkRouter } from './booking-link.ts';
import { hubspotCardRouter } from './hubspot-card.ts';

export type { CommonDoorDeps, HubSpotDoorDeps, TwilioDoorDeps } from './door-deps.ts';
export { hubspotActionsRouter, BLOCK_ANSWER } from './hubspot-actions.ts';
export { hubspotWebhooksRouter } from './hubspot-webhooks.ts';
export { twilioMessagesRouter, EMPTY_TWIML } from './twilio-messages.ts';
export { twilioVoiceRouter } from './twilio-voice.ts';
export { MAX_BODY_BYTES } from './raw-body.ts';
export { bookingLinkRouter } from './booking-link.ts';

/** Everything the doors need: the HubSpot deps plus Twilio's auth token. */
export type DoorDeps = HubSpotDoorDeps & Pick<TwilioDoorDeps, 'authToken'>;

/**
 * The doors as `createApp({ routers })` takes them. Each router carries its full paths, so all
 * mount at `/`: `/hubspot/actions/:action`, `/hubspot/webhooks`, `/twilio/messages/status`,
 * `/twilio/messages/inbound`, `/twilio/voice/:step`.
 */
export function doorRoutes(deps: DoorDeps): { path: string; router: Router }[] {
  return [
    { path: '/', router: hubspotActionsRouter(deps) },
    { path: '/', router: hubspotWebhooksRouter(deps) },
    { path: '/', router: twilioMessagesRouter(deps) },
    { path: '/', router: twilioVoiceRouter(deps) },
    { path: '/', router: bookingLinkRouter(deps) },
    { path: '/', router: hubspotCardRouter(deps) },
  ];
}
