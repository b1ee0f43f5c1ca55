import { createHmac } from 'node:crypto';

/** The parameters of a form-encoded webhook; a repeated key carries an array. */
export type WebhookParams = Record<string, string | string[]>;

/**
 * The `X-Twilio-Signature` Twilio puts on every webhook: base64 of HMAC-SHA1, keyed with the auth
 * token, over the full URL (query string included) followed by each POST parameter as key + value,
 * keys sorted. A repeated key contributes each distinct value, sorted, as twilio-node's
 * `validateRequest` expects. A GET webhook carries no POST parameters: pass `{}`.
 */
export function signTwilioRequest(authToken: string, url: string, params: WebhookParams): string {
  let data = url;
  for (const key of Object.keys(params).sort()) {
    const value = params[key];
    if (value === undefined) continue;
    const values = Array.isArray(value) ? Array.from(new Set(value)).sort() : [value];
    for (const item of values) data += key + item;
  }
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf-8')).digest('base64');
}
