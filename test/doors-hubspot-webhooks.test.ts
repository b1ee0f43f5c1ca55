import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHubSpotSandbox } from '../src/sandbox/hubspot/sandbox.ts';
import { v2Headers, v3Headers } from '../src/sandbox/hubspot/signatures.ts';
import { CLIENT_SECRET, startDoors, type DoorsUnderTest } from './helpers/doors.ts';

/** `POST /hubspot/webhooks`: HubSpot CRM events, v3-signed, each eventId handed over once. */
let doors: DoorsUnderTest;
let nextEventId = 9_000_000;

beforeAll(async () => {
  doors = await startDoors();
});
afterAll(async () => {
  await doors.close();
});
beforeEach(() => {
  doors.service.crmBatches.length = 0;
  doors.service.failing = false;
});

function event(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  nextEventId += 1;
  return {
    eventId: nextEventId,
    subscriptionId: 2101,
    portalId: 62515,
    appId: 54321,
    occurredAt: 1_748_872_800_000,
    subscriptionType: 'contact.propertyChange',
    attemptNumber: 0,
    objectId: 123,
    propertyName: 'sms_consent',
    propertyValue: 'false',
    changeSource: 'CRM_UI',
    isSensitive: false,
    ...overrides,
  };
}

async function deliver(
  body: unknown,
  options: { timestamp?: number; headers?: Record<string, string> } = {},
): Promise<Response> {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const headers = {
    ...v3Headers({
      clientSecret: CLIENT_SECRET,
      method: 'POST',
      url: `${doors.publicBaseUrl}/hubspot/webhooks`,
      body: text,
      timestamp: options.timestamp ?? doors.clock.now().getTime(),
    }),
    ...options.headers,
  };
  return fetch(`${doors.baseUrl}/hubspot/webhooks`, { method: 'POST', headers, body: text });
}

