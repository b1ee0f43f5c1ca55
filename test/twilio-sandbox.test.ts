import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/lib/clock.ts';
import { createLocalTwilioHttpClient } from '../src/messaging/local-http-client.ts';
import {
  startTwilioSandbox,
  startWebhookRecorder,
  type RecordedWebhook,
  type TwilioSandbox,
  type WebhookRecorder,
} from '../src/sandbox/twilio/index.ts';

/**
 * The real `twilio` package, through the local HTTP client, against the sandbox: messages, their
 * errors, status callbacks (validated with twilio.validateRequest), inbound messages and STOP.
 */
const SERVICE = 'MG' + '1'.repeat(32);
const FROM = '+15005550006';
const US_LANDLINE = '+12025550100';
const DE_LANDLINE = '+493012345678';

let sandbox: TwilioSandbox;
let hooks: WebhookRecorder;
let client: twilio.Twilio;
let templates: { utility: string; marketing: string; pending: string };
let counter = 0;

/** A fresh valid US mobile number per test, so tests do not share STOP lists or windows. */
function mobile(): string {
  counter += 1;
  return `+1415555${String(1000 + counter).padStart(4, '0')}`;
}

function statusPath(): string {
  counter += 1;
  return `/status/${counter}`;
}

async function restError(
  promise: Promise<unknown>,
): Promise<{ status: number; code: number; moreInfo: string }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(twilio.RestException);
  return error as { status: number; code: number; moreInfo: string };
}

function signedByTwilio(hook: RecordedWebhook): boolean {
  return twilio.validateRequest(sandbox.authToken, hook.signature ?? '', hook.url, hook.params);
}

beforeAll(async () => {
  hooks = await startWebhookRecorder();
  sandbox = await startTwilioSandbox({
    // Steps wait a minute of real time, so only the test's flush() moves messages: no races.
    deliverAfterMs: 60_000,
    messagingServices: [SERVICE],
    lineTypes: { [US_LANDLINE]: 'landline', [DE_LANDLINE]: 'landline' },
    whatsappTemplates: [
      {
        friendlyName: 'Recall due',
        body: 'Hi {{1}}, {{2}} would love to see you again. Reply STOP to opt out.',
      },
      { friendlyName: 'Spring offer', body: 'Spring offer at {{1}}', category: 'MARKETING' },
      { friendlyName: 'Draft', body: 'Not approved yet', status: 'pending' },
    ],
  });
  client = twilio(sandbox.accountSid, sandbox.authToken, {
    httpClient: createLocalTwilioHttpClient(sandbox.baseUrl),
  });
  const [utility, marketing, pending] = (await client.content.v1.contents.list()).map((c) => c.sid);
  templates = {
    utility: utility as string,
    marketing: marketing as string,
    pending: pending as string,
  };
  sandbox.configure({ inboundUrl: hooks.url('/inbound') });
});

afterAll(async () => {
  await sandbox.stop();
  await hooks.stop();
});

