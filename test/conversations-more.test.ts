import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizePhone } from '../src/domain/contact-details.ts';
import { locationFor } from '../src/domain/practice.ts';
import { TOMBSTONE } from '../src/crm/sync/sync-record.ts';
import type { OutboxEntry } from '../src/sandbox/twilio/index.ts';
import {
  openAllDay,
  outreachHarness,
  type OutreachHarness,
  hubspotShowsOptOut,
} from './helpers/outreach.ts';

type Text = Extract<OutboxEntry, { kind: 'message' }>;

/** The owner HubSpot's sandbox knows (its only user): tasks and contacts may be assigned to it. */
const OWNER = '70000001';
const SENDER = '+15017122661';

/** The automated call's keys, staff holds and deletions from HubSpot, and the hand-off task. */
describe('conversations: voice keys, CRM events, hand-off', () => {
  let h: OutreachHarness;
  beforeAll(async () => {
    h = await outreachHarness({ practice: openAllDay, patients: 400, seed: 13 });
    await h.sync();
  });
  afterAll(async () => {
    await h.close();
  });

  /** Synced patients with their own mobile (one per number), reachable by text and by phone. */
  const used = new Set<string>();
  const patient = async () => {
    for (const r of h.records) {
      const c = h.contact(r.patient.id);
      const mobile = c?.properties.mobilephone;
      if (
        !c ||
        !mobile ||
        used.has(mobile) ||
        c.properties.sms_consent === 'no' ||
        c.properties.reactivation_status !== 'eligible' ||
        c.properties.hubspot_owner_id
      )
        continue;
      const key = c.properties.pms_patient_id!;
      const entry = await h.store.directory.get(key);
      if (!entry || entry.contactPreference === 'do_not_call') continue;
      if ((await h.store.directory.keysOfPhone(mobile)).length !== 1) continue;
      used.add(mobile);
      return { contactId: c.id, mobile, key, clinicId: entry.clinicId };
    }
    throw new Error('no patient left');
  };
  type Patient = Awaited<ReturnType<typeof patient>>;
  const texted = async (p: Patient, callbackId: string) => {
    await h.action('send-sms', { callbackId, contactId: p.contactId });
    const out = await h.completion(callbackId);
    expect(out.outcome).toBe('sent');
    return out;
  };
  const called = async (p: Patient, callbackId: string) => {
    await h.action('call', {
      callbackId,
      contactId: p.contactId,
      inputs: { mode: 'automated_call' },
    });
    const out = await h.completion(callbackId);
    expect(out).toMatchObject({ outcome: 'sent', channel: 'call' });
    return out.message_id!;
  };
  const textsTo = (to: string) =>
    h.twilio.outbox.filter((m): m is Text => m.kind === 'message' && m.to === to);

  it('automated call, press 1: the answer is a <Dial> to the front desk of the patient’s office, and nobody is opted out', async () => {
    const p = await patient();
    const sid = await called(p, 'more-call-1');
    const walk = await h.twilio.answerCall(sid, { digits: '1' });
    expect(walk.documents).toHaveLength(2);
    expect(walk.documents[1]!.url).toBe(`${h.baseUrl}/twilio/voice/menu`);
    expect(walk.documents[1]!.params.Digits).toBe('1');
    const dialled = /<Dial>([^<]+)<\/Dial>/.exec(walk.documents[1]!.twiml)?.[1];
    expect(dialled).toBeDefined();
    const office = locationFor(h.practice, p.clinicId);
    expect(normalizePhone(dialled, 'US')).toBe(normalizePhone(office.phone, 'US'));
    expect(await h.store.optOuts.isOptedOut({ patientKey: p.key, phone: p.mobile })).toBe(false);
  });

  it('automated call, press 9: the patient is opted out on every channel (local list, HubSpot opted_out / no SMS / no WhatsApp consent, email unsubscribed) and the next text is skipped_opted_out', async () => {
    const p = await patient();
    const sid = await called(p, 'more-call-9');
    const walk = await h.twilio.answerCall(sid, { digits: '9' });
    expect(walk.documents[1]!.twiml).toContain('We will not contact you again');
    expect(walk.documents[1]!.twiml).not.toContain('<Dial');
    expect(await h.store.optOuts.isOptedOut({ patientKey: p.key })).toBe(true);
    expect(await h.store.optOuts.isOptedOut({ phone: p.mobile })).toBe(true);
    await h.waitFor(() => hubspotShowsOptOut(h, p.contactId), 5_000);
    const email = h.hubspot.contacts.get(p.contactId)!.properties.email!;
    expect(email).toBeTruthy();
    await h.waitFor(() => h.hubspot.emailSubscriptions.get(email)?.unsubscribedFromAll, 5_000);
    await h.action('send-sms', { callbackId: 'more-call-9-after', contactId: p.contactId });
    expect((await h.completion('more-call-9-after')).outcome).toBe('skipped_opted_out');
    expect(textsTo(p.mobile)).toEqual([]);
  });

  it('staff set do_not_contact in HubSpot (signed webhook): the queued send is cancelled with skipped_no_consent, never sent, and the next send is skipped_no_consent', async () => {
    const p = await patient();
    await texted(p, 'more-dnc-1');
    // Capped (one a day): this one waits in the queue for tomorrow.
    await h.action('send-sms', { callbackId: 'more-dnc-2', contactId: p.contactId });
    await h.waitFor(async () => (await h.store.pending.list(p.key)).includes('more-dnc-2'));
    const deliveries = h.hubspot.webhooks.deliveries.length;
    h.hubspot.staffUpdateContact(p.contactId, { reactivation_status: 'do_not_contact' });
    const cancelled = await h.completion('more-dnc-2');
    expect(cancelled).toMatchObject({ outcome: 'skipped_no_consent', channel: 'sms' });
    expect(cancelled.reason).toContain('do not contact');
    // It came in as HubSpot's v3-signed webhook, and the service took it (2xx).
    const delivery = h.hubspot.webhooks.deliveries
      .slice(deliveries)
      .find((d) =>
        d.events.some(
          (e) => e.propertyName === 'reactivation_status' && e.propertyValue === 'do_not_contact',
        ),
      );
    expect(delivery?.status).toBe(204);
    expect(await h.store.pending.list(p.key)).toEqual([]);
    expect(await h.service.deps.actions.remove('more-dnc-2')).toBeUndefined();
    await h.action('send-sms', { callbackId: 'more-dnc-3', contactId: p.contactId });
    const after = await h.completion('more-dnc-3');
    expect(after.outcome).toBe('skipped_no_consent');
    await new Promise((r) => setTimeout(r, 500));
    expect(textsTo(p.mobile)).toHaveLength(1);
    expect(h.hubspot.callbackCompletions.filter((c) => c.callbackId === 'more-dnc-2')).toHaveLength(
      1,
    );
  });

  it('contact.privacyDeletion and contact.deletion purge the patient’s message log, raw events, reply log, send history, hold and directory entry from Redis, cancel the waiting send (skipped_no_consent, never sent), and tombstone the sync fingerprint', async () => {
    const privacy = await patient();
    const deleted = await patient();
    const fingerprintsBefore = await h.store.syncState.getMany([privacy.key, deleted.key]);
    for (const p of [privacy, deleted]) {
      expect(fingerprintsBefore.get(p.key)).toBeDefined();
      expect(fingerprintsBefore.get(p.key)).not.toBe(TOMBSTONE);
    }
    const sids: Record<string, string> = {};
    for (const [p, tag] of [
      [privacy, 'privacy'],
      [deleted, 'deletion'],
    ] as const) {
      sids[tag] = (await texted(p, `more-purge-${tag}`)).message_id!;
      const answer = await h.twilio.inbound({
        from: p.mobile,
        to: SENDER,
        body: 'what times do you have?',
      });
      expect(answer.twiml).toContain('/b/');
      expect(await h.store.replies.last(p.key)).toBeDefined();
    }
    // The privacy-deleted patient is on hold (staff paused), the deleted one has a send waiting.
    h.hubspot.staffUpdateContact(privacy.contactId, { reactivation_status: 'paused' });
    await h.waitFor(async () => (await h.store.holds.get(privacy.key)) !== undefined);
    await h.action('send-sms', { callbackId: 'more-purge-waiting', contactId: deleted.contactId });
    await h.waitFor(async () => (await h.store.pending.list(deleted.key)).length > 0);

    h.hubspot.privacyDeleteContact(privacy.contactId);
    h.hubspot.deleteContact(deleted.contactId);
    for (const p of [privacy, deleted])
      await h.waitFor(async () => (await h.store.directory.get(p.key)) === undefined);
    expect((await h.completion('more-purge-waiting')).outcome).toBe('skipped_no_consent');
    await new Promise((r) => setTimeout(r, 500));
    expect(textsTo(deleted.mobile).filter((m) => m.direction === 'outbound-api')).toHaveLength(1);

    for (const [p, tag] of [
      [privacy, 'privacy'],
      [deleted, 'deletion'],
    ] as const) {
      expect(await h.store.messages.forPatient(p.key, 10)).toEqual([]);
      expect(await h.store.messages.get(sids[tag]!)).toBeUndefined();
      expect((await h.store.events.recent(200_000)).filter((e) => e.patientKey === p.key)).toEqual(
        [],
      );
      expect(await h.store.replies.last(p.key)).toBeUndefined();
      expect(await h.store.holds.get(p.key)).toBeUndefined();
      expect(await h.store.sendHistory.since(p.key, new Date(0))).toEqual([]);
      expect(await h.store.pending.list(p.key)).toEqual([]);
      expect(await h.store.directory.keyOfContact(p.contactId)).toBeUndefined();
      expect(await h.store.directory.keysOfPhone(p.mobile)).not.toContain(p.key);
      expect((await h.store.syncState.getMany([p.key])).get(p.key)).toBe(TOMBSTONE);
    }
  });

  it('"can you call me?" hands off: a HIGH task due at the reply, owned by the contact owner, with the words and a link, associated to the contact; status replied; texts skipped until staff resume', async () => {
    const p = await patient();
    h.hubspot.staffUpdateContact(p.contactId, { hubspot_owner_id: OWNER });
    // No office has an owner configured: only the contact's own owner can be on the task.
    expect(h.service.deps.practice.locations.every((l) => !l.hubspotOwnerId)).toBe(true);
    const before = Date.now();
    const answer = await h.twilio.inbound({ from: p.mobile, to: SENDER, body: 'can you call me?' });
    const after = Date.now();
    expect(answer.twiml).toContain('someone from our team');
    const task = await h.waitFor(() =>
      h.hubspot.tasks.list().find((t) => t.contactIds.includes(p.contactId)),
    );
    expect(['CALL', 'TODO']).toContain(task.properties.hs_task_type);
    expect(task.properties).toMatchObject({
      hs_task_priority: 'HIGH',
      hs_task_status: 'NOT_STARTED',
      hubspot_owner_id: OWNER,
    });
    const due = Date.parse(task.properties.hs_timestamp!);
    expect(due).toBeGreaterThanOrEqual(before);
    expect(due).toBeLessThanOrEqual(after);
    expect(task.properties.hs_task_body).toContain('can you call me?');
    expect(task.properties.hs_task_body).toContain(
      `https://app.hubspot.com/contacts/${h.hubspot.portalId}/record/0-1/${p.contactId}`,
    );
    await h.waitFor(
      () => h.hubspot.contacts.get(p.contactId)!.properties.reactivation_status === 'replied',
    );
    await h.action('send-sms', { callbackId: 'more-handoff-paused', contactId: p.contactId });
    expect((await h.completion('more-handoff-paused')).outcome).toBe('skipped_no_consent');
    expect(textsTo(p.mobile).filter((m) => m.direction === 'outbound-api')).toEqual([]);
    // The front desk called back and sets the status again: outreach resumes.
    h.hubspot.staffUpdateContact(p.contactId, { reactivation_status: 'contacted' });
    await h.action('send-sms', { callbackId: 'more-handoff-resumed', contactId: p.contactId });
    expect((await h.completion('more-handoff-resumed')).outcome).toBe('sent');
  });

  it('a hand-off for a contact with no owner: the task goes to the owner configured for the patient’s office', async () => {
    const p = await patient();
    expect(h.hubspot.contacts.get(p.contactId)!.properties.hubspot_owner_id).toBeFalsy();
    // The office object the service reads its settings from (the practice file, as loaded).
    const office = locationFor(h.service.deps.practice, p.clinicId);
    office.hubspotOwnerId = OWNER;
    try {
      await h.twilio.inbound({ from: p.mobile, to: SENDER, body: 'can you call me?' });
      const task = await h.waitFor(() =>
        h.hubspot.tasks.list().find((t) => t.contactIds.includes(p.contactId)),
      );
      expect(task.properties.hubspot_owner_id).toBe(OWNER);
      expect(task.properties.hs_task_priority).toBe('HIGH');
    } finally {
      delete office.hubspotOwnerId;
    }
  });
});
