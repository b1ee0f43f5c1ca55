import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SignatureError } from '../src/lib/errors.ts';
import { constantTimeEqual } from './constant-time.ts';
import {
  assertV2,
  assertV3,
  expectedV2,
  expectedV3,
  v3Uri,
  type SignedRequest,
} from './hubspot-signature.ts';

// HubSpot's "Validating requests (v2)" examples: the secret, URL and resulting hashes as published.
const SECRET = 'yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy';
const DOC_URL = 'https://www.example.com/webhook_uri';

function request(
  method: string,
  url: string,
  body: string,
  headers: Record<string, string>,
): SignedRequest {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { method, url, body: Buffer.from(body), header: (name) => lower[name.toLowerCase()] };
}

describe('HubSpot v2 signatures', () => {
  it("match HubSpot's documented GET example", () => {
    const r = request('GET', DOC_URL, '', {});
    expect(expectedV2(SECRET, r)).toBe(
      'eee2dddcc73c94d699f5e395f4b9d454a069a6855fbfa152e91e88823087200e',
    );
  });

  it("match HubSpot's documented POST example, and assertV2 accepts it", () => {
    const body = '{"example_field":"example_value"}';
    const signature = '9569219f8ba981ffa6f6f16aa0f48637d35d728c7e4d93d0d52efaa512af7900';
    expect(expectedV2(SECRET, request('POST', DOC_URL, body, {}))).toBe(signature);
    const headers = { 'X-HubSpot-Signature': signature, 'X-HubSpot-Signature-Version': 'v2' };
    expect(() => assertV2(SECRET, request('POST', DOC_URL, body, headers))).not.toThrow();
  });

  it('refuse a v1 signature, a missing header, and a changed body, URL or secret', () => {
    const body = '{"example_field":"example_value"}';
    const good = '9569219f8ba981ffa6f6f16aa0f48637d35d728c7e4d93d0d52efaa512af7900';
    const v1 = createHash('sha256')
      .update(SECRET + body)
      .digest('hex');
    const cases: [string, SignedRequest, string][] = [
      [
        'v1',
        request('POST', DOC_URL, body, {
          'X-HubSpot-Signature': v1,
          'X-HubSpot-Signature-Version': 'v1',
        }),
        SECRET,
      ],
      ['missing', request('POST', DOC_URL, body, {}), SECRET],
      ['no version', request('POST', DOC_URL, body, { 'X-HubSpot-Signature': good }), SECRET],
      [
        'body',
        request('POST', DOC_URL, body.replace('value', 'valuE'), {
          'X-HubSpot-Signature': good,
          'X-HubSpot-Signature-Version': 'v2',
        }),
        SECRET,
      ],
      [
        'url',
        request('POST', DOC_URL + '?x=1', body, {
          'X-HubSpot-Signature': good,
          'X-HubSpot-Signature-Version': 'v2',
        }),
        SECRET,
      ],
      [
        'secret',
        request('POST', DOC_URL, body, {
          'X-HubSpot-Signature': good,
          'X-HubSpot-Signature-Version': 'v2',
        }),
        'another-secret',
      ],
    ];
    for (const [name, r, secret] of cases) {
      expect(() => assertV2(secret, r), name).toThrow(SignatureError);
    }
  });
});

describe('HubSpot v3 signatures', () => {
  const url = 'https://service.example/hubspot/webhooks?email=ann%40example.com&x=%3a%2F%20';
  const body = '[{"eventId":1}]';
  const now = new Date('2025-06-02T14:00:00.000Z');
  const ts = String(now.getTime());
  // Computed here from HubSpot's description, not with the code under test.
  const independent = createHmac('sha256', SECRET)
    .update(
      `POST${'https://service.example/hubspot/webhooks?email=ann@example.com&x=:/%20'}${body}${ts}`,
    )
    .digest('base64');
  const headers = (signature: string, timestamp = ts) => ({
    'X-HubSpot-Signature-v3': signature,
    'X-HubSpot-Request-Timestamp': timestamp,
  });

  it('decode only the escapes HubSpot lists, in either case', () => {
    expect(v3Uri('https://x/a%3Ab%2fc%20d%25e%3F%40%21%24%27%28%29%2A%2C%3B')).toBe(
      "https://x/a:b/c%20d%25e?@!$'()*,;",
    );
  });

  it('match the HMAC computed independently, and pass at the edges of the window', () => {
    expect(expectedV3(SECRET, request('POST', url, body, {}), ts)).toBe(independent);
    expect(() =>
      assertV3(SECRET, request('POST', url, body, headers(independent)), now),
    ).not.toThrow();
    for (const skew of [-300_000, 300_000]) {
      const at = new Date(now.getTime() + skew);
      expect(() =>
        assertV3(SECRET, request('POST', url, body, headers(independent)), at),
      ).not.toThrow();
    }
  });

  it('refuse a stale or future timestamp, a bad timestamp, a wrong signature', () => {
    const r = (sig: string, t?: string) => request('POST', url, body, headers(sig, t));
    const outside = [new Date(now.getTime() + 300_001), new Date(now.getTime() - 300_001)];
    for (const at of outside)
      expect(() => assertV3(SECRET, r(independent), at)).toThrow(SignatureError);
    expect(() => assertV3(SECRET, r(independent, 'soon'), now)).toThrow(SignatureError);
    expect(() => assertV3(SECRET, r(independent, String(now.getTime() + 1)), now)).toThrow(
      SignatureError,
    );
    expect(() => assertV3('other', r(independent), now)).toThrow(SignatureError);
    expect(() => assertV3(SECRET, request('POST', url, body, {}), now)).toThrow(SignatureError);
  });
});

describe('constantTimeEqual', () => {
  it('is true only for equal strings, and does not throw on unequal lengths', () => {
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
    expect(constantTimeEqual('abc', 'abd')).toBe(false);
    expect(constantTimeEqual('', 'a'.repeat(64))).toBe(false);
    expect(constantTimeEqual('a'.repeat(65), 'a'.repeat(64))).toBe(false);
    expect(constantTimeEqual('a'.repeat(64), '')).toBe(false);
  });
});
