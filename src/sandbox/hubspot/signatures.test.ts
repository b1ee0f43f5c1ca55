import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signV1, signV2, signV3, v3Headers, v3Uri } from './signatures.ts';

// The examples of HubSpot's "Validating requests" pages (v1 and v2 request validation).
const SECRET = 'yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy';

describe('HubSpot request signatures', () => {
  it('v1 matches HubSpot documented example', () => {
    const body =
      '[{"eventId":1,"subscriptionId":12345,"portalId":62515,"occurredAt":1564113600000,"subscriptionType":"contact.creation","attemptNumber":0,"objectId":123,"changeSource":"CRM","changeFlag":"NEW","appId":54321}]';
    expect(signV1({ clientSecret: SECRET, body })).toBe(
      '232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de',
    );
  });

  it('v2 matches HubSpot documented example', () => {
    expect(
      signV2({
        clientSecret: SECRET,
        method: 'GET',
        url: 'https://www.example.com/webhook_uri',
        body: '',
      }),
    ).toBe('eee2dddcc73c94d699f5e395f4b9d454a069a6855fbfa152e91e88823087200e');
  });

  it('v3 is the base64 HMAC of method, decoded uri, body and timestamp', () => {
    const url = 'https://service.example/hubspot/card?email=ann%40example.com&x=%3A%2F';
    const body = '{"a":1}';
    const expected = createHmac('sha256', SECRET)
      .update(
        `POST${'https://service.example/hubspot/card?email=ann@example.com&x=:/'}${body}1700000000000`,
      )
      .digest('base64');
    expect(
      signV3({ clientSecret: SECRET, method: 'post', url, body, timestamp: 1_700_000_000_000 }),
    ).toBe(expected);
    expect(
      v3Headers({ clientSecret: SECRET, method: 'POST', url, body, timestamp: 1_700_000_000_000 }),
    ).toMatchObject({
      'X-HubSpot-Signature-v3': expected,
      'X-HubSpot-Request-Timestamp': '1700000000000',
    });
  });

  it('decodes only the escapes HubSpot lists', () => {
    expect(v3Uri('https://x/a%3Ab%2fc%20d%25e')).toBe('https://x/a:b/c%20d%25e');
  });
});
