import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signV2, v2Headers, v3Headers } from '../src/sandbox/hubspot/signatures.ts';
import { CLIENT_SECRET, startDoors, type DoorsUnderTest } from './helpers/doors.ts';

/**
 * `POST /hubspot/actions/:action` over real HTTP, signed as HubSpot signs (the HubSpot sandbox's
 * signers), against the real Redis idempotency store.
 */
let doors: DoorsUnderTest;
let counter = 0;

beforeAll(async () => {
  doors = await startDoors();
});
afterAll(async () => {
  await doors.close();
});
beforeEach(() => {
  const s = doors.service;
  s.executions.length = 0;
  s.bestChannelCalls.length = 0;
  s.failing = false;
  s.enqueueDelayMs = 0;
});

/** A body as HubSpot sends it, with a fresh callbackId. */
function actionBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  counter += 1;
  return {
    callbackId: `ap-102670506-56777914962-11-${counter}`,
    origin: {
      portalId: 102670506,
      actionDefinitionId: 10860211,
      actionDefinitionVersion: 1,
      extensionDefinitionId: 10860211,
      extensionDefinitionVersionId: 1,
    },
    context: { source: 'WORKFLOWS', workflowId: 192814114 },
    object: { objectId: 614, objectType: 'CONTACT' },
    inputFields: { template: 'automatic', offer: 'a free whitening', when_not_allowed_now: 'wait' },
    ...overrides,
  };
}

const path = (action: string) => `/hubspot/actions/${action}`;

/** Posts `body` signed v2 over the public URL (as HubSpot does), with extra or replaced headers. */
async function post(
  action: string,
  body: string | Record<string, unknown>,
  options: { headers?: Record<string, string>; signUrl?: string; secret?: string } = {},
): Promise<Response> {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const url = options.signUrl ?? doors.publicBaseUrl + path(action);
  const headers = {
    ...v2Headers({
      clientSecret: options.secret ?? CLIENT_SECRET,
      method: 'POST',
      url,
      body: text,
    }),
    ...options.headers,
  };
  return fetch(doors.baseUrl + path(action), { method: 'POST', headers, body: text });
}

describe('send actions', () => {
  it('hand the execution over once and answer BLOCK for 7 days', async () => {
    const body = actionBody();
    const started = performance.now();
    const response = await post('send-sms', body);
    const elapsed = performance.now() - started;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      outputFields: { hs_execution_state: 'BLOCK', hs_expiration_duration: 'P7D' },
    });
    expect(elapsed).toBeLessThan(500);
    expect(doors.service.executions).toEqual([
      {
        action: 'send-sms',
        callbackId: body.callbackId,
        portalId: 102670506,
        workflowId: '192814114',
        actionDefinitionId: 10860211,
        contactId: '614',
        inputs: { template: 'automatic', offer: 'a free whitening', when_not_allowed_now: 'wait' },
        receivedAt: '2025-06-02T14:00:00.000Z',
      },
    ]);
  });

  it('take ids as strings, flatten input values to strings and drop nulls', async () => {
    const body = actionBody({
      origin: { portalId: '102670506', actionDefinitionId: '7', actionDefinitionVersion: '2' },
      context: { source: 'WORKFLOWS', workflowId: '55' },
      object: { objectId: '9007199254740993', objectType: 'CONTACT' },
      inputFields: { template: 'a', mode: null, max: 3, urgent: false },
      fields: { template: 'b', legacy: 'kept' },
      somethingNew: { nested: true },
    });
    expect((await post('call', body)).status).toBe(200);
    expect(doors.service.executions[0]).toMatchObject({
      action: 'call',
      portalId: 102670506,
      actionDefinitionId: 7,
      workflowId: '55',
      contactId: '9007199254740993',
      inputs: { template: 'a', max: '3', urgent: 'false', legacy: 'kept' },
    });
  });

  it('hand twenty concurrent deliveries of one callbackId over once, all answered BLOCK', async () => {
    doors.service.enqueueDelayMs = 30;
    const body = actionBody();
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => post('send-whatsapp', body)),
    );
    const answers = (await Promise.all(responses.map((r) => r.json()))) as {
      outputFields: Record<string, string>;
    }[];
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    for (const answer of answers) expect(answer.outputFields.hs_execution_state).toBe('BLOCK');
    expect(doors.service.executions).toHaveLength(1);
    // And a later retry still changes nothing.
    expect((await post('send-whatsapp', body)).status).toBe(200);
    expect(doors.service.executions).toHaveLength(1);
  });

  it('answer 503 when the queue fails, giving the callbackId back so the retry is handed over', async () => {
    const body = actionBody();
    doors.service.failing = true;
    const failed = await post('send-sms', body);
    expect(failed.status).toBe(503);
    expect(await failed.json()).toMatchObject({ error: 'service_unavailable' });
    expect(doors.service.executions).toHaveLength(0);
    doors.service.failing = false;
    expect((await post('send-sms', body)).status).toBe(200);
    expect(doors.service.executions.map((e) => e.callbackId)).toEqual([body.callbackId]);
  });
});

