import { Router } from 'express';
import { NotFoundError } from '../src/lib/errors.ts';
import { ACTION_NAMES, type ActionName } from '../src/outreach/doors.ts';
import { DEDUPE_TTL_MS, type HubSpotDoorDeps } from './door-deps.ts';
import { errorKind, handOverFailure } from './door-errors.ts';
import { ActionRequestBody, toExecution } from './hubspot-action-body.ts';
import { assertV2, assertV3, hasV3 } from './hubspot-signature.ts';
import { signedRequestOf } from './hubspot-request.ts';
import { captureRawBody, parseJsonBody } from './raw-body.ts';
import { validate } from './validate.ts';

/** The answer to every delivery of a send action: wait (up to 7 days) for our callback. */
export const BLOCK_ANSWER = {
  outputFields: { hs_execution_state: 'BLOCK', hs_expiration_duration: 'P7D' },
} as const;

function actionNameOf(value: unknown): ActionName {
  const name = ACTION_NAMES.find((a) => a === value);
  if (!name) throw new NotFoundError('no such workflow action');
  return name;
}

/**
 * `POST /hubspot/actions/:action`: HubSpot's custom workflow actions (send-sms, send-whatsapp,
 * call, best-channel). Verifies the v2 signature (and v3 when its headers are present), validates
 * the body, then:
 * - a send action is claimed once per callbackId, queued with `service.enqueueAction` and
 *   answered BLOCK at once; every later delivery of the same callbackId gets the same BLOCK
 *   without a second hand-over. If queueing fails the claim is given back and the answer is 503,
 *   so HubSpot's retry is handled.
 * - best-channel has no effect, so no dedupe: `service.bestChannel` answers SUCCESS with outputs.
 * Mount at `/` (the route carries its full path).
 */
export function hubspotActionsRouter(deps: HubSpotDoorDeps): Router {
  const log = deps.logger.child({ module: 'webhooks/hubspot-actions' });
  const router = Router();

  router.post('/hubspot/actions/:action', captureRawBody(), async (req, res) => {
    const action = actionNameOf(req.params.action);
    const signed = signedRequestOf(deps.publicBaseUrl, req);
    try {
      assertV2(deps.clientSecret, signed);
      if (hasV3(signed)) assertV3(deps.clientSecret, signed, deps.clock.now());
    } catch (error) {
      log.warn({ action, reason: errorKind(error) }, 'workflow action refused: signature');
      throw error;
    }
    const body = validate(ActionRequestBody, parseJsonBody(signed.body));
    const execution = toExecution(action, body, deps.clock.now());
    const ids = { action, callbackId: execution.callbackId, portalId: execution.portalId };

    if (action === 'best-channel') {
      const outputs = await deps.service.bestChannel(execution).catch((error: unknown) => {
        log.warn({ ...ids, error: errorKind(error) }, 'best-channel failed');
        throw handOverFailure(error);
      });
      res.status(200).json({ outputFields: { ...outputs, hs_execution_state: 'SUCCESS' } });
      return;
    }

    const key = `hubspot-action:${execution.callbackId}`;
    const first = await deps.idempotency.claim(key, DEDUPE_TTL_MS).catch((error: unknown) => {
      log.warn({ ...ids, error: errorKind(error) }, 'idempotency store failed');
      throw handOverFailure(error);
    });
    if (first) {
      try {
        await deps.service.enqueueAction(execution);
      } catch (error) {
        // Nothing was queued: give the callbackId back so HubSpot's retry is handed over.
        await deps.idempotency.release(key).catch((releaseError: unknown) => {
          log.error({ ...ids, error: errorKind(releaseError) }, 'claim not released');
        });
        log.warn({ ...ids, error: errorKind(error) }, 'workflow action not queued');
        throw handOverFailure(error);
      }
      log.info(ids, 'workflow action queued');
    } else {
      log.info(ids, 'workflow action delivered again: already queued');
    }
    res.status(200).json(BLOCK_ANSWER);
  });

  return router;
}
