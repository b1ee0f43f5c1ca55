import { randomUUID } from 'node:crypto';
import type { Clock } from '../../lib/clock.ts';
import { signTwilioRequest, type WebhookParams } from './signature.ts';
import type { WebhookDelivery } from './types.ts';

/** Twilio gives up on a webhook after 15 seconds. */
const WEBHOOK_TIMEOUT_MS = 15_000;

function formBody(params: WebhookParams): URLSearchParams {
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const item of Array.isArray(value) ? value : [value]) form.append(key, item);
  }
  return form;
}

/**
 * Sends one webhook as Twilio does: form-encoded POST (or GET with the parameters in the query
 * string), `X-Twilio-Signature` over the exact URL requested, Twilio's user agent and an
 * idempotency token. Never throws: an unreachable URL is recorded with status null.
 */
export async function sendWebhook(args: {
  kind: WebhookDelivery['kind'];
  url: string;
  method?: 'POST' | 'GET';
  params: WebhookParams;
  authToken: string;
  clock: Clock;
  log: WebhookDelivery[];
}): Promise<WebhookDelivery> {
  const method = args.method ?? 'POST';
  let url = args.url;
  if (method === 'GET') {
    const query = formBody(args.params).toString();
    url += (url.includes('?') ? '&' : '?') + query;
  }
  const signature = signTwilioRequest(args.authToken, url, method === 'POST' ? args.params : {});
  const delivery: WebhookDelivery = {
    kind: args.kind,
    url,
    method,
    params: args.params,
    signature,
    status: null,
    body: '',
    at: args.clock.now(),
  };
  try {
    const response = await fetch(url, {
      method,
      headers: {
        'X-Twilio-Signature': signature,
        'I-Twilio-Idempotency-Token': randomUUID(),
        'User-Agent': 'TwilioProxy/1.1',
        Accept: '*/*',
        ...(method === 'POST' ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(method === 'POST' ? { body: formBody(args.params) } : {}),
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
    delivery.status = response.status;
    delivery.body = await response.text();
  } catch {
    // Twilio records the failure (11200) and moves on; so does the sandbox.
    delivery.status = null;
  }
  args.log.push(delivery);
  return delivery;
}
