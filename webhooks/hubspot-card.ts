import { Router } from 'express';
import { z } from 'zod';
import { SignatureError } from '../src/lib/errors.ts';
import { CARD_ACTIONS } from '../src/outreach/card-view.ts';
import type { HubSpotDoorDeps } from './door-deps.ts';
import { errorKind } from './door-errors.ts';
import { assertV3 } from './hubspot-signature.ts';
import { signedRequestOf } from './hubspot-request.ts';
import { captureRawBody } from './raw-body.ts';
import { validate } from './validate.ts';

const Params = z.object({ contactId: z.string().regex(/^\d{1,20}$/, 'a HubSpot contact id') });
const ActionParams = Params.extend({ action: z.enum(CARD_ACTIONS) });

/**
 * `/hubspot/card/contacts/:contactId` (GET) and `…/actions/:action` (POST): the contact-record
 * card, through `hubspot.fetch`. HubSpot signs these requests with v3 (timestamp within 5
 * minutes); every `portalId` in the query must be the app's own account when it is configured.
 */
export function hubspotCardRouter(deps: HubSpotDoorDeps): Router {
  const log = deps.logger.child({ module: 'webhooks/hubspot-card' });
  const router = Router();
  const verify = (req: Parameters<typeof signedRequestOf>[1]) => {
    try {
      assertV3(deps.clientSecret, signedRequestOf(deps.publicBaseUrl, req), deps.clock.now());
    } catch (error) {
      log.warn({ reason: errorKind(error) }, 'card request refused: signature');
      throw error;
    }
    const portals = [req.query.portalId]
      .flat()
      .filter((p) => p !== undefined)
      .map(String);
    if (deps.portalId !== undefined && portals.some((p) => p !== String(deps.portalId))) {
      log.warn('card request refused: another portal');
      throw new SignatureError('this card belongs to another HubSpot account');
    }
  };
  router.get('/hubspot/card/contacts/:contactId', captureRawBody(), async (req, res) => {
    verify(req);
    const { contactId } = validate(Params, req.params);
    res.set('Cache-Control', 'no-store').json(await deps.service.cardView(contactId));
  });
  router.post(
    '/hubspot/card/contacts/:contactId/actions/:action',
    captureRawBody(),
    async (req, res) => {
      verify(req);
      const { contactId, action } = validate(ActionParams, req.params);
      const result = await deps.service.cardAction(contactId, action);
      log.info({ contactId, action, outcome: result.outcome }, 'card action');
      res.json(result);
    },
  );
  return router;
}