describe('best-channel', () => {
  it('answers SUCCESS with the service outputs, every time it is asked', async () => {
    const body = actionBody();
    for (let i = 0; i < 2; i += 1) {
      const response = await post('best-channel', body);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        outputFields: {
          channel: 'sms',
          reason: 'texts are read within minutes',
          hs_execution_state: 'SUCCESS',
        },
      });
    }
    expect(doors.service.bestChannelCalls).toHaveLength(2);
    expect(doors.service.executions).toHaveLength(0);
  });
});

describe('signatures', () => {
  const now = () => doors.clock.now().getTime();
  const v3For = (text: string, timestamp: number, action = 'send-sms') =>
    v3Headers({
      clientSecret: CLIENT_SECRET,
      method: 'POST',
      url: doors.publicBaseUrl + path(action),
      body: text,
      timestamp,
    });

  it('accept v2 alone, and v2 with a right v3', async () => {
    const body = actionBody();
    const text = JSON.stringify(body);
    expect((await post('send-sms', text)).status).toBe(200);
    expect((await post('send-sms', text, { headers: v3For(text, now()) })).status).toBe(200);
    expect(doors.service.executions).toHaveLength(1);
  });

  it('refuse with 401 and hand nothing over', async () => {
    const body = actionBody();
    const text = JSON.stringify(body);
    const local = doors.baseUrl + path('send-sms');
    const cases: [string, Promise<Response>][] = [
      ['wrong secret', post('send-sms', text, { secret: 'not-the-secret' })],
      ['URL express would rebuild', post('send-sms', text, { signUrl: local })],
      ['another action', post('send-sms', text, { signUrl: doors.publicBaseUrl + path('call') })],
      [
        'changed body',
        fetch(local, {
          method: 'POST',
          headers: v2Headers({
            clientSecret: CLIENT_SECRET,
            method: 'POST',
            url: doors.publicBaseUrl + path('send-sms'),
            body: text,
          }),
          body: text.replace('614', '615'),
        }),
      ],
      [
        'missing signature',
        fetch(local, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: text,
        }),
      ],
      [
        'v1 only',
        fetch(local, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            'X-HubSpot-Signature-Version': 'v1',
            'X-HubSpot-Signature': signV2({
              clientSecret: CLIENT_SECRET,
              method: '',
              url: '',
              body: text,
            }),
          },
          body: text,
        }),
      ],
      ['stale v3', post('send-sms', text, { headers: v3For(text, now() - 5 * 60_000 - 1) })],
      ['future v3', post('send-sms', text, { headers: v3For(text, now() + 5 * 60_000 + 1) })],
      [
        'wrong v3',
        post('send-sms', text, {
          headers: { ...v3For(text, now()), 'X-HubSpot-Signature-v3': 'AAAA' },
        }),
      ],
    ];
    for (const [name, pending] of cases) {
      const response = await pending;
      expect(response.status, name).toBe(401);
      expect(await response.json(), name).toMatchObject({ error: 'invalid_signature' });
    }
    expect(doors.service.executions).toHaveLength(0);
  });
});

describe('bodies', () => {
  const bad: [string, Record<string, unknown> | string, string][] = [
    [
      'objectId of another shape',
      { object: { objectId: 'abc', objectType: 'CONTACT' } },
      'object.objectId',
    ],
    ['a company', { object: { objectId: 1, objectType: 'COMPANY' } }, 'object.objectType'],
    ['no callbackId', { callbackId: undefined }, 'callbackId'],
    ['a callbackId with spaces', { callbackId: 'a b' }, 'callbackId'],
    ['no origin', { origin: undefined }, 'origin'],
    ['portal 0', { origin: { portalId: 0 } }, 'origin.portalId'],
    ['a nested input', { inputFields: { template: { value: 'a' } } }, 'inputFields.template'],
    ['inputs as a list', { inputFields: ['a'] }, 'inputFields'],
    ['a fractional workflow id', { context: { workflowId: 1.5 } }, 'context.workflowId'],
  ];
  for (const [name, overrides, field] of bad) {
    it(`answer 400 naming the field: ${name}`, async () => {
      const response = await post('send-sms', actionBody(overrides as Record<string, unknown>));
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: 'invalid_input', field });
      expect(doors.service.executions).toHaveLength(0);
    });
  }

  it('answer 400 for JSON that is not an object, and for text that is not JSON', async () => {
    const array = await post('send-sms', '[1,2]');
    expect(array.status).toBe(400);
    expect(await array.json()).toMatchObject({ error: 'invalid_input', field: '(body)' });
    const broken = await post('send-sms', '{"callbackId":');
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ error: 'malformed_body' });
  });

  it('answer 413 over 1 MB, before any signature is checked', async () => {
    const body = actionBody({ inputFields: { offer: 'x'.repeat(1024 * 1024) } });
    const response = await post('send-sms', body);
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: 'payload_too_large' });
    expect(doors.service.executions).toHaveLength(0);
  });

  it('answer 404 for an action that does not exist', async () => {
    const response = await post('send-fax', actionBody());
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: 'not_found' });
  });
});
