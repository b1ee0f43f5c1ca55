import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CardActionResult, CardView } from '../src/outreach/card-view.ts';
import { v3Headers } from '../src/sandbox/hubspot/index.ts';
import {
  CLIENT_SECRET,
  openAllDay,
  outreachHarness,
  type OutreachHarness,
} from './helpers/outreach.ts';

/** The card's calls to the service, signed as HubSpot signs `hubspot.fetch` (v3). */
describe('the card door', () => {
  let h: OutreachHarness;
  beforeAll(async () => {
    h = await outreachHarness({ practice: openAllDay, seed: 21 });
    await h.sync();
  });
  afterAll(async () => {
    await h.close();
  });

  const call = (
    path: string,
    method = 'GET',
    portalId: number = h.hubspot.portalId,
    sign = true,
  ) => {
    const url = `${h.baseUrl}${path}${path.includes('?') ? '&' : '?'}portalId=${portalId}`;
    const body = method === 'POST' ? '{}' : '';
    return fetch(url, {
      method,
      ...(body ? { body } : {}),
      headers: sign
        ? v3Headers({ clientSecret: CLIENT_SECRET, method, url, body, timestamp: Date.now() })
        : {},
    });
  };
  const patients = () =>
    h.records
      .map((r) => h.contact(r.patient.id))
      .filter(
        (c) =>
          c?.properties.mobilephone &&
          c.properties.sms_consent !== 'no' &&
          c.properties.reactivation_status === 'eligible',
      )
      .filter(
        (c, i, all) =>
          all.findIndex((x) => x!.properties.mobilephone === c!.properties.mobilephone) === i,
      );

  it('refuses unsigned requests and requests for another portal', async () => {
    const id = patients()[0]!.id;
    expect(
      (await call(`/hubspot/card/contacts/${id}`, 'GET', h.hubspot.portalId, false)).status,
    ).toBe(401);
    expect((await call(`/hubspot/card/contacts/${id}`, 'GET', 999)).status).toBe(401);
  });

  it('shows a patient: status, reason in words, consent, every touch with its delivery', async () => {
    const c = patients()[0]!;
    await h.action('send-sms', { callbackId: 'card-touch', contactId: c.id });
    const { message_id } = await h.completion('card-touch');
    await h.waitFor(async () => (await h.store.messages.get(message_id!))?.status === 'delivered');
    const view = CardView.parse(await (await call(`/hubspot/card/contacts/${c.id}`)).json());
    expect(view).toMatchObject({
      contactId: c.id,
      isPatient: true,
      status: 'contacted',
      optedOut: false,
      waitingForPerson: false,
    });
    expect(view.reason.length).toBeGreaterThan(10);
    expect(view.touches[0]).toMatchObject({
      channel: 'sms',
      outcome: 'sent',
      delivery: 'delivered',
    });
    expect(JSON.stringify(view)).not.toMatch(/\+1\d{10}/);
  });

  it('a contact that is not a patient gets an empty card', async () => {
    const other = h.hubspot.createContact({ firstname: 'Web', email: 'web-form@example.com' });
    const view = CardView.parse(await (await call(`/hubspot/card/contacts/${other.id}`)).json());
    expect(view).toMatchObject({
      isPatient: false,
      touches: [],
      actions: { pause: false, resume: false, sendLink: false, doNotContact: false },
    });
  });

  it('pause stops outreach at once and tells HubSpot; resume lifts it', async () => {
    const c = patients()[1]!;
    const paused = CardActionResult.parse(
      await (await call(`/hubspot/card/contacts/${c.id}/actions/pause`, 'POST')).json(),
    );
    expect(paused).toMatchObject({
      ok: true,
      outcome: 'paused',
      view: { paused: true, actions: { resume: true, pause: false } },
    });
    await h.waitFor(
      () => h.hubspot.contacts.get(c.id)!.properties.reactivation_status === 'paused',
    );
    await h.action('send-sms', { callbackId: 'card-paused', contactId: c.id });
    expect((await h.completion('card-paused')).outcome).toBe('skipped_no_consent');
    const resumed = CardActionResult.parse(
      await (await call(`/hubspot/card/contacts/${c.id}/actions/resume`, 'POST')).json(),
    );
    expect(resumed).toMatchObject({ ok: true, outcome: 'eligible' });
    await h.waitFor(
      () => h.hubspot.contacts.get(c.id)!.properties.reactivation_status === 'eligible',
    );
  });

  it('send-link goes through the gate: sent now, then capped for today', async () => {
    const c = patients()[2]!;
    const sent = CardActionResult.parse(
      await (await call(`/hubspot/card/contacts/${c.id}/actions/send-link`, 'POST')).json(),
    );
    expect(sent).toMatchObject({ ok: true, outcome: 'sent' });
    const text = h.twilio.outbox.find(
      (m) => m.kind === 'message' && (m as { to: string }).to === c.properties.mobilephone,
    ) as { body: string };
    expect(text.body).toContain('/b/');
    expect(text.body).toMatch(/Reply STOP to opt out|Responda STOP/);
    const again = CardActionResult.parse(
      await (await call(`/hubspot/card/contacts/${c.id}/actions/send-link`, 'POST')).json(),
    );
    expect(again).toMatchObject({ ok: true, outcome: 'deferred' });
    expect(again.message).toMatch(/daily cap/);
  });

  it('do-not-contact sticks, and the sync never overwrites it', async () => {
    const c = patients()[3]!;
    const result = CardActionResult.parse(
      await (await call(`/hubspot/card/contacts/${c.id}/actions/do-not-contact`, 'POST')).json(),
    );
    expect(result).toMatchObject({
      ok: true,
      outcome: 'do_not_contact',
      view: { actions: { doNotContact: false } },
    });
    await h.waitFor(
      () => h.hubspot.contacts.get(c.id)!.properties.reactivation_status === 'do_not_contact',
    );
    await h.sync();
    expect(h.hubspot.contacts.get(c.id)!.properties.reactivation_status).toBe('do_not_contact');
  });
});
