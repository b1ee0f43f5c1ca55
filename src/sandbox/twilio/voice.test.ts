import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalTwilioHttpClient } from '../../messaging/local-http-client.ts';
import { startTwilioSandbox, type TwilioSandbox } from './index.ts';
import {
  startWebhookRecorder,
  type RecordedWebhook,
  type WebhookRecorder,
} from './webhook-recorder.ts';

const FROM = '+15005550006';
const TO = '+14155552671';
let sandbox: TwilioSandbox;
let hooks: WebhookRecorder;
let client: twilio.Twilio;

function signed(hook: RecordedWebhook): boolean {
  return twilio.validateRequest(sandbox.authToken, hook.signature ?? '', hook.url, hook.params);
}

beforeAll(async () => {
  hooks = await startWebhookRecorder();
  sandbox = await startTwilioSandbox({ deliverAfterMs: 60_000 });
  client = twilio(sandbox.accountSid, sandbox.authToken, {
    httpClient: createLocalTwilioHttpClient(sandbox.baseUrl),
  });
  hooks.reply(
    '/voice/start',
    '<Response><Gather action="/voice/menu" numDigits="1"><Say>Press 1 to book, 2 to stop calls.</Say></Gather></Response>',
  );
  hooks.reply('/voice/menu', (hook) =>
    hook.params.Digits === '1'
      ? '<Response><Say>We will text you a link.</Say><Hangup/></Response>'
      : '<Response><Say>You will not be called again.</Say><Hangup/></Response>',
  );
  hooks.reply(
    '/voice/self',
    '<Response><Gather numDigits="1"><Say>Press any key</Say></Gather></Response>',
  );
  hooks.reply('/voice/redirect', '<Response><Redirect>/voice/start</Redirect></Response>');
});

afterAll(async () => {
  await sandbox.stop();
  await hooks.stop();
});

