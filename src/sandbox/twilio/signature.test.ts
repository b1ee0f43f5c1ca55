import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { signTwilioRequest } from './signature.ts';

describe('signTwilioRequest', () => {
  const vector = {
    token: '12345',
    url: 'https://mycompany.com/myapp.php?foo=1&bar=2',
    params: {
      CallSid: 'CA1234567890ABCDE',
      Caller: '+14158675309',
      Digits: '1234',
      From: '+14158675309',
      To: '+18005551212',
    },
  };

  it("matches twilio-node's own test vector", () => {
    expect(signTwilioRequest(vector.token, vector.url, vector.params)).toBe(
      'RSOYDt4T1cUTdK1PDd93/VVr8B8=',
    );
  });

  it('is accepted by twilio.validateRequest and rejected for a changed parameter or URL', () => {
    const params = {
      MessageSid: 'SM' + 'a'.repeat(32),
      MessageStatus: 'delivered',
      Body: 'Olá 😀 & more',
    };
    const url = 'http://127.0.0.1:4567/twilio/messages/status?x=1';
    const signature = signTwilioRequest('secret', url, params);
    expect(twilio.validateRequest('secret', signature, url, params)).toBe(true);
    expect(
      twilio.validateRequest('secret', signature, url, { ...params, MessageStatus: 'sent' }),
    ).toBe(false);
    expect(twilio.validateRequest('secret', signature, url.replace('x=1', 'x=2'), params)).toBe(
      false,
    );
    expect(twilio.validateRequest('other', signature, url, params)).toBe(false);
  });

  it('signs repeated keys (arrays) as twilio-node validates them: distinct values, sorted', () => {
    const params = { StatusCallbackEvent: ['ringing', 'answered', 'ringing'], To: '+14155552671' };
    const signature = signTwilioRequest('secret', 'https://example.com/hook', params);
    expect(signature).toBe(
      twilio.getExpectedTwilioSignature('secret', 'https://example.com/hook', params),
    );
  });

  it('signs a GET webhook over the URL alone', () => {
    const url = 'https://example.com/voice?CallSid=CA1&Digits=1';
    expect(signTwilioRequest('secret', url, {})).toBe(
      twilio.getExpectedTwilioSignature('secret', url, {}),
    );
  });
});