describe('sending SMS', () => {
  it('through a messaging service: accepted, then queued → sent → delivered, each callback signed', async () => {
    const to = mobile();
    const path = statusPath();
    const created = await client.messages.create({
      to,
      messagingServiceSid: SERVICE,
      body: 'Hi Ana, Smile Dental here. Reply STOP to opt out.',
      statusCallback: hooks.url(path),
    });
    expect(created.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(created).toMatchObject({
      status: 'accepted',
      from: null,
      numSegments: '0',
      price: null,
    });
    expect(created.dateCreated).toBeInstanceOf(Date);
    await sandbox.flush();
    const received = hooks.on(path);
    expect(received.map((h) => h.params.MessageStatus)).toEqual(['queued', 'sent', 'delivered']);
    for (const hook of received) {
      expect(signedByTwilio(hook)).toBe(true);
      expect(hook.params).toMatchObject({
        AccountSid: sandbox.accountSid,
        MessageSid: created.sid,
        SmsSid: created.sid,
        SmsStatus: hook.params.MessageStatus,
        MessagingServiceSid: SERVICE,
        To: to,
        ApiVersion: '2010-04-01',
      });
      expect(hook.params.ErrorCode).toBeUndefined();
    }
    const fetched = await client.messages(created.sid).fetch();
    expect(fetched).toMatchObject({
      status: 'delivered',
      from: '+15017122661',
      numSegments: '1',
      price: '-0.00790',
      priceUnit: 'USD',
      errorCode: null,
    });
    expect(fetched.dateSent).toBeInstanceOf(Date);
  });

  it('from a number: queued at once with its segments, sent and delivered', async () => {
    const path = statusPath();
    const body = 'Hola, ¿cómo estás? 😀'.padEnd(71, '.');
    const created = await client.messages.create({
      to: mobile(),
      from: FROM,
      body,
      statusCallback: hooks.url(path),
    });
    expect(created).toMatchObject({
      status: 'queued',
      from: FROM,
      numSegments: '2',
      messagingServiceSid: null,
    });
    await sandbox.flush();
    expect(hooks.on(path).map((h) => h.params.MessageStatus)).toEqual(['sent', 'delivered']);
    expect((await client.messages(created.sid).fetch()).price).toBe('-0.01580');
  });

  it.each([
    ['160 GSM-7 characters with ñ', 'ñ'.repeat(160), '1'],
    ['161 GSM-7 characters', 'a'.repeat(161), '2'],
    ['70 UCS-2 characters', 'á'.repeat(70), '1'],
    ['one emoji in 100 characters', 'a'.repeat(99) + '😀', '2'],
  ])('counts segments like Twilio: %s', async (_name, body, segments) => {
    const created = await client.messages.create({ to: mobile(), from: FROM, body });
    expect(created.numSegments).toBe(segments);
  });

  it('uses the messaging service status URL when the message has no StatusCallback', async () => {
    const path = statusPath();
    await sandbox.flush();
    sandbox.configure({ statusUrl: hooks.url(path) });
    try {
      const { sid } = await client.messages.create({
        to: mobile(),
        messagingServiceSid: SERVICE,
        body: 'x',
      });
      await sandbox.flush();
      expect(hooks.on(path).map((h) => [h.params.MessageSid, h.params.MessageStatus])).toEqual([
        [sid, 'queued'],
        [sid, 'sent'],
        [sid, 'delivered'],
      ]);
    } finally {
      sandbox.configure({ statusUrl: undefined });
    }
  });

  it('lists messages with filters and paging', async () => {
    const to = mobile();
    const sids: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      sids.push((await client.messages.create({ to, from: FROM, body: `n${i}` })).sid);
    }
    const all = await client.messages.list({ to, pageSize: 2 });
    expect(all.map((m) => m.sid)).toEqual([...sids].reverse());
    const first = await client.messages.page({ to, pageSize: 2 });
    expect(first.instances).toHaveLength(2);
    expect(first.nextPageUrl).toContain('PageToken=PA');
    const second = await first.nextPage();
    expect(second?.instances.map((m) => m.sid)).toEqual([sids[2], sids[1]]);
  });
});

describe('WhatsApp', () => {
  it('sends an approved template with ContentSid and ContentVariables', async () => {
    const path = statusPath();
    const created = await client.messages.create({
      to: 'whatsapp:+447911123456',
      from: `whatsapp:${FROM}`,
      contentSid: templates.utility,
      contentVariables: JSON.stringify({ 1: 'Ana', 2: 'Smile Dental' }),
      statusCallback: hooks.url(path),
    });
    expect(created.body).toBe(
      'Hi Ana, Smile Dental would love to see you again. Reply STOP to opt out.',
    );
    expect(created.numSegments).toBe('1');
    await sandbox.flush();
    expect(hooks.on(path).map((h) => h.params.MessageStatus)).toEqual(['sent', 'delivered']);
    expect(hooks.on(path)[0]?.params.ChannelPrefix).toBe('whatsapp');
    expect(sandbox.outbox.find((e) => e.sid === created.sid)).toMatchObject({
      kind: 'message',
      channel: 'whatsapp',
      contentSid: templates.utility,
      contentVariables: { 1: 'Ana', 2: 'Smile Dental' },
    });
  });

  it('fails freeform text outside the 24-hour window with 63016 (accepted first, as at Twilio)', async () => {
    const path = statusPath();
    const created = await client.messages.create({
      to: 'whatsapp:+447911123457',
      from: `whatsapp:${FROM}`,
      body: 'Hello there',
      statusCallback: hooks.url(path),
    });
    expect(created.status).toBe('queued');
    await sandbox.flush();
    expect(hooks.on(path).map((h) => [h.params.MessageStatus, h.params.ErrorCode])).toEqual([
      ['failed', '63016'],
    ]);
    const fetched = await client.messages(created.sid).fetch();
    expect(fetched).toMatchObject({ status: 'failed', errorCode: 63016, price: null });
    expect(fetched.errorMessage).toMatch(/template/i);
  });

  it('delivers freeform text inside the window opened by the patient', async () => {
    const patient = '+447911123458';
    await sandbox.inbound({
      from: patient,
      to: FROM,
      body: 'Hi, can I book?',
      channel: 'whatsapp',
    });
    const path = statusPath();
    await client.messages.create({
      to: `whatsapp:${patient}`,
      from: `whatsapp:${FROM}`,
      body: 'Of course! Here is your link.',
      statusCallback: hooks.url(path),
    });
    await sandbox.flush();
    expect(hooks.on(path).map((h) => h.params.MessageStatus)).toEqual(['sent', 'delivered']);
  });

  it('fails a template that is not approved outside the window (63016)', async () => {
    const path = statusPath();
    await client.messages.create({
      to: 'whatsapp:+447911123459',
      from: `whatsapp:${FROM}`,
      contentSid: templates.pending,
      statusCallback: hooks.url(path),
    });
    await sandbox.flush();
    expect(hooks.on(path).map((h) => h.params.ErrorCode)).toEqual(['63016']);
  });

  it('does not deliver marketing templates to +1 numbers (Meta, since 2025-04-01): 63049', async () => {
    const path = statusPath();
    await client.messages.create({
      to: `whatsapp:${mobile()}`,
      from: `whatsapp:${FROM}`,
      contentSid: templates.marketing,
      contentVariables: JSON.stringify({ 1: 'Smile Dental' }),
      statusCallback: hooks.url(path),
    });
    await sandbox.flush();
    expect(hooks.on(path).map((h) => [h.params.MessageStatus, h.params.ErrorCode])).toEqual([
      ['failed', '63049'],
    ]);
  });
});

