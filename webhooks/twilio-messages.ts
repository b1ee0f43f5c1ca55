import { Router } from 'express';
import type { Logger } from '../src/lib/logger.ts';
import { DEDUPE_TTL_MS, type TwilioDoorDeps } from './door-deps.ts';
import { errorKind, handOverFailure } from './door-errors.ts';
import { captureRawBody } from './raw-body.ts';
import { verifiedTwilioParams } from './twilio-request.ts';
import { InboundParams, StatusParams, toInboundMessage, toStatusUpdate } from './twilio-params.ts';
import { validate } from './validate.ts';

/** What a duplicate inbound delivery is answered with: nothing to do. */
export const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

/**
 * Claims `key`, runs `work` for the first claim only, and gives the claim back if `work` throws
 * (then a 503). Returns undefined for a duplicate.
 */
async function once<T>(
  deps: TwilioDoorDeps,
  key: string,
  log: Logger,
  ids: Record<string, string>,
  work: () => Promise<T>,
): Promise<{ value: T } | undefined> {
  const first = await deps.idempotency.claim(key, DEDUPE_TTL_MS).catch((error: unknown) => {
    log.warn({ ...ids, error: errorKind(error) }, 'idempotency store failed');
    throw handOverFailure(error);
  });
  if (!first) return undefined;
  try {
    return { value: await work() };
  } catch (error) {
    await deps.idempotency.release(key).catch((releaseError: unknown) => {
      log.error({ ...ids, error: errorKind(releaseError) }, 'claim not released');
    });
    log.warn({ ...ids, error: errorKind(error) }, 'Twilio webhook not handled');
    throw handOverFailure(error);
  }
}

/**
 * `POST /twilio/messages/status` and `POST /twilio/messages/inbound`: Twilio's message webhooks,
 * form-encoded and signed with `X-Twilio-Signature` over the public URL.
 * - status: each (MessageSid, MessageStatus) handed to `service.handleMessageStatus` once
 *   (Twilio may repeat a callback; out-of-order arrival is the service's business); answer 204.
 * - inbound: `whatsapp:` prefixes stripped and `channel` set, each MessageSid handed to
 *   `service.handleInbound` once; answer its TwiML (a duplicate gets an empty `<Response/>`).
 * A failing service gives 503 with the claim given back. Mount at `/`.
 */
export function twilioMessagesRouter(deps: TwilioDoorDeps): Router {
  const log = deps.logger.child({ module: 'webhooks/twilio-messages' });
  const router = Router();

  router.post('/twilio/messages/status', captureRawBody(), async (req, res) => {
    const update = toStatusUpdate(validate(StatusParams, verifiedTwilioParams(deps, req, log)));
    const ids = { messageSid: update.messageSid, status: update.status };
    const done = await once(
      deps,
      `twilio-status:${update.messageSid}:${update.status}`,
      log,
      ids,
      () => deps.service.handleMessageStatus(update),
    );
    log.info(ids, done ? 'message status handed over' : 'message status delivered again');
    res.status(204).end();
  });

  router.post('/twilio/messages/inbound', captureRawBody(), async (req, res) => {
    const message = toInboundMessage(validate(InboundParams, verifiedTwilioParams(deps, req, log)));
    const ids = { messageSid: message.messageSid, channel: message.channel };
    const done = await once(deps, `twilio-inbound:${message.messageSid}`, log, ids, () =>
      deps.service.handleInbound(message),
    );
    log.info(ids, done ? 'inbound message handed over' : 'inbound message delivered again');
    res
      .status(200)
      .type('text/xml')
      .send(done ? done.value : EMPTY_TWIML);
  });

  return router;
}
