import twilio from 'twilio';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLocalTwilioHttpClient } from '../src/messaging/local-http-client.ts';
import { signTwilioRequest, startTwilioSandbox } from '../src/sandbox/twilio/index.ts';
import { AUTH_TOKEN, startDoors, type DoorsUnderTest } from './helpers/doors.ts';

/**
 * The Twilio doors over real HTTP: signatures made with twilio-node's own helper and with the
 * Twilio sandbox's signer, dedupe on the real Redis store, TwiML answers; then the sandbox itself
 * posting inbound messages, status callbacks and a call's steps to the doors.
 */
let doors: DoorsUnderTest;
let counter = 0;
const ACCOUNT = 'AC' + 'a'.repeat(32);
const PATIENT = '+14155550123';
const PRACTICE = '+15017122661';
const BODY_TEXT = 'Yes please, Tuesday works for my cleaning';

const sid = (prefix: string) => {
  counter += 1;
  return prefix + counter.toString(16).padStart(32, '0');
};

beforeAll(async () => {
  doors = await startDoors({ captureLogs: true });
});
afterAll(async () => {
  await doors.close();
});
beforeEach(() => {
  const s = doors.service;
  s.statuses.length = 0;
  s.inbound.length = 0;
  s.voice.length = 0;
  s.failing = false;
});

type Params = Record<string, string>;

/** Posts a form as Twilio does, signed over the public URL with twilio-node's own helper. */
async function postForm(
  path: string,
  params: Params,
  options: { sign?: (url: string) => string; contentType?: string; body?: string } = {},
): Promise<Response> {
  const url = doors.publicBaseUrl + path;
  const signature = options.sign
    ? options.sign(url)
    : twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, params);
  return fetch(doors.baseUrl + path, {
    method: 'POST',
    headers: {
      'X-Twilio-Signature': signature,
      'Content-Type': options.contentType ?? 'application/x-www-form-urlencoded',
    },
    body: options.body ?? new URLSearchParams(params).toString(),
  });
}

function statusParams(messageSid: string, status: string, extra: Params = {}): Params {
  return {
    AccountSid: ACCOUNT,
    ApiVersion: '2010-04-01',
    MessageSid: messageSid,
    MessageStatus: status,
    SmsSid: messageSid,
    SmsStatus: status,
    To: PATIENT,
    From: PRACTICE,
    ...extra,
  };
}

describe('message status callbacks', () => {
  it('hand each (MessageSid, status) over once and answer 204', async () => {
    const m = sid('SM');
    const sent = statusParams(m, 'sent');
    const failed = statusParams(m, 'undelivered', {
      ErrorCode: '30006',
      Price: '-0.00790',
      PriceUnit: 'USD',
    });
    expect((await postForm('/twilio/messages/status', sent)).status).toBe(204);
    expect((await postForm('/twilio/messages/status', sent)).status).toBe(204);
    expect((await postForm('/twilio/messages/status', failed)).status).toBe(204);
    expect(doors.service.statuses).toEqual([
      { messageSid: m, status: 'sent', accountSid: ACCOUNT, to: PATIENT, from: PRACTICE },
      {
        messageSid: m,
        status: 'undelivered',
        accountSid: ACCOUNT,
        to: PATIENT,
        from: PRACTICE,
        errorCode: 30006,
        price: '-0.00790',
        priceUnit: 'USD',
      },
    ]);
  });

  it("accept the Twilio sandbox's signer and parameters Twilio may add", async () => {
    const params = statusParams(sid('MM'), 'read', {
      ChannelPrefix: 'whatsapp',
      RawDlrDoneDate: '2506021400',
      SomethingTwilioAddsNextYear: 'x',
      ErrorCode: '',
    });
    const response = await postForm('/twilio/messages/status', params, {
      sign: (url) => signTwilioRequest(AUTH_TOKEN, url, params),
    });
    expect(response.status).toBe(204);
    expect(doors.service.statuses).toHaveLength(1);
    expect(doors.service.statuses[0]).not.toHaveProperty('errorCode');
  });

  it('refuse a wrong signature with 401 and hand nothing over', async () => {
    const params = statusParams(sid('SM'), 'delivered');
    const cases = [
      postForm('/twilio/messages/status', params, {
        sign: (url) => twilio.getExpectedTwilioSignature('another-token', url, params),
      }),
      postForm('/twilio/messages/status', params, {
        sign: () =>
          twilio.getExpectedTwilioSignature(
            AUTH_TOKEN,
            doors.baseUrl + '/twilio/messages/status',
            params,
          ),
      }),
      postForm('/twilio/messages/status', params, {
        sign: (url) =>
          twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, {
            ...params,
            MessageStatus: 'failed',
          }),
      }),
      postForm('/twilio/messages/status', params, { sign: () => '' }),
    ];
    for (const response of await Promise.all(cases)) {
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: 'invalid_signature' });
    }
    expect(doors.service.statuses).toHaveLength(0);
  });

  it('answer 400 naming the field for a bad parameter, 415 for JSON', async () => {
    const bad = statusParams('SMnot-a-sid', 'sent');
    const response = await postForm('/twilio/messages/status', bad);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_input', field: 'MessageSid' });
    const json = await postForm(
      '/twilio/messages/status',
      {},
      { contentType: 'application/json', body: '{}' },
    );
    expect(json.status).toBe(415);
    expect(doors.service.statuses).toHaveLength(0);
  });

  it('answer 503 when the service fails, and hand the retry over', async () => {
    const params = statusParams(sid('SM'), 'delivered');
    doors.service.failing = true;
    expect((await postForm('/twilio/messages/status', params)).status).toBe(503);
    doors.service.failing = false;
    expect((await postForm('/twilio/messages/status', params)).status).toBe(204);
    expect(doors.service.statuses).toHaveLength(1);
  });
});