describe('errors as RestException with Twilio status and code', () => {
  const cases: Array<[string, () => Promise<unknown>, number, number]> = [
    [
      '21211 invalid To',
      () => client.messages.create({ to: '+1415', from: FROM, body: 'x' }),
      400,
      21211,
    ],
    ['21602 missing Body', () => client.messages.create({ to: mobile(), from: FROM }), 400, 21602],
    [
      '21603 no From nor service',
      () => client.messages.create({ to: mobile(), body: 'x' }),
      400,
      21603,
    ],
    [
      '21617 body over 1600 characters',
      () => client.messages.create({ to: mobile(), from: FROM, body: 'a'.repeat(1601) }),
      400,
      21617,
    ],
    [
      '21635 landline outside US/CA/GB',
      () => client.messages.create({ to: DE_LANDLINE, from: FROM, body: 'x' }),
      400,
      21635,
    ],
    [
      '21701 unknown messaging service',
      () =>
        client.messages.create({
          to: mobile(),
          messagingServiceSid: 'MG' + 'f'.repeat(32),
          body: 'x',
        }),
      400,
      21701,
    ],
    [
      '21655 unknown ContentSid',
      () =>
        client.messages.create({
          to: 'whatsapp:+447911123456',
          from: `whatsapp:${FROM}`,
          contentSid: 'HX' + '0'.repeat(32),
        }),
      400,
      21655,
    ],
    [
      '21656 ContentVariables not a JSON object',
      () =>
        client.messages.create({
          to: 'whatsapp:+447911123456',
          from: `whatsapp:${FROM}`,
          contentSid: templates.utility,
          contentVariables: '[1]',
        }),
      400,
      21656,
    ],
    [
      '21910 From and To on different channels',
      () => client.messages.create({ to: 'whatsapp:+447911123456', from: FROM, body: 'x' }),
      400,
      21910,
    ],
    ['20404 unknown message', () => client.messages('SM' + '0'.repeat(32)).fetch(), 404, 20404],
  ];
  it.each(cases)('%s', async (_name, send, status, code) => {
    const error = await restError(send());
    expect(error).toMatchObject({
      status,
      code,
      moreInfo: `https://www.twilio.com/docs/errors/${code}`,
    });
  });

  it('21610 for a number on the STOP list', async () => {
    const to = mobile();
    sandbox.optOut(to);
    expect(await restError(client.messages.create({ to, from: FROM, body: 'x' }))).toMatchObject({
      status: 400,
      code: 21610,
    });
    sandbox.optIn(to);
    await expect(client.messages.create({ to, from: FROM, body: 'x' })).resolves.toBeDefined();
  });

  it('20003 (401) for wrong credentials', async () => {
    const wrong = twilio(sandbox.accountSid, 'not-the-token', {
      httpClient: createLocalTwilioHttpClient(sandbox.baseUrl),
    });
    expect(
      await restError(wrong.messages.create({ to: mobile(), from: FROM, body: 'x' })),
    ).toMatchObject({ status: 401, code: 20003 });
  });

  it('20429 (429) when the sandbox is told to refuse, counted in stats', async () => {
    const before = sandbox.stats.tooManyRequests;
    sandbox.fail429(1);
    expect(
      await restError(client.messages.create({ to: mobile(), from: FROM, body: 'x' })),
    ).toMatchObject({ status: 429, code: 20429 });
    expect(sandbox.stats.tooManyRequests).toBe(before + 1);
    await expect(
      client.messages.create({ to: mobile(), from: FROM, body: 'x' }),
    ).resolves.toBeDefined();
  });

  it('a US landline is attempted (201) and comes back undelivered with 30006', async () => {
    const path = statusPath();
    const created = await client.messages.create({
      to: US_LANDLINE,
      from: FROM,
      body: 'x',
      statusCallback: hooks.url(path),
    });
    expect(created.status).toBe('queued');
    await sandbox.flush();
    expect(hooks.on(path).map((h) => [h.params.MessageStatus, h.params.ErrorCode])).toEqual([
      ['sent', undefined],
      ['undelivered', '30006'],
    ]);
  });

  it('a number set to fail ends undelivered (or failed) with its error code', async () => {
    const unreachable = mobile();
    const blocked = mobile();
    sandbox.failNumber(unreachable, 30003);
    sandbox.failNumber(blocked, 30007, 'failed');
    const path = statusPath();
    await client.messages.create({
      to: unreachable,
      from: FROM,
      body: 'x',
      statusCallback: hooks.url(path),
    });
    await client.messages.create({
      to: blocked,
      from: FROM,
      body: 'x',
      statusCallback: hooks.url(path),
    });
    await sandbox.flush();
    const outcomes = hooks
      .on(path)
      .map((h) => [h.params.To, h.params.MessageStatus, h.params.ErrorCode ?? null]);
    expect(outcomes).toEqual(
      expect.arrayContaining([
        [unreachable, 'undelivered', '30003'],
        [blocked, 'failed', '30007'],
      ]),
    );
  });
});

