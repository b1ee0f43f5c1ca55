import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalTwilioHttpClient } from '../../messaging/local-http-client.ts';
import { startTwilioSandbox, type TwilioSandbox } from './index.ts';

let sandbox: TwilioSandbox;
let client: twilio.Twilio;
const SID = 'HX' + 'c'.repeat(32);

beforeAll(async () => {
  sandbox = await startTwilioSandbox({
    whatsappTemplates: [
      {
        sid: SID,
        friendlyName: 'Recall due',
        body: 'Hi {{1}}, time for a visit.',
        variables: { 1: 'there' },
      },
      { friendlyName: 'Spring offer', body: 'Offer', category: 'MARKETING', status: 'rejected' },
      ...Array.from({ length: 5 }, (_, i) => ({ friendlyName: `Extra ${i}`, body: 'x' })),
    ],
  });
  client = twilio(sandbox.accountSid, sandbox.authToken, {
    httpClient: createLocalTwilioHttpClient(sandbox.baseUrl),
  });
});

afterAll(() => sandbox.stop());

describe('Content API v1', () => {
  it('lists the seeded templates, across pages', async () => {
    const all = await client.content.v1.contents.list({ pageSize: 3 });
    expect(all).toHaveLength(7);
    expect(all[0]).toMatchObject({
      sid: SID,
      friendlyName: 'Recall due',
      language: 'en',
      variables: { 1: 'there' },
    });
    expect(all[0]?.types).toEqual({ 'twilio/text': { body: 'Hi {{1}}, time for a visit.' } });
    const page = await client.content.v1.contents.page({ pageSize: 3 });
    expect(page.nextPageUrl).toMatch(
      /^https:\/\/content\.twilio\.com\/v1\/Content\?PageSize=3&Page=1&PageToken=PA/,
    );
  });

  it('fetches one template, and its WhatsApp approval', async () => {
    const content = await client.content.v1.contents(SID).fetch();
    expect(content.url).toBe(`https://content.twilio.com/v1/Content/${SID}`);
    const approval = await client.content.v1.contents(SID).approvalFetch().fetch();
    expect(approval.whatsapp).toMatchObject({
      status: 'approved',
      category: 'UTILITY',
      name: 'recall_due',
    });
  });

  it('lists templates with their approval status', async () => {
    const withApprovals = await client.content.v1.contentAndApprovals.list();
    const offer = withApprovals.find((c) => c.friendlyName === 'Spring offer');
    expect(offer?.approvalRequests).toMatchObject({ status: 'rejected', category: 'MARKETING' });
  });

  it('answers 20404 for an unknown template', async () => {
    const error = await client.content.v1
      .contents('HX' + '0'.repeat(32))
      .fetch()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 404, code: 20404 });
  });
});
