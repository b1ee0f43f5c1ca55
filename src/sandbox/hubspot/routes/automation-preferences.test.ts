import type { Client } from '@hubspot/api-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startHubSpotSandbox, type HubSpotSandbox } from '../sandbox.ts';
import { apiError, sandboxClient } from '../test-support.ts';

let sandbox: HubSpotSandbox;
let client: Client;

beforeAll(async () => {
  sandbox = await startHubSpotSandbox({ rateLimit: false });
  client = sandboxClient(sandbox);
});
afterAll(() => sandbox.close());

describe('workflow action callbacks', () => {
  it('records single and batch completions (204) and marks a repeat as a duplicate', async () => {
    await client.automation.actions.callbacksApi.complete('cb-1', {
      outputFields: { hs_execution_state: 'SUCCESS' },
    });
    await client.automation.actions.callbacksApi.completeBatch({
      inputs: [
        { callbackId: 'cb-2', outputFields: { hs_execution_state: 'FAIL_CONTINUE' } },
        { callbackId: 'cb-1', outputFields: { hs_execution_state: 'SUCCESS' } },
      ],
    });
    expect(
      sandbox.callbackCompletions.map((c) => [
        c.callbackId,
        c.via,
        c.duplicate,
        c.outputFields['hs_execution_state'],
      ]),
    ).toEqual([
      ['cb-1', 'single', false, 'SUCCESS'],
      ['cb-2', 'batch', false, 'FAIL_CONTINUE'],
      ['cb-1', 'batch', true, 'SUCCESS'],
    ]);
  });

  it('refuses a completion without outputFields', async () => {
    const error = await apiError(
      client.automation.actions.callbacksApi.complete('cb-3', {} as never),
    );
    expect(error.code).toBe(400);
  });
});

// The v4 shapes of HubSpot's API reference (the api-client 13.x has only the v3 API, so the
// service calls these paths with `client.apiRequest`).
const batchEnvelope = <T extends z.ZodType>(result: T) =>
  z.object({
    status: z.enum(['PENDING', 'PROCESSING', 'CANCELED', 'COMPLETE']),
    results: z.array(result),
    startedAt: z.iso.datetime(),
    completedAt: z.iso.datetime(),
  });
const publicStatus = z.object({
  channel: z.literal('EMAIL'),
  source: z.string(),
  status: z.enum(['SUBSCRIBED', 'NOT_SUBSCRIBED', 'NOT_SPECIFIED']),
  subscriberIdString: z.string(),
  subscriptionId: z.number(),
  timestamp: z.iso.datetime(),
});
const wideStatus = z.object({
  channel: z.literal('EMAIL'),
  status: z.string(),
  subscriberIdString: z.string(),
  timestamp: z.iso.datetime(),
  wideStatusType: z.string(),
});

async function call(method: 'GET' | 'POST', path: string, qs: Record<string, string>) {
  const response = await client.apiRequest({ method, path, qs });
  return { status: response.status, body: (await response.json()) as unknown };
}

describe('communication preferences v4', () => {
  it('unsubscribes an address from all email and reports it, setting hs_email_optout on its contact', async () => {
    const contact = sandbox.createContact({ email: 'ann@example.com' });
    const before = await call('GET', '/communication-preferences/v4/statuses/ann@example.com', {
      channel: 'EMAIL',
    });
    expect(
      batchEnvelope(publicStatus)
        .parse(before.body)
        .results.every((r) => r.status === 'NOT_SPECIFIED'),
    ).toBe(true);
    const wideBefore = await call(
      'GET',
      '/communication-preferences/v4/statuses/ann@example.com/unsubscribe-all',
      { channel: 'EMAIL' },
    );
    expect(batchEnvelope(wideStatus).parse(wideBefore.body).results).toEqual([]);

    const out = await call(
      'POST',
      '/communication-preferences/v4/statuses/ann%40example.com/unsubscribe-all',
      { channel: 'EMAIL', verbose: 'true' },
    );
    expect(out.status).toBe(200);
    const parsed = batchEnvelope(publicStatus).parse(out.body);
    expect(parsed.results.length).toBeGreaterThan(0);
    expect(
      parsed.results.every(
        (r) => r.status === 'NOT_SUBSCRIBED' && r.subscriberIdString === 'ann@example.com',
      ),
    ).toBe(true);

    const after = await call(
      'GET',
      '/communication-preferences/v4/statuses/ann@example.com/unsubscribe-all',
      { channel: 'EMAIL' },
    );
    expect(batchEnvelope(wideStatus).parse(after.body).results).toEqual([
      expect.objectContaining({ status: 'NOT_SUBSCRIBED', wideStatusType: 'PORTAL_WIDE' }),
    ]);
    expect(sandbox.contacts.get(contact.id)?.properties['hs_email_optout']).toBe('true');
    expect(sandbox.emailSubscriptions.get('ANN@example.com')?.unsubscribedFromAll).toBeInstanceOf(
      Date,
    );
  });

  it('answers empty results without verbose, and 400 without channel=EMAIL', async () => {
    const quiet = await call(
      'POST',
      '/communication-preferences/v4/statuses/bo@example.com/unsubscribe-all',
      { channel: 'EMAIL' },
    );
    expect(batchEnvelope(publicStatus).parse(quiet.body).results).toEqual([]);
    const noChannel = await call(
      'POST',
      '/communication-preferences/v4/statuses/bo@example.com/unsubscribe-all',
      {},
    );
    expect(noChannel.status).toBe(400);
  });

  it('does not let the API write hs_email_optout itself', async () => {
    const error = await apiError(
      client.crm.contacts.basicApi.create({
        properties: { email: 'x@example.com', hs_email_optout: 'false' },
        associations: [],
      }),
    );
    expect(error.code).toBe(400);
  });
});
