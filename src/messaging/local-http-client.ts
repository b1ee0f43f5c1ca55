import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient.js';
import { z } from 'zod';
import { ValidationError } from '../lib/errors.ts';

type RequestClientOptions = RequestClient.RequestClientOptions;
/** twilio-node's response type, as its RequestClient declares it. */
type ClientResponse<TData> = Awaited<ReturnType<RequestClient['request']>> & { body: TData };

const baseUrlSchema = z.url({ protocol: /^https?$/ });

/**
 * Where a Twilio API URL goes on a stand-in: the Twilio host becomes the first path segment, so
 * one server can tell the products apart (`https://api.twilio.com/2010-04-01/…` →
 * `<base>/api.twilio.com/2010-04-01/…`). Region and edge hosts (`api.sydney.au1.twilio.com`)
 * map to their product's host; URLs outside twilio.com are left alone.
 */
export function rewriteTwilioUrl(baseUrl: string, uri: string): string {
  const url = new URL(uri);
  if (!/(^|\.)twilio\.com$/.test(url.hostname)) return uri;
  const product = url.hostname.split('.')[0];
  return `${baseUrl.replace(/\/+$/, '')}/${product}.twilio.com${url.pathname}${url.search}`;
}

/**
 * twilio-node's RequestClient pointed at another base URL. Everything else is twilio-node's own
 * behaviour, inherited: form-encoded bodies (repeated keys for arrays), basic auth or the
 * client's auth strategy, JSON responses, timeouts, and `autoRetry` backoff on 429.
 */
export class LocalTwilioHttpClient extends twilio.RequestClient {
  readonly baseUrl: string;

  constructor(baseUrl: string, options: RequestClientOptions = {}) {
    super(options);
    const parsed = baseUrlSchema.safeParse(baseUrl);
    if (!parsed.success)
      throw new ValidationError(`not an http(s) base URL: ${baseUrl}`, 'baseUrl');
    this.baseUrl = parsed.data;
  }

  override request<TData>(
    opts: RequestClient.RequestOptions<TData>,
  ): Promise<ClientResponse<TData>> {
    return super.request<TData>({ ...opts, uri: rewriteTwilioUrl(this.baseUrl, opts.uri) });
  }
}

/**
 * The `httpClient` that sends the real `twilio` package to a local stand-in (the sandbox, or
 * whatever `TWILIO_API_BASE_URL` names): `twilio(sid, token, { httpClient:
 * createLocalTwilioHttpClient(sandbox.baseUrl) })`. Options are RequestClient's (`timeout`,
 * `autoRetry`, `maxRetries`, `maxRetryDelay`, `keepAlive`).
 */
export function createLocalTwilioHttpClient(
  baseUrl: string,
  options: RequestClientOptions = {},
): LocalTwilioHttpClient {
  return new LocalTwilioHttpClient(baseUrl, options);
}