describe('inbound messages', () => {
  function inboundParams(from: string, to: string, extra: Params = {}): Params {
    const m = sid('SM');
    return {
      AccountSid: ACCOUNT,
      ApiVersion: '2010-04-01',
      Body: BODY_TEXT,
      From: from,
      To: to,
      MessageSid: m,
      SmsMessageSid: m,
      SmsSid: m,
      NumMedia: '0',
      NumSegments: '1',
      ...extra,
    };
  }

  it("answer the service's TwiML once; a duplicate gets an empty Response", async () => {
    const params = inboundParams(PATIENT, PRACTICE, { OptOutType: 'STOP', Body: 'STOP' });
    const first = await postForm('/twilio/messages/inbound', params);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toMatch(/^text\/xml/);
    expect(await first.text()).toContain('<Message>Thanks, we got it.</Message>');
    const again = await postForm('/twilio/messages/inbound', params);
    expect(again.status).toBe(200);
    expect(await again.text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    expect(doors.service.inbound).toEqual([
      {
        messageSid: params.MessageSid,
        accountSid: ACCOUNT,
        channel: 'sms',
        from: PATIENT,
        to: PRACTICE,
        body: 'STOP',
        optOutType: 'STOP',
        numMedia: 0,
      },
    ]);
  });

  it('strip whatsapp: prefixes and say the channel', async () => {
    const params = inboundParams(`whatsapp:${PATIENT}`, `whatsapp:${PRACTICE}`, {
      WaId: PATIENT.slice(1),
      ProfileName: 'Ann',
      NumMedia: '1',
      MediaUrl0: 'https://api.twilio.com/media/1',
      MediaContentType0: 'image/jpeg',
    });
    expect((await postForm('/twilio/messages/inbound', params)).status).toBe(200);
    expect(doors.service.inbound[0]).toMatchObject({
      channel: 'whatsapp',
      from: PATIENT,
      to: PRACTICE,
      numMedia: 1,
    });
  });
});

describe('voice steps', () => {
  function callParams(extra: Params = {}): Params {
    return {
      AccountSid: ACCOUNT,
      CallSid: sid('CA'),
      CallStatus: 'in-progress',
      Direction: 'outbound-api',
      To: PATIENT,
      From: PRACTICE,
      ...extra,
    };
  }

  it('POST: hand the step, parameters and our query over, answer TwiML', async () => {
    const params = callParams({ Digits: '1', AnsweredBy: 'human' });
    const response = await postForm('/twilio/voice/menu?c=tok_abc123&lang=es', params);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/xml/);
    expect(await response.text()).toContain('<Say>Step menu</Say>');
    expect(doors.service.voice).toEqual([
      {
        step: 'menu',
        callSid: params.CallSid,
        accountSid: ACCOUNT,
        to: PATIENT,
        from: PRACTICE,
        callStatus: 'in-progress',
        answeredBy: 'human',
        digits: '1',
        query: { c: 'tok_abc123', lang: 'es' },
      },
    ]);
  });

  it('GET: parameters in the query string, signed as part of the URL', async () => {
    const params = callParams();
    const path = `/twilio/voice/answer?c=tok_xyz&${new URLSearchParams(params)}`;
    const url = doors.publicBaseUrl + path;
    const response = await fetch(doors.baseUrl + path, {
      headers: { 'X-Twilio-Signature': twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, {}) },
    });
    expect(response.status).toBe(200);
    expect(doors.service.voice[0]).toMatchObject({
      step: 'answer',
      callSid: params.CallSid,
      query: { c: 'tok_xyz', CallSid: params.CallSid },
    });
    const unsigned = await fetch(doors.baseUrl + path);
    expect(unsigned.status).toBe(401);
  });

  it('answer 404 for a step name we never use', async () => {
    const response = await postForm('/twilio/voice/..%2Fadmin', callParams());
    expect(response.status).toBe(404);
    expect(doors.service.voice).toHaveLength(0);
  });
});

