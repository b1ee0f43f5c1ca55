import { Alert, LoadingSpinner } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { DateTime } from 'luxon';
import { createElement } from 'react';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CardFetch } from '../extensions/app/cards/card-client.ts';
import { ReactivationCardView } from '../extensions/app/cards/reactivation-card-view.tsx';
import { DEFAULT_SERVICE_URL } from '../extensions/app/cards/service-url.ts';
import type { ManualClock } from '../src/lib/clock.ts';
import { CardView } from '../src/outreach/card-view.ts';
import { v3Headers } from '../src/sandbox/hubspot/index.ts';
import type { OpenDentalApiSandbox } from '../src/sandbox/opendental-api/server.ts';
import { appointment, scheduled } from './builders.ts';
import { openDentalHarness, type OpenDentalHarness } from './helpers/opendental-harness.ts';
import { CLIENT_SECRET, type OutreachHarness } from './helpers/outreach.ts';
import {
  book as bookPatients,
  oneOffice,
  pick as pickPatient,
  startWorld,
  stopWorld,
  type Picked,
  type World,
} from './helpers/reminder-world.ts';

/**
 * Issue 7 point 3: "with Open Dental's API configured, a confirmation updates the appointment's
 * confirmation status …; without it the card and the task tell the front desk". A patient answers
 * a reminder "C"; with no write-back the PMS cannot know, so the card shows "Confirmed by the
 * patient on … — mark the appointment … confirmed in the PMS" and the front desk gets one
 * low-priority to-do task. With write-back on, the service marks it itself: no banner, no task.
 * The whole service runs in the sandboxes, real Redis; the card is HubSpot's own renderer talking
 * to the real card door through a signed `hubspot.fetch`.
 */
const NY = 'America/New_York';
const SENDER = '+15017122661';
// The world's clock starts on Wednesday 4 March 2026, 10:00 in New York; the appointment
// booked is on Tuesday 10 March 2026, 10:30 in New York (summer time from the 8th): 14:30 UTC.
const APPOINTMENT_UTC = '2026-03-10T14:30:00.000Z';

/** The card door, signed as HubSpot signs `hubspot.fetch` (v3) at the service's clock. */
function cardFetch(h: OutreachHarness): CardFetch {
  return async (url, options) => {
    const target = url.replace(DEFAULT_SERVICE_URL, h.baseUrl);
    const method = options.method ?? 'GET';
    const body = options.body === undefined ? '' : JSON.stringify(options.body);
    return fetch(target, {
      method,
      ...(body ? { body } : {}),
      headers: v3Headers({
        clientSecret: CLIENT_SECRET,
        method,
        url: target,
        body,
        timestamp: h.clock.now().getTime(),
      }),
    });
  };
}

async function cardViewOf(h: OutreachHarness, contactId: string): Promise<CardView> {
  const url = `${DEFAULT_SERVICE_URL}/hubspot/card/contacts/${contactId}?portalId=${h.hubspot.portalId}`;
  const response = await cardFetch(h)(url, { method: 'GET' });
  expect(response.status).toBe(200);
  return CardView.parse(await response.json());
}

/** The card as HubSpot renders it on the contact's record (account zone New York, en-US). */
async function renderCard(h: OutreachHarness, contactId: string) {
  const renderer = createRenderer('crm.record.tab');
  const mocks = renderer.mocks.context;
  const context = {
    ...mocks,
    crm: { ...mocks.crm, objectId: Number(contactId) },
    portal: { ...mocks.portal, id: h.hubspot.portalId, timezone: NY },
  };
  renderer.render(createElement(ReactivationCardView, { context, fetch: cardFetch(h) }));
  await renderer.waitFor(() => expect(renderer.maybeFind(LoadingSpinner)).toBeNull());
  return renderer;
}

/** Collapses the narrow no-break spaces ICU puts in times (`10:30 AM`). */
const plain = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();

const tasksOf = (h: OutreachHarness, contactId: string) =>
  h.hubspot.tasks.list().filter((t) => t.contactIds.includes(contactId));