describe('CRM webhooks', () => {
  it('answer 204 and hand the events over', async () => {
    const batch = [
      event(),
      event({
        subscriptionType: 'contact.deletion',
        propertyName: undefined,
        propertyValue: undefined,
      }),
    ];
    const response = await deliver(batch);
    expect(response.status).toBe(204);
    expect(doors.service.crmBatches).toEqual([
      [
        {
          eventId: String(batch[0]!.eventId),
          subscriptionType: 'contact.propertyChange',
          portalId: 62515,
          objectId: '123',
          occurredAt: 1_748_872_800_000,
          attemptNumber: 0,
          propertyName: 'sms_consent',
          propertyValue: 'false',
          changeSource: 'CRM_UI',
        },
        {
          eventId: String(batch[1]!.eventId),
          subscriptionType: 'contact.deletion',
          portalId: 62515,
          objectId: '123',
          occurredAt: 1_748_872_800_000,
          attemptNumber: 0,
          changeSource: 'CRM_UI',
        },
      ],
    ]);
  });

  it('hand each eventId over once across deliveries, and within one', async () => {
    const a = event();
    const b = event({ eventId: String(nextEventId + 1) });
    nextEventId += 1;
    const c = event();
    expect((await deliver([a, b])).status).toBe(204);
    // HubSpot's retry of the same events (attemptNumber 1) with one new event and a repeat.
    const retry = [{ ...a, attemptNumber: 1 }, { ...b, attemptNumber: 1 }, c, c];
    expect((await deliver(retry)).status).toBe(204);
    expect((await deliver([a])).status).toBe(204);
    expect(doors.service.crmBatches.map((batch) => batch.map((e) => e.eventId))).toEqual([
      [String(a.eventId), String(b.eventId)],
      [String(c.eventId)],
    ]);
  });

  it('answer 503 when the service fails, and hand the whole batch over on the retry', async () => {
    const batch = [event(), event()];
    doors.service.failing = true;
    const failed = await deliver(batch);
    expect(failed.status).toBe(503);
    expect(await failed.json()).toMatchObject({ error: 'service_unavailable' });
    doors.service.failing = false;
    expect((await deliver(batch)).status).toBe(204);
    expect(doors.service.crmBatches).toHaveLength(1);
    expect(doors.service.crmBatches[0]).toHaveLength(2);
  });

  it('refuse a stale, future, v2-only or missing signature with 401', async () => {
    const batch = [event()];
    const now = doors.clock.now().getTime();
    const text = JSON.stringify(batch);
    const v2Only = v2Headers({
      clientSecret: CLIENT_SECRET,
      method: 'POST',
      url: `${doors.publicBaseUrl}/hubspot/webhooks`,
      body: text,
    });
    const responses = [
      await deliver(batch, { timestamp: now - 5 * 60_000 - 1 }),
      await deliver(batch, { timestamp: now + 5 * 60_000 + 1 }),
      await fetch(`${doors.baseUrl}/hubspot/webhooks`, {
        method: 'POST',
        headers: v2Only,
        body: text,
      }),
      await fetch(`${doors.baseUrl}/hubspot/webhooks`, { method: 'POST', body: text }),
    ];
    expect(responses.map((r) => r.status)).toEqual([401, 401, 401, 401]);
    expect(doors.service.crmBatches).toHaveLength(0);
    // Moving the clock brings a timestamp back inside the window.
    doors.clock.advance(5 * 60_000);
    expect((await deliver(batch, { timestamp: now + 5 * 60_000 + 1 })).status).toBe(204);
    doors.clock.set('2025-06-02T14:00:00.000Z');
  });

  it('refuse bodies that are not a batch of events with 400 naming the field', async () => {
    const cases: [unknown, string][] = [
      [{ eventId: 1 }, '(body)'],
      [[event({ eventId: 'x1' })], '[0].eventId'],
      [[event(), event({ portalId: null })], '[1].portalId'],
      [[event({ occurredAt: '2025-06-02' })], '[0].occurredAt'],
      [Array.from({ length: 1001 }, () => event()), '(body)'],
    ];
    for (const [body, field] of cases) {
      const response = await deliver(body);
      expect(response.status, field).toBe(400);
      expect(await response.json(), field).toMatchObject({ error: 'invalid_input', field });
    }
    expect(doors.service.crmBatches).toHaveLength(0);
    expect((await deliver([])).status).toBe(204);
  });
});

describe('CRM webhooks from the HubSpot sandbox', () => {
  it('are accepted as HubSpot signs them, and a privacy deletion arrives', async () => {
    const local = await startDoors({ publicBaseUrl: 'local' });
    const sandbox = await startHubSpotSandbox({
      rateLimit: false,
      clock: local.clock,
      portalId: 777,
    });
    try {
      sandbox.subscribeWebhooks({
        targetUrl: `${local.baseUrl}/hubspot/webhooks`,
        clientSecret: CLIENT_SECRET,
        appId: 4242,
        propertyNames: ['hs_email_optout', 'lastname'],
        retryDelaysMs: [5],
      });
      const contact = sandbox.createContact({ email: 'ann@example.com', firstname: 'Ann' });
      sandbox.staffUpdateContact(contact.id, { lastname: 'Lee', firstname: 'Anne' });
      sandbox.unsubscribeEmail('ann@example.com');
      sandbox.privacyDeleteContact(contact.id);
      await sandbox.webhooks.idle();
      expect(sandbox.webhooks.deliveries.map((d) => d.status)).toEqual(
        sandbox.webhooks.deliveries.map(() => 204),
      );
      const handed = local.service.crmBatches.flat();
      expect(handed.map((e) => [e.subscriptionType, e.propertyName ?? null])).toEqual(
        expect.arrayContaining([
          ['contact.propertyChange', 'lastname'],
          ['contact.propertyChange', 'hs_email_optout'],
          ['contact.privacyDeletion', null],
        ]),
      );
      expect(handed.every((e) => e.portalId === 777 && e.objectId === contact.id)).toBe(true);
      expect(local.service.violations).toEqual([]);
    } finally {
      await sandbox.close();
      await local.close();
    }
  });
});