describe('logs', () => {
  it('hold ids, never a phone number or a message body', () => {
    const lines = doors.logLines();
    expect(lines.length).toBeGreaterThan(5);
    const text = lines.join('\n');
    for (const secret of [PATIENT, PATIENT.slice(2), PRACTICE, BODY_TEXT, 'Ann', 'tok_abc123']) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('"messageSid"');
  });
});

describe('the Twilio sandbox calling the doors', () => {
  it('delivers inbound messages, status callbacks and call steps that pass every door', async () => {
    const local = await startDoors({ publicBaseUrl: 'local' });
    const sandbox = await startTwilioSandbox({ authToken: AUTH_TOKEN, deliverAfterMs: 60_000 });
    try {
      sandbox.configure({ inboundUrl: `${local.baseUrl}/twilio/messages/inbound` });
      const reply = await sandbox.inbound({ from: PATIENT, to: PRACTICE, body: 'STOP' });
      expect(reply.status).toBe(200);
      const wa = await sandbox.inbound({
        from: `whatsapp:${PATIENT}`,
        to: `whatsapp:${PRACTICE}`,
        body: 'hola',
      });
      expect(wa.status).toBe(200);
      expect(wa.replies).toHaveLength(1); // the sandbox sent the TwiML's <Message> back
      expect(local.service.inbound.map((m) => [m.channel, m.from, m.optOutType ?? null])).toEqual([
        ['sms', PATIENT, 'STOP'],
        ['whatsapp', PATIENT, null],
      ]);

      const client = twilio(sandbox.accountSid, sandbox.authToken, {
        httpClient: createLocalTwilioHttpClient(sandbox.baseUrl),
      });
      const message = await client.messages.create({
        to: '+14155550199',
        from: PRACTICE,
        body: 'Hi from the practice. Reply STOP to opt out.',
        statusCallback: `${local.baseUrl}/twilio/messages/status?m=1`,
      });
      await sandbox.deliverOutOfOrder(message.sid);
      await sandbox.flush();
      const statuses = local.service.statuses.filter((s) => s.messageSid === message.sid);
      expect(statuses.map((s) => s.status)).toEqual(expect.arrayContaining(['delivered', 'sent']));
      expect(new Set(statuses.map((s) => s.status)).size).toBe(statuses.length);

      const call = await client.calls.create({
        to: '+14155550188',
        from: PRACTICE,
        url: `${local.baseUrl}/twilio/voice/answer?c=tok_call`,
        method: 'GET',
      });
      await sandbox.answerCall(call.sid, {});
      expect(local.service.voice[0]).toMatchObject({
        step: 'answer',
        callSid: call.sid,
        query: { c: 'tok_call' },
      });
      expect(sandbox.webhooks.every((w) => w.status !== null && w.status < 300)).toBe(true);
      expect(local.service.violations).toEqual([]);
    } finally {
      await sandbox.stop();
      await local.close();
    }
  });
});