describe('a confirmed reminder without write-back: the card and a task tell the front desk', () => {
  let w: World;
  let h: OutreachHarness;
  let clock: ManualClock;
  const used = new Set<string>();
  beforeEach(async () => {
    used.clear();
    w = await startWorld((p) => ({
      ...oneOffice(p),
      reminders: { ...(p.reminders as object), allAppointments: true },
    }));
    ({ h, clock } = w);
  });
  afterEach(async () => {
    await stopWorld(w);
  });

  const pick = () => pickPatient(w, used);
  /** Books the patient, syncs, and waits for the confirmation reminder. */
  const book = (p: Picked) => bookPatients(w, [p]);

  it('the card shows "Confirmed by the patient on … — mark the appointment … confirmed in the PMS", only once the patient confirmed', async () => {
    expect(h.service.deps.pmsWriteBack).toBeUndefined();
    const p = pick();
    await book(p);
    // Booked, not confirmed: nothing for the front desk to mark.
    expect((await cardViewOf(h, p.contactId)).markConfirmedInPms).toBeUndefined();
    const before = await renderCard(h, p.contactId);
    expect(before.maybeFindByTestId(Alert, 'mark-confirmed-in-pms')).toBeNull();

    clock.set('2026-03-05T14:12:00Z'); // Thursday 9:12
    const answer = await h.twilio.inbound({ from: p.mobile, to: SENDER, body: 'C' });
    expect(answer.twiml).toMatch(/confirmed for Tuesday, March 10 at 10:30 AM/);
    await h.waitFor(
      () => h.hubspot.contacts.get(p.contactId)!.properties.reactivation_status === 'confirmed',
    );

    const view = await cardViewOf(h, p.contactId);
    expect(view.status).toBe('confirmed');
    expect(view.markConfirmedInPms).toEqual({
      confirmedAt: '2026-03-05T14:12:00.000Z',
      appointmentAt: APPOINTMENT_UTC,
    });
    const card = await renderCard(h, p.contactId);
    const banner = card.findByTestId(Alert, 'mark-confirmed-in-pms');
    expect(banner.props.title).toBe('Mark it in the PMS');
    expect(plain(banner.text)).toBe(
      'Confirmed by the patient on Mar 5, 2026, 9:12 AM — mark the appointment of Mar 10, 2026, 10:30 AM confirmed in the PMS.',
    );
    // It is not a reply waiting for a person.
    expect(card.maybeFindByTestId(Alert, 'waiting-for-person')).toBeNull();

    // A second "C" does not move the date the patient first confirmed.
    clock.set('2026-03-06T15:00:00Z');
    await h.twilio.inbound({ from: p.mobile, to: SENDER, body: 'C' });
    expect((await cardViewOf(h, p.contactId)).markConfirmedInPms?.confirmedAt).toBe(
      '2026-03-05T14:12:00.000Z',
    );

    // Once the appointment has started there is nothing left to mark.
    clock.set('2026-03-10T14:31:00Z');
    expect((await cardViewOf(h, p.contactId)).markConfirmedInPms).toBeUndefined();
  });

  it('the front desk gets one low-priority to-do task to mark it in the PMS, however often the patient confirms; a reschedule still gets its high-priority call task', async () => {
    const p = pick();
    await book(p);
    expect(tasksOf(h, p.contactId)).toEqual([]);
    clock.set('2026-03-05T14:12:00Z');
    await h.twilio.inbound({ from: p.mobile, to: SENDER, body: 'C' });
    const task = await h.waitFor(() => tasksOf(h, p.contactId)[0]);
    const firstName = h.hubspot.contacts.get(p.contactId)!.properties.firstname!;
    expect(task.properties).toMatchObject({
      hs_task_type: 'TODO',
      hs_task_priority: 'LOW',
      hs_task_status: 'NOT_STARTED',
      hs_timestamp: '2026-03-05T14:12:00.000Z',
      hs_task_subject: `Mark confirmed in the PMS: ${firstName}, Tuesday, March 10 at 10:30 AM`,
    });
    expect(task.properties.hs_task_body).toContain(
      `${firstName} confirmed the appointment of Tuesday, March 10 at 10:30 AM at Riverside Family Dental – Downtown by answering the reminder (“C”).`,
    );
    expect(task.properties.hs_task_body).toContain(
      'please mark the appointment confirmed there, so nobody calls to confirm it again.',
    );
    expect(task.properties.hs_task_body).toContain(
      `https://app.hubspot.com/contacts/${h.hubspot.portalId}/record/0-1/${p.contactId}`,
    );
    expect(task.properties.hs_task_body).not.toMatch(/\+1\d{10}/);
    // Confirming is not a reply for a person: outreach status stays confirmed.
    await h.waitFor(
      () => h.hubspot.contacts.get(p.contactId)!.properties.reactivation_status === 'confirmed',
    );

    // The patient confirms again, twice at once: still one task.
    await Promise.all([
      h.twilio.inbound({ from: p.mobile, to: SENDER, body: 'YES' }),
      h.twilio.inbound({ from: p.mobile, to: SENDER, body: 'confirm' }),
    ]);
    await new Promise((r) => setTimeout(r, 300));
    expect(tasksOf(h, p.contactId)).toHaveLength(1);

    // Then asks to move it: the hand-off is its own, urgent task.
    await h.twilio.inbound({ from: p.mobile, to: SENDER, body: 'R' });
    const handOff = await h.waitFor(() =>
      tasksOf(h, p.contactId).find((t) => t.properties.hs_task_priority === 'HIGH'),
    );
    expect(handOff.properties.hs_task_type).toBe('CALL');
    expect(tasksOf(h, p.contactId)).toHaveLength(2);
  });

  it('a new appointment after a move is a new confirmation to mark: one more task, a fresh date on the card', async () => {
    const p = pick();
    await book(p);
    await h.twilio.inbound({ from: p.mobile, to: SENDER, body: 'C' });
    await h.waitFor(() => tasksOf(h, p.contactId)[0]);
    // The office moves the visit to Thursday 12 March, 14:00; the next sync reschedules.
    clock.set('2026-03-06T15:00:00Z');
    p.records.appointments = p.records.appointments.filter((a) => a.status !== 'scheduled');
    p.records.appointments.push(scheduled('2026-03-12T14:00:00'));
    await h.sync();
    expect((await h.store.reminders.get(p.key))!.status).toBe('scheduled');
    expect((await cardViewOf(h, p.contactId)).markConfirmedInPms).toBeUndefined();
    await h.waitFor(async () => (await h.store.reminders.get(p.key))?.sent.confirmation);
    await h.twilio.inbound({ from: p.mobile, to: SENDER, body: 'C' });
    const second = await h.waitFor(() => {
      const found = tasksOf(h, p.contactId);
      return found.length === 2 ? found : undefined;
    });
    expect(second.map((t) => t.properties.hs_task_subject)).toContain(
      `Mark confirmed in the PMS: ${h.hubspot.contacts.get(p.contactId)!.properties.firstname}, Thursday, March 12 at 2:00 PM`,
    );
    expect((await cardViewOf(h, p.contactId)).markConfirmedInPms).toEqual({
      confirmedAt: '2026-03-06T15:00:00.000Z',
      appointmentAt: '2026-03-12T18:00:00.000Z',
    });
  });
});

