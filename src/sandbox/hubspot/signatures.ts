import { createHash, createHmac } from 'node:crypto';

/**
 * HubSpot's request signatures (developer docs, "Validate requests"), for the sandbox's webhooks
 * and for tests that play HubSpot calling the service.
 * - v1: hex SHA-256 of clientSecret + body (webhooks also carry it).
 * - v2: hex SHA-256 of clientSecret + method + uri + body (workflow actions).
 * - v3: base64 HMAC-SHA256, keyed with the client secret, of method + uri + body + timestamp
 *   (webhooks, hubspot.fetch), where uri has these escapes decoded first.
 */
export interface SignInput {
  clientSecret: string;
  method: string;
  /** The full URL HubSpot called, with query string. */
  url: string;
  body: string;
}

const DECODED: ReadonlyArray<[string, string]> = [
  ['%3A', ':'],
  ['%2F', '/'],
  ['%3F', '?'],
  ['%40', '@'],
  ['%21', '!'],
  ['%24', '$'],
  ['%27', "'"],
  ['%28', '('],
  ['%29', ')'],
  ['%2A', '*'],
  ['%2C', ','],
  ['%3B', ';'],
];

/** The URL as HubSpot puts it into a v3 signature. */
export function v3Uri(url: string): string {
  let uri = url;
  for (const [escaped, plain] of DECODED) uri = uri.replace(new RegExp(escaped, 'gi'), plain);
  return uri;
}

export function signV1(input: Pick<SignInput, 'clientSecret' | 'body'>): string {
  return createHash('sha256')
    .update(input.clientSecret + input.body)
    .digest('hex');
}

export function signV2(input: SignInput): string {
  return createHash('sha256')
    .update(input.clientSecret + input.method.toUpperCase() + input.url + input.body)
    .digest('hex');
}

export function signV3(input: SignInput & { timestamp: number | string }): string {
  return createHmac('sha256', input.clientSecret)
    .update(input.method.toUpperCase() + v3Uri(input.url) + input.body + String(input.timestamp))
    .digest('base64');
}

/** The headers of a HubSpot workflow-action request (v2). */
export function v2Headers(input: SignInput): Record<string, string> {
  return {
    'Content-Type': 'application/json',
    'X-HubSpot-Signature': signV2(input),
    'X-HubSpot-Signature-Version': 'v2',
  };
}

/** The headers of a HubSpot webhook or `hubspot.fetch` request (v3; `timestamp` in epoch ms). */
export function v3Headers(input: SignInput & { timestamp: number }): Record<string, string> {
  return {
    'Content-Type': 'application/json',
    'X-HubSpot-Signature-v3': signV3(input),
    'X-HubSpot-Request-Timestamp': String(input.timestamp),
  };
}
