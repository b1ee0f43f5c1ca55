import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTwilioClient } from '../../messaging/twilio-client.ts';
import { startTwilioSandbox, type TwilioSandbox } from './index.ts';

/**
 * The account and Messaging Service fetches, through the real `twilio` package. The service's
 * properties are those of `messaging.v1.service` in Twilio's OpenAPI file
 * (twilio/twilio-oai, spec/json/twilio_messaging_v1.json), which ../shared/specs/twilio/ lacks.
 */
const SERVICE = `MG${'3'.repeat(32)}`;
const SERVICE_PROPERTIES = [
  'sid',
  'account_sid',
  'friendly_name',
  'date_created',
  'date_updated',
  'inbound_request_url',
  'inbound_method',
  'fallback_url',
  'fallback_method',
  'status_callback',
  'sticky_sender',
  'mms_converter',
  'smart_encoding',
  'scan_message_content',
  'fallback_to_long_code',
  'area_code_geomatch',
  'synchronous_validation',
  'validity_period',
  'url',
  'links',
  'usecase',
  'us_app_to_person_registered',
  'use_inbound_webhook_on_number',
];

describe('Twilio sandbox: account and messaging service', () => {
  let sandbox: TwilioSandbox;
  beforeAll(async () => {
    sandbox = await startTwilioSandbox({
      messagingServices: [SERVICE],
      inboundUrl: 'https://example.test/twilio/messages/inbound',
    });
  });
  afterAll(async () => {
    await sandbox.stop();
  });
  const client = (authToken = sandbox.authToken) =>
    createTwilioClient({ accountSid: sandbox.accountSid, authToken, apiBaseUrl: sandbox.baseUrl });

  it('fetches the account with good credentials; 401 / 20003 with a wrong token', async () => {
    const account = await client().api.v2010.accounts(sandbox.accountSid).fetch();
    expect(account).toMatchObject({ sid: sandbox.accountSid, status: 'active', type: 'Full' });
    await expect(
      client('0'.repeat(32)).api.v2010.accounts(sandbox.accountSid).fetch(),
    ).rejects.toMatchObject({ status: 401, code: 20003 });
  });

  it('fetches a known messaging service with exactly the documented properties', async () => {
    const service = await client().messaging.v1.services(SERVICE).fetch();
    expect(service).toMatchObject({
      sid: SERVICE,
      accountSid: sandbox.accountSid,
      inboundRequestUrl: 'https://example.test/twilio/messages/inbound',
    });
    const raw = (await fetch(`${sandbox.baseUrl}/messaging.twilio.com/v1/Services/${SERVICE}`, {
      headers: {
        Authorization: `Basic ${Buffer.from(`${sandbox.accountSid}:${sandbox.authToken}`).toString('base64')}`,
      },
    }).then((r) => r.json())) as Record<string, unknown>;
    expect(Object.keys(raw).sort()).toEqual([...SERVICE_PROPERTIES].sort());
    expect(raw.date_created).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });

  it('answers 404 / 20404 for a service the account does not have', async () => {
    await expect(
      client()
        .messaging.v1.services(`MG${'4'.repeat(32)}`)
        .fetch(),
    ).rejects.toMatchObject({ status: 404, code: 20404 });
  });
});
