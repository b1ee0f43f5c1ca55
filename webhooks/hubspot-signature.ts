import { createHash, createHmac } from 'node:crypto';
import { SignatureError } from '../src/lib/errors.ts';
import { constantTimeEqual } from './constant-time.ts';

/**
 * HubSpot's request signatures (developer docs, "Validating requests"), checked on the exact
 * bytes received. `@hubspot/api-client`'s `Signature.isValid` is not used: it defaults to v1,
 * compares with `===` and does not decode the URI for v3.
 * - v2 (workflow actions): `X-HubSpot-Signature` = hex SHA-256 of
 *   clientSecret + method + url + body, with `X-HubSpot-Signature-Version: v2`. HubSpot documents
 *   v2 for custom actions, so v1 (clientSecret + body, no URL) is refused.
 * - v3 (webhooks, hubspot.fetch): `X-HubSpot-Signature-v3` = base64 HMAC-SHA256 keyed with the
 *   client secret over method + uri + body + timestamp, `uri` with a few escapes decoded, and
 *   `X-HubSpot-Request-Timestamp` (epoch ms) within five minutes of now either way.
 */

/** How far a v3 timestamp may be from our clock, in either direction. */
export const MAX_TIMESTAMP_SKEW_MS = 5 * 60_000;

/** A request as the signature sees it. */
export interface SignedRequest {
  /** Upper-case HTTP method. */
  method: string;
  /** The full public URL, query string included. */
  url: string;
  body: Buffer;
  /** A request header by name (case-insensitive), as express's `req.get`. */
  header(name: string): string | undefined;
}

const V3_DECODED: ReadonlyArray<[RegExp, string]> = [
  [/%3A/gi, ':'],
  [/%2F/gi, '/'],
  [/%3F/gi, '?'],
  [/%40/gi, '@'],
  [/%21/gi, '!'],
  [/%24/gi, '$'],
  [/%27/gi, "'"],
  [/%28/gi, '('],
  [/%29/gi, ')'],
  [/%2A/gi, '*'],
  [/%2C/gi, ','],
  [/%3B/gi, ';'],
];

/** The URL as HubSpot puts it into a v3 signature: only the escapes HubSpot lists are decoded. */
export function v3Uri(url: string): string {
  let uri = url;
  for (const [escaped, plain] of V3_DECODED) uri = uri.replace(escaped, plain);
  return uri;
}

/** The v2 signature HubSpot would send for this request. */
export function expectedV2(clientSecret: string, r: Omit<SignedRequest, 'header'>): string {
  return createHash('sha256')
    .update(clientSecret + r.method.toUpperCase() + r.url, 'utf8')
    .update(r.body)
    .digest('hex');
}

/** The v3 signature HubSpot would send for this request and timestamp (the header's text). */
export function expectedV3(
  clientSecret: string,
  r: Omit<SignedRequest, 'header'>,
  timestamp: string,
): string {
  return createHmac('sha256', clientSecret)
    .update(r.method.toUpperCase() + v3Uri(r.url), 'utf8')
    .update(r.body)
    .update(timestamp, 'utf8')
    .digest('base64');
}

/** Throws SignatureError unless the request carries a right v2 signature. */
export function assertV2(clientSecret: string, r: SignedRequest): void {
  const version = r.header('X-HubSpot-Signature-Version');
  const signature = r.header('X-HubSpot-Signature');
  if (!signature) throw new SignatureError('missing X-HubSpot-Signature');
  if (version?.trim().toLowerCase() !== 'v2') {
    throw new SignatureError('expected X-HubSpot-Signature-Version v2');
  }
  if (!constantTimeEqual(signature.trim().toLowerCase(), expectedV2(clientSecret, r))) {
    throw new SignatureError('X-HubSpot-Signature does not match');
  }
}

/** True when the request carries any of the v3 headers (then they must all be right). */
export function hasV3(r: SignedRequest): boolean {
  return (
    r.header('X-HubSpot-Signature-v3') !== undefined ||
    r.header('X-HubSpot-Request-Timestamp') !== undefined
  );
}

/** Throws SignatureError unless the request carries a right v3 signature with a fresh timestamp. */
export function assertV3(clientSecret: string, r: SignedRequest, now: Date): void {
  const signature = r.header('X-HubSpot-Signature-v3');
  const timestamp = r.header('X-HubSpot-Request-Timestamp');
  if (!signature) throw new SignatureError('missing X-HubSpot-Signature-v3');
  if (!timestamp || !/^\d{1,16}$/.test(timestamp)) {
    throw new SignatureError('missing or unreadable X-HubSpot-Request-Timestamp');
  }
  if (Math.abs(now.getTime() - Number(timestamp)) > MAX_TIMESTAMP_SKEW_MS) {
    throw new SignatureError('X-HubSpot-Request-Timestamp is more than 5 minutes from now');
  }
  if (!constantTimeEqual(signature.trim(), expectedV3(clientSecret, r, timestamp))) {
    throw new SignatureError('X-HubSpot-Signature-v3 does not match');
  }
}
