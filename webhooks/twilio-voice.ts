import { Router, type Request, type Response } from 'express';
import { NotFoundError } from '../src/lib/errors.ts';
import type { TwilioDoorDeps } from './door-deps.ts';
import { errorKind, handOverFailure } from './door-errors.ts';
import { captureRawBody, firstValues, queryParamsOf } from './raw-body.ts';
import { verifiedTwilioParams } from './twilio-request.ts';
import { VoiceParams, VoiceStep, toVoiceRequest } from './twilio-params.ts';
import { validate } from './validate.ts';

/**
 * `POST|GET /twilio/voice/:step`: the steps of an automated call (answer, a key pressed, the
 * end). Twilio may call with either method; a POST carries its parameters in the form, a GET in
 * the query string next to our own (e.g. `?c=<call token>`). Signature checked over the public
 * URL, parameters validated, then `service.handleVoice` gives the TwiML, answered as text/xml.
 * No dedupe: the steps of a call are not repeatable events, the service knows where the call is.
 * `query` holds every query parameter of the URL (for a GET, Twilio's as well). Mount at `/`.
 */
export function twilioVoiceRouter(deps: TwilioDoorDeps): Router {
  const log = deps.logger.child({ module: 'webhooks/twilio-voice' });
  const router = Router();

  const handle = async (req: Request, res: Response) => {
    const step = VoiceStep.safeParse(req.params.step);
    if (!step.success) throw new NotFoundError('no such call step');
    const query = queryParamsOf(req.originalUrl);
    const params = verifiedTwilioParams(deps, req, log);
    const request = toVoiceRequest(step.data, validate(VoiceParams, params), firstValues(query));
    const ids = { step: request.step, callSid: request.callSid };
    const twiml = await deps.service.handleVoice(request).catch((error: unknown) => {
      log.warn({ ...ids, error: errorKind(error) }, 'voice step not handled');
      throw handOverFailure(error);
    });
    log.info(ids, 'voice step handed over');
    res.status(200).type('text/xml').send(twiml);
  };

  router.route('/twilio/voice/:step').get(captureRawBody(), handle).post(captureRawBody(), handle);
  return router;
}