describe('a confirmed reminder with Open Dental write-back: the service marks it, nobody is asked to', () => {
  let od: OpenDentalApiSandbox;
  let h: OutreachHarness;
  let syncAsOpenDental: OpenDentalHarness['syncAsOpenDental'];
  let world: OpenDentalHarness;
  beforeAll(async () => {
    world = await openDentalHarness();
    ({ h, od, syncAsOpenDental } = world);
  });
  afterAll(() => world?.close());

  it('a "C" confirms the appointment in Open Dental; the card shows no banner and no task is created', async () => {
    const p = pickPatient(world, new Set(), {
      keyOf: (r) => `opendental:${r.patient.clinicId ?? '0'}:${r.patient.id}`,
    });
    await h.action('send-sms', { callbackId: 'nowb-od', contactId: p.contactId });
    expect((await h.completion('nowb-od')).outcome).toBe('sent');
    const day = DateTime.now().setZone(NY).plus({ days: 20 }).toFormat('yyyy-LL-dd');
    p.records.appointments.push(
      appointment('scheduled', `${day}T10:30`, { id: '77001', patientId: p.records.patient.id }),
    );
    await syncAsOpenDental();
    await h.waitFor(async () => (await h.store.reminders.get(p.key))?.sent.confirmation);
    await h.twilio.inbound({ from: p.mobile, to: SENDER, body: 'C' });
    await h.waitFor(() => od.confirmations.find((c) => c.aptNum === 77001));
    await h.waitFor(
      () => h.hubspot.contacts.get(p.contactId)!.properties.reactivation_status === 'confirmed',
    );
    expect((await h.store.reminders.get(p.key))!.status).toBe('confirmed');
    const view = await cardViewOf(h, p.contactId);
    expect(view.status).toBe('confirmed');
    expect(view.markConfirmedInPms).toBeUndefined();
    const card = await renderCard(h, p.contactId);
    expect(card.maybeFindByTestId(Alert, 'mark-confirmed-in-pms')).toBeNull();
    await new Promise((r) => setTimeout(r, 300));
    expect(tasksOf(h, p.contactId)).toEqual([]);
  });
});
