import twilio from 'twilio';
import { SignatureError } from '../src/lib/errors.ts';
import type { FormParams } from './raw-body.ts';

/**
 * Checks `X-Twilio-Signature` with twilio-node's own `validateRequest` (HMAC-SHA1 keyed with the
 * auth token over the URL and the sorted POST parameters; it compares in constant time and also
 * tries the URL with and without the default port). `url` is the public URL Twilio called; for a
 * GET, `params` is empty (the parameters are in the URL). Throws SignatureError when it fails.
 */
export function assertTwilioSignature(
  authToken: string,
  signature: string | undefined,
  url: string,
  params: FormParams,
): void {
  if (!signature) throw new SignatureError('missing X-Twilio-Signature');
  let valid = false;
  try {
    valid = twilio.validateRequest(authToken, signature, url, { ...params });
  } catch {
    // validateRequest parses the URL; a URL it cannot parse was not signed by Twilio either.
    valid = false;
  }
  if (!valid) throw new SignatureError('X-Twilio-Signature does not match');
}