describe('status callbacks driven by the test', () => {
  it('repeats a callback on demand, every copy identical and signed', async () => {
    const path = statusPath();
    const { sid } = await client.messages.create({
      to: mobile(),
      from: FROM,
      body: 'x',
      statusCallback: hooks.url(path),
    });
    await sandbox.sendStatus(sid, 'delivered', { duplicate: 2 });
    await sandbox.flush();
    const received = hooks.on(path);
    expect(received).toHaveLength(3);
    expect(new Set(received.map((h) => JSON.stringify(h.params))).size).toBe(1);
    expect(received.every(signedByTwilio)).toBe(true);
    expect(sandbox.message(sid)).toMatchObject({ status: 'delivered' });
  });

  it('delivers out of order: delivered before sent', async () => {
    const path = statusPath();
    const { sid } = await client.messages.create({
      to: mobile(),
      from: FROM,
      body: 'x',
      statusCallback: hooks.url(path),
    });
    await sandbox.deliverOutOfOrder(sid);
    await sandbox.flush();
    expect(hooks.on(path).map((h) => h.params.MessageStatus)).toEqual(['delivered', 'sent']);
    expect(hooks.on(path).every(signedByTwilio)).toBe(true);
    expect((await client.messages(sid).fetch()).status).toBe('delivered');
  });

  it('sends an error code with a status the test chooses', async () => {
    const path = statusPath();
    const { sid } = await client.messages.create({
      to: mobile(),
      from: FROM,
      body: 'x',
      statusCallback: hooks.url(path),
    });
    await sandbox.sendStatus(sid, 'undelivered', { errorCode: 30005 });
    expect(hooks.on(path).map((h) => [h.params.MessageStatus, h.params.ErrorCode])).toEqual([
      ['undelivered', '30005'],
    ]);
    expect(sandbox.message(sid)).toMatchObject({ status: 'undelivered', error_code: 30005 });
  });
});

