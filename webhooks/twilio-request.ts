import type { Request } from 'express';
import type { Logger } from '../src/lib/logger.ts';
import type { TwilioDoorDeps } from './door-deps.ts';
import { errorKind } from './door-errors.ts';
import { parseFormBody, publicUrl, queryParamsOf, rawBodyOf, type FormParams } from './raw-body.ts';
import { assertTwilioSignature } from './twilio-signature.ts';

/**
 * Twilio's parameters once `X-Twilio-Signature` has been checked over the public URL: the form
 * fields of a POST (415 for another content type, 400 for bytes that are not UTF-8), or the query
 * parameters of a GET (signed as part of the URL). 401 when the signature is missing or wrong.
 */
export function verifiedTwilioParams(
  deps: Pick<TwilioDoorDeps, 'authToken' | 'publicBaseUrl'>,
  req: Request,
  log: Logger,
): FormParams {
  const form = req.method === 'POST' ? parseFormBody(req, rawBodyOf(req)) : undefined;
  try {
    assertTwilioSignature(
      deps.authToken,
      req.get('X-Twilio-Signature'),
      publicUrl(deps.publicBaseUrl, req),
      form ?? {},
    );
  } catch (error) {
    log.warn({ path: req.path, reason: errorKind(error) }, 'Twilio webhook refused: signature');
    throw error;
  }
  return form ?? queryParamsOf(req.originalUrl);
}
