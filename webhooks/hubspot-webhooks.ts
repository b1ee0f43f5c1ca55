import { Router } from 'express';
import { DEDUPE_TTL_MS, type HubSpotDoorDeps } from './door-deps.ts';
import { errorKind, handOverFailure } from './door-errors.ts';
import { CrmEventBatch, toCrmEvents } from './hubspot-event-body.ts';
import { assertV3 } from './hubspot-signature.ts';
import { signedRequestOf } from './hubspot-request.ts';
import { captureRawBody, parseJsonBody } from './raw-body.ts';
import { validate } from './validate.ts';

const eventKey = (eventId: string) => `hubspot-event:${eventId}`;

/**
 * `POST /hubspot/webhooks`: HubSpot's CRM events. Verifies the v3 signature and its timestamp,
 * validates the batch, claims each eventId once (HubSpot retries a batch that was not answered
 * 2xx), hands the new events to `service.handleCrmEvents` and answers 204. If the service throws,
 * the claims of this batch are given back and the answer is 503, so HubSpot's retry is handled.
 * Mount at `/`.
 */
export function hubspotWebhooksRouter(deps: HubSpotDoorDeps): Router {
  const log = deps.logger.child({ module: 'webhooks/hubspot-webhooks' });
  const router = Router();

  router.post('/hubspot/webhooks', captureRawBody(), async (req, res) => {
    const signed = signedRequestOf(deps.publicBaseUrl, req);
    try {
      assertV3(deps.clientSecret, signed, deps.clock.now());
    } catch (error) {
      log.warn({ reason: errorKind(error) }, 'CRM webhook refused: signature');
      throw error;
    }
    const events = toCrmEvents(validate(CrmEventBatch, parseJsonBody(signed.body)));

    const claims = await Promise.allSettled(
      events.map((e) => deps.idempotency.claim(eventKey(e.eventId), DEDUPE_TTL_MS)),
    );
    const fresh = events.filter((_, i) => {
      const claim = claims[i];
      return claim?.status === 'fulfilled' && claim.value;
    });
    const release = () =>
      Promise.all(fresh.map((e) => deps.idempotency.release(eventKey(e.eventId)))).catch(
        (error: unknown) => log.error({ error: errorKind(error) }, 'claims not released'),
      );
    const failed = claims.find((c) => c.status === 'rejected');
    if (failed) {
      await release();
      log.warn({ error: errorKind(failed.reason) }, 'idempotency store failed');
      throw handOverFailure(failed.reason);
    }

    if (fresh.length > 0) {
      try {
        await deps.service.handleCrmEvents(fresh);
      } catch (error) {
        await release();
        log.warn({ events: fresh.length, error: errorKind(error) }, 'CRM events not handled');
        throw handOverFailure(error);
      }
    }
    log.info(
      {
        events: fresh.length,
        duplicates: events.length - fresh.length,
        // Ids only, and not a thousand of them on one line.
        eventIds: fresh.slice(0, 20).map((e) => e.eventId),
      },
      'CRM events handed over',
    );
    res.status(204).end();
  });

  return router;
}