describe('inbound messages and opt-out', () => {
  it('STOP is signed, carries OptOutType, and later sends fail with 21610 until START', async () => {
    const patient = mobile();
    const stop = await sandbox.inbound({ from: patient, to: FROM, body: 'Stop' });
    expect(stop.optOutType).toBe('STOP');
    const hook = hooks.on('/inbound').at(-1) as RecordedWebhook;
    expect(signedByTwilio(hook)).toBe(true);
    expect(hook.params).toMatchObject({
      MessageSid: stop.sid,
      AccountSid: sandbox.accountSid,
      From: patient,
      To: FROM,
      Body: 'Stop',
      NumMedia: '0',
      NumSegments: '1',
      OptOutType: 'STOP',
    });
    expect(sandbox.isOptedOut(patient)).toBe(true);
    expect(
      await restError(client.messages.create({ to: patient, from: FROM, body: 'x' })),
    ).toMatchObject({ code: 21610 });
    expect(
      await restError(
        client.messages.create({ to: patient, messagingServiceSid: SERVICE, body: 'x' }),
      ),
    ).toMatchObject({ code: 21610 });

    const start = await sandbox.inbound({ from: patient, to: FROM, body: 'START' });
    expect(start.optOutType).toBe('START');
    expect(hooks.on('/inbound').at(-1)?.params.OptOutType).toBe('START');
    await expect(
      client.messages.create({ to: patient, from: FROM, body: 'Welcome back' }),
    ).resolves.toBeDefined();
  });

  it('HELP carries OptOutType HELP and does not opt out; ordinary text carries none', async () => {
    const patient = mobile();
    expect((await sandbox.inbound({ from: patient, to: FROM, body: 'help' })).optOutType).toBe(
      'HELP',
    );
    expect(sandbox.isOptedOut(patient)).toBe(false);
    await sandbox.inbound({ from: patient, to: FROM, body: 'please stop texting me' });
    const last = hooks.on('/inbound').at(-1) as RecordedWebhook;
    expect(last.params.OptOutType).toBeUndefined();
    // Free-text revocations are the service's job (FCC "reasonable means"), not Twilio's keyword list.
    expect(sandbox.isOptedOut(patient)).toBe(false);
  });

  it('a messaging-service number receives with MessagingServiceSid; TwiML replies are sent back', async () => {
    hooks.reply(
      '/inbound-reply',
      '<Response><Message>Thanks! We will call you.</Message></Response>',
    );
    sandbox.configure({ inboundUrl: hooks.url('/inbound-reply') });
    try {
      const patient = mobile();
      const result = await sandbox.inbound({
        from: patient,
        to: '+15017122661',
        body: 'Can I come Tuesday?',
      });
      expect(hooks.on('/inbound-reply').at(-1)?.params.MessagingServiceSid).toBe(SERVICE);
      expect(result.replies).toHaveLength(1);
      expect(sandbox.outbox.at(-1)).toMatchObject({
        kind: 'message',
        direction: 'outbound-reply',
        to: patient,
        body: 'Thanks! We will call you.',
      });
      const inbound = await client.messages(result.sid).fetch();
      expect(inbound).toMatchObject({ direction: 'inbound', status: 'received', from: patient });
    } finally {
      sandbox.configure({ inboundUrl: hooks.url('/inbound') });
    }
  });
});

describe("a sender's rate, on an injected clock", () => {
  it('queues beyond the rate (queue length visible), refuses beyond 10 hours with 21611, drains with time', async () => {
    const clock = new ManualClock('2026-03-02T15:00:00Z');
    const paced = await startTwilioSandbox({
      clock,
      messagingServices: [SERVICE],
      senderRate: { perSecond: 1, maxQueueSeconds: 2 },
      deliverAfterMs: 10,
    });
    try {
      const pacedClient = twilio(paced.accountSid, paced.authToken, {
        httpClient: createLocalTwilioHttpClient(paced.baseUrl),
      });
      const sids: string[] = [];
      for (let i = 0; i < 3; i += 1) {
        sids.push(
          (
            await pacedClient.messages.create({
              to: mobile(),
              messagingServiceSid: SERVICE,
              body: 'x',
            })
          ).sid,
        );
      }
      expect(
        await restError(
          pacedClient.messages.create({ to: mobile(), messagingServiceSid: SERVICE, body: 'x' }),
        ),
      ).toMatchObject({ status: 400, code: 21611 });
      expect(paced.queueLength(SERVICE)).toBe(3);
      await paced.runDue();
      expect(sids.map((sid) => paced.message(sid).status)).toEqual(['queued', 'queued', 'queued']);
      clock.advance(10);
      await paced.runDue();
      expect(sids.map((sid) => paced.message(sid).status)).toEqual(['sent', 'queued', 'queued']);
      expect(paced.queueLength()).toBe(2);
      clock.advance(990);
      await paced.runDue();
      expect(sids.map((sid) => paced.message(sid).status)).toEqual(['delivered', 'sent', 'queued']);
      clock.advance(1000);
      await paced.runDue();
      expect(paced.queueLength()).toBe(0);
      expect(paced.message(sids[2] as string).date_sent).toBe('Mon, 02 Mar 2026 15:00:02 +0000');
    } finally {
      await paced.stop();
    }
  });
});
