import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/clock.ts';
import { startHubSpotSandbox, type HubSpotSandbox } from './sandbox.ts';
import { sandboxClient } from './test-support.ts';
import type { WebhookEvent } from './webhooks.ts';

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

const SECRET = 'client-secret-of-the-app';
let sandbox: HubSpotSandbox;
let receiver: Server;
let received: Received[];
let answers: number[];
let targetUrl: string;
const clock = new ManualClock('2026-11-01T09:00:00Z');

beforeEach(async () => {
  received = [];
  answers = [];
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      res.writeHead(answers.shift() ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  targetUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hubspot/webhooks?app=reactivation`;
  sandbox = await startHubSpotSandbox({ rateLimit: false, clock, portalId: 777 });
  sandbox.subscribeWebhooks({ targetUrl, clientSecret: SECRET, appId: 4242, retryDelaysMs: [5] });
});
afterEach(async () => {
  await sandbox.close();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

/** Verifies X-HubSpot-Signature-v3 the way HubSpot documents it, without the sandbox's code. */
function v3Valid(r: Received): boolean {
  const timestamp = String(r.headers['x-hubspot-request-timestamp']);
  const expected = createHmac('sha256', SECRET)
    .update(`POST${targetUrl}${r.body}${timestamp}`)
    .digest();
  const given = Buffer.from(String(r.headers['x-hubspot-signature-v3']), 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const events = (r: Received | undefined) => JSON.parse(r?.body ?? '[]') as WebhookEvent[];

describe('webhooks to the service', () => {
  it('sends a staff edit as signed contact.propertyChange events', async () => {
    const contact = sandbox.createContact({ email: 'ann@example.com', firstname: 'Ann' });
    sandbox.staffUpdateContact(contact.id, {
      firstname: 'Anne',
      email: 'ann@example.com',
      lastname: 'Lee',
    });
    await sandbox.webhooks.idle();

    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/hubspot/webhooks?app=reactivation');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers['x-hubspot-request-timestamp']).toBe(String(clock.now().getTime()));
    expect(request && v3Valid(request)).toBe(true);
    expect(request?.headers['x-hubspot-signature']).toBe(
      createHash('sha256')
        .update(SECRET + (request?.body ?? ''))
        .digest('hex'),
    );
    const sent = events(request);
    // The unchanged email sends nothing.
    expect(sent.map((e) => [e.propertyName, e.propertyValue])).toEqual([
      ['firstname', 'Anne'],
      ['lastname', 'Lee'],
    ]);
    expect(sent[0]).toMatchObject({
      subscriptionType: 'contact.propertyChange',
      portalId: 777,
      appId: 4242,
      objectId: Number(contact.id),
      attemptNumber: 0,
      occurredAt: clock.now().getTime(),
      changeSource: 'CRM_UI',
    });
    expect(typeof sent[0]?.eventId).toBe('number');
    expect(new Set(sent.map((e) => e.eventId)).size).toBe(2);
  });

  it('retries a delivery the service refused, with the same event ids and a new attempt number', async () => {
    answers = [500, 503];
    const contact = sandbox.createContact({ email: 'bo@example.com' });
    sandbox.staffUpdateContact(contact.id, { firstname: 'Bo' });
    await sandbox.webhooks.idle();
    expect(received.map((r) => events(r)[0]?.attemptNumber)).toEqual([0, 1, 2]);
    expect(new Set(received.map((r) => events(r)[0]?.eventId)).size).toBe(1);
    expect(received.every(v3Valid)).toBe(true);
    expect(sandbox.webhooks.deliveries.map((d) => d.status)).toEqual([500, 503, 200]);
  });

  it('gives up after maxAttempts', async () => {
    sandbox.subscribeWebhooks({
      targetUrl,
      clientSecret: SECRET,
      appId: 4242,
      retryDelaysMs: [1],
      maxAttempts: 3,
    });
    answers = [500, 500, 500, 500];
    sandbox.deleteContact(sandbox.createContact({ email: 'x@example.com' }).id);
    await sandbox.webhooks.idle();
    expect(received).toHaveLength(3);
  });

  it('sends deletions, privacy deletions and email opt-outs', async () => {
    const a = sandbox.createContact({ email: 'a@example.com' });
    const b = sandbox.createContact({ email: 'b@example.com' });
    const c = sandbox.createContact({ email: 'c@example.com' });
    sandbox.deleteContact(a.id);
    sandbox.privacyDeleteContact(b.id);
    sandbox.unsubscribeEmail('C@example.com');
    await sandbox.webhooks.idle();
    // Deliveries run concurrently (HubSpot does not promise order either): compare by event id.
    const all = received.flatMap(events).sort((x, y) => x.eventId - y.eventId);
    expect(
      all.map((e) => [e.subscriptionType, e.objectId, e.propertyName, e.propertyValue]),
    ).toEqual([
      ['contact.deletion', Number(a.id), undefined, undefined],
      ['contact.privacyDeletion', Number(b.id), undefined, undefined],
      ['contact.propertyChange', Number(c.id), 'hs_email_optout', 'true'],
    ]);
    expect(sandbox.contacts.get(b.id, { archived: true })).toBeUndefined();
    expect(sandbox.emailSubscriptions.get('c@example.com')?.statuses).toEqual({
      'Marketing Information': 'NOT_SUBSCRIBED',
      'One to One': 'NOT_SUBSCRIBED',
    });
  });

  it('sends API changes only when asked, and only for the subscribed properties', async () => {
    const client = sandboxClient(sandbox);
    const contact = sandbox.createContact({ email: 'd@example.com' });
    await client.crm.contacts.basicApi.update(contact.id, { properties: { firstname: 'Dee' } });
    await sandbox.webhooks.idle();
    expect(received).toHaveLength(0);

    sandbox.subscribeWebhooks({
      targetUrl,
      clientSecret: SECRET,
      appId: 4242,
      includeApiChanges: true,
      propertyNames: ['lastname'],
    });
    await client.crm.contacts.basicApi.update(contact.id, {
      properties: { firstname: 'D', lastname: 'Day' },
    });
    await sandbox.webhooks.idle();
    expect(received.flatMap(events).map((e) => [e.propertyName, e.changeSource])).toEqual([
      ['lastname', 'API'],
    ]);
  });
});
