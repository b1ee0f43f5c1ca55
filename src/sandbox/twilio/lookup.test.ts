import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalTwilioHttpClient } from '../../messaging/local-http-client.ts';
import { startTwilioSandbox, type TwilioSandbox } from './index.ts';

let sandbox: TwilioSandbox;
let client: twilio.Twilio;

beforeAll(async () => {
  sandbox = await startTwilioSandbox({
    lineTypes: {
      '+14155550100': 'landline',
      '+14155550101': 'fixedVoip',
      '+14155550102': 'nonFixedVoip',
    },
  });
  client = twilio(sandbox.accountSid, sandbox.authToken, {
    httpClient: createLocalTwilioHttpClient(sandbox.baseUrl),
  });
});

afterAll(() => sandbox.stop());

const lti = (number: string) =>
  client.lookups.v2.phoneNumbers(number).fetch({ fields: 'line_type_intelligence' });

describe('Lookup v2 line type intelligence', () => {
  it.each([
    ['+14155550100', 'landline'],
    ['+14155550101', 'fixedVoip'],
    ['+14155550102', 'nonFixedVoip'],
    // Not configured: libphonenumber's metadata (US "fixed line or mobile" counts as mobile).
    ['+14155552671', 'mobile'],
    ['+18005551212', 'tollFree'],
    ['+447911123456', 'mobile'],
    ['+493012345678', 'landline'],
  ])('%s is %s', async (number, type) => {
    const result = await lti(number);
    expect(result.valid).toBe(true);
    expect(result.lineTypeIntelligence).toMatchObject({ type, errorCode: null });
    expect(result.lineTypeIntelligence.carrierName).toEqual(expect.any(String));
  });

  it('answers a valid number with its formats', async () => {
    const result = await lti('+14155552671');
    expect(result).toMatchObject({
      phoneNumber: '+14155552671',
      nationalFormat: '(415) 555-2671',
      countryCode: 'US',
      callingCountryCode: '1',
      validationErrors: null,
      url: 'https://lookups.twilio.com/v2/PhoneNumbers/+14155552671',
    });
  });

  it('reads national input in CountryCode', async () => {
    const result = await client.lookups.v2
      .phoneNumbers('07400 123456')
      .fetch({ countryCode: 'GB' });
    expect(result).toMatchObject({
      valid: true,
      phoneNumber: '+447400123456',
      countryCode: 'GB',
      nationalFormat: '07400 123456',
    });
  });

  it('omits line type intelligence unless asked', async () => {
    expect(
      (await client.lookups.v2.phoneNumbers('+14155552671').fetch()).lineTypeIntelligence,
    ).toBeNull();
  });

  it.each([
    ['+141599299600', 'TOO_LONG'],
    ['+1415', 'TOO_SHORT'],
    ['+14151234567', 'INVALID_BUT_POSSIBLE'],
  ])(
    'answers %s with valid: false (%s) and no line type, as Twilio does',
    async (number, reason) => {
      const result = await lti(number);
      expect(result).toMatchObject({
        valid: false,
        validationErrors: [reason],
        callingCountryCode: null,
        nationalFormat: null,
        lineTypeIntelligence: null,
      });
    },
  );

  it('follows setLineType changes', async () => {
    sandbox.setLineType('+14155559999', 'landline');
    expect((await lti('+14155559999')).lineTypeIntelligence.type).toBe('landline');
  });
});