describe('outbound calls', () => {
  it('creates a call, walks its menu with digits, and reports every progress event', async () => {
    const call = await client.calls.create({
      to: TO,
      from: FROM,
      url: hooks.url('/voice/start'),
      statusCallback: hooks.url('/call-status/1'),
      statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
      machineDetection: 'Enable',
    });
    expect(call.sid).toMatch(/^CA[0-9a-f]{32}$/);
    expect(call).toMatchObject({
      status: 'queued',
      toFormatted: '(415) 555-2671',
      direction: 'outbound-api',
    });

    const walk = await sandbox.answerCall(call.sid, { digits: '1' });
    expect(walk.answeredBy).toBe('human');
    expect(walk.documents.map((d) => d.url)).toEqual([
      hooks.url('/voice/start'),
      hooks.url('/voice/menu'),
    ]);
    expect(walk.documents[1]?.twiml).toContain('We will text you a link.');
    const voice = [...hooks.on('/voice/start'), ...hooks.on('/voice/menu')];
    expect(voice.every(signed)).toBe(true);
    expect(hooks.on('/voice/menu')[0]?.params).toMatchObject({
      CallSid: call.sid,
      AccountSid: sandbox.accountSid,
      CallStatus: 'in-progress',
      Digits: '1',
      AnsweredBy: 'human',
      From: FROM,
      To: TO,
    });

    const statuses = hooks.on('/call-status/1');
    expect(statuses.map((h) => h.params.CallStatus)).toEqual([
      'initiated',
      'ringing',
      'in-progress',
      'completed',
    ]);
    expect(statuses.map((h) => h.params.SequenceNumber)).toEqual(['0', '1', '2', '3']);
    expect(statuses.every(signed)).toBe(true);
    expect(statuses[3]?.params.CallDuration).toMatch(/^\d+$/);

    const fetched = await client.calls(call.sid).fetch();
    expect(fetched).toMatchObject({ status: 'completed', answeredBy: 'human', priceUnit: 'USD' });
    expect(fetched.duration).toMatch(/^\d+$/);
    expect(fetched.price).toBe('-0.01400');
    expect(fetched.startTime).toBeInstanceOf(Date);
    expect(fetched.endTime).toBeInstanceOf(Date);
  });

  it('detects an answering machine (DetectMessageEnd → machine_end_beep)', async () => {
    const call = await client.calls.create({
      to: TO,
      from: FROM,
      url: hooks.url('/voice/start'),
      machineDetection: 'DetectMessageEnd',
    });
    const walk = await sandbox.answerCall(call.sid, { machine: true });
    expect(walk.answeredBy).toBe('machine_end_beep');
    expect(walk.documents).toHaveLength(1);
    expect(sandbox.call(call.sid)).toMatchObject({
      status: 'completed',
      answered_by: 'machine_end_beep',
    });
  });

  it('follows <Redirect>, posts a <Gather> without action back to its document, answers several gathers', async () => {
    const redirected = await client.calls.create({
      to: TO,
      from: FROM,
      url: hooks.url('/voice/redirect'),
    });
    const walk = await sandbox.answerCall(redirected.sid, { digits: ['2'] });
    expect(walk.documents.map((d) => d.url)).toEqual([
      hooks.url('/voice/redirect'),
      hooks.url('/voice/start'),
      hooks.url('/voice/menu'),
    ]);
    expect(walk.documents[2]?.twiml).toContain('not be called again');

    const self = await client.calls.create({ to: TO, from: FROM, url: hooks.url('/voice/self') });
    const selfWalk = await sandbox.answerCall(self.sid, { digits: ['5', '6'] });
    expect(selfWalk.documents.map((d) => d.params.Digits)).toEqual([undefined, '5', '6']);
  });

  it('runs inline TwiML and fetches a GET Url with signed query parameters', async () => {
    const inline = await client.calls.create({
      to: TO,
      from: FROM,
      twiml: '<Response><Say>Hello from Smile Dental</Say></Response>',
    });
    const walk = await sandbox.answerCall(inline.sid);
    expect(walk.documents).toEqual([
      expect.objectContaining({ url: null, twiml: expect.stringContaining('Smile Dental') }),
    ]);

    const get = await client.calls.create({
      to: TO,
      from: FROM,
      url: hooks.url('/voice/start'),
      method: 'GET',
    });
    await sandbox.answerCall(get.sid);
    const hook = hooks.on('/voice/start').at(-1) as RecordedWebhook;
    expect(hook.method).toBe('GET');
    expect(hook.params.CallSid).toBe(get.sid);
    expect(twilio.validateRequest(sandbox.authToken, hook.signature ?? '', hook.url, {})).toBe(
      true,
    );
  });

  it('reports busy and no-answer with the completed event only (Twilio default)', async () => {
    const busy = await client.calls.create({
      to: TO,
      from: FROM,
      url: hooks.url('/voice/start'),
      statusCallback: hooks.url('/call-status/busy'),
    });
    await sandbox.endCall(busy.sid, 'busy');
    expect(hooks.on('/call-status/busy').map((h) => h.params.CallStatus)).toEqual(['busy']);
    expect(sandbox.call(busy.sid)).toMatchObject({
      status: 'busy',
      duration: null,
      start_time: null,
    });
    await expect(sandbox.answerCall(busy.sid)).rejects.toThrow(/already busy/);

    const unanswered = await client.calls.create({
      to: TO,
      from: FROM,
      url: hooks.url('/voice/start'),
    });
    await sandbox.endCall(unanswered.sid, 'no-answer');
    expect((await client.calls(unanswered.sid).fetch()).status).toBe('no-answer');
  });

  it('refuses calls without TwiML (21205) or to an invalid number (21211)', async () => {
    const missing = await client.calls.create({ to: TO, from: FROM }).catch((e: unknown) => e);
    expect(missing).toMatchObject({ status: 400, code: 21205 });
    const invalid = await client.calls
      .create({ to: '+1415', from: FROM, url: hooks.url('/voice/start') })
      .catch((e: unknown) => e);
    expect(invalid).toMatchObject({ status: 400, code: 21211 });
  });

  it('keeps every call in the outbox with its parameters', () => {
    const calls = sandbox.outbox.filter((entry) => entry.kind === 'call');
    expect(calls.length).toBeGreaterThanOrEqual(7);
    expect(calls[0]).toMatchObject({
      kind: 'call',
      to: TO,
      from: FROM,
      machineDetection: 'Enable',
    });
    expect(calls[0]?.params.StatusCallbackEvent).toEqual([
      'initiated',
      'ringing',
      'answered',
      'completed',
    ]);
  });
});
