import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scheduled, completed } from './builders.ts';
import {
  LINK_SECRET,
  openAllDay,
  hubspotShowsOptOut,
  outreachHarness,
  pickPatient,
  type OutreachHarness,
} from './helpers/outreach.ts';
import { issueBookingToken } from '../src/domain/booking-token.ts';

/** Replies, opt-outs, booking links and who came back, end to end in the sandboxes. */
describe('conversations', () => {
  let h: OutreachHarness;
  beforeAll(async () => {
    h = await outreachHarness({ practice: openAllDay, patients: 400, seed: 9 });
    await h.sync();
  });
  afterAll(async () => {
    await h.close();
  });

  /** Synced patients with their own mobile (one per number), each used by one test. */
  const used = new Set<string>();
  const patient = (segments?: string[]) => {
    const p = pickPatient(h, used, segments ? { segments } : {});
    return { ...p, patientId: p.records.patient.id };
  };
  const texted = async (p: ReturnType<typeof patient>, callbackId: string) => {
    await h.action('send-sms', { callbackId, contactId: p.contactId });
    const out = await h.completion(callbackId);
    expect(out.outcome).toBe('sent');
    return out;
  };
  const repliesTo = (mobile: string) =>
    h.twilio.outbox
      .filter((m) => m.kind === 'message' && (m as { to: string }).to === mobile)
      .map((m) => (m as { body?: string }).body ?? '');

  it('yes → the booking link → a click → an appointment → booked (credited) → a visit → recovered', async () => {
    const p = patient(['overdue_recall', 'dormant']);
    const sent = await texted(p, 'conv-book');
    const answer = await h.twilio.inbound({
      from: p.mobile,
      to: '+15017122661',
      body: 'Yes please!',
    });
    expect(answer.twiml).toContain('/b/');
    const link = /(http:\/\/127\.0\.0\.1:\d+\/b\/[\w.-]+)/.exec(answer.twiml)![1]!;
    const follow = await fetch(link, { redirect: 'manual' });
    expect(follow.status).toBe(302);
    expect(follow.headers.get('location')).toMatch(
      /^https:\/\/riverside-dental\.example\/book\?office=/,
    );
    await h.waitFor(async () =>
      (await h.store.events.recent(50)).find((e) => e.type === 'clicked' && e.patientKey === p.key),
    );
    // The practice books the patient in the PMS; the next sync sees it.
    p.records.appointments.push(scheduled('2027-01-12T09:00'));
    await h.sync();
    expect(h.hubspot.contacts.get(p.contactId)!.properties.reactivation_status).toBe('booked');
    const booked = (await h.store.events.recent(200)).find(
      (e) => e.type === 'booked' && e.patientKey === p.key,
    )!;
    const message = (await h.store.messages.get(sent.message_id!))!;
    expect(booked).toMatchObject({
      channel: 'sms',
      templateId: message.templateId,
      variant: message.variant,
      workflowId: '555',
    });
    // The visit happens (and the recall moves on, as the PMS does).
    p.records.appointments = p.records.appointments.filter((a) => a.status !== 'scheduled');
    p.records.appointments.push(
      completed(new Date(h.clock.now()).toISOString().slice(0, 10), { isHygiene: true }),
    );
    p.records.recalls = p.records.recalls.map((r) => ({
      ...r,
      dueDate: '2027-06-01',
      disabled: false,
    }));
    await h.sync();
    expect(h.hubspot.contacts.get(p.contactId)!.properties.reactivation_status).toBe('recovered');
    const recovered = (await h.store.events.recent(300)).find(
      (e) => e.type === 'recovered' && e.patientKey === p.key,
    )!;
    expect(recovered.value).toBeGreaterThan(0);
  });

  it.each([
    ['a carrier keyword', 'STOP', 'keyword'],
    ['a plain request', 'please stop texting me', 'plain'],
    ['Spanish', 'ya no me manden mensajes por favor', 'spanish'],
  ])(
    'an opt-out by %s closes every channel: list first, HubSpot within 5 s, one confirmation',
    async (_name, words, tag) => {
      const p = patient();
      await texted(p, `conv-stop-${tag}`);
      const before = repliesTo(p.mobile).length;
      const started = Date.now();
      const answer = await h.twilio.inbound({ from: p.mobile, to: '+15017122661', body: words });
      expect(await h.store.optOuts.isOptedOut({ patientKey: p.key })).toBe(true);
      await h.waitFor(() => hubspotShowsOptOut(h, p.contactId), 5_000);
      expect(Date.now() - started).toBeLessThan(5_000);
      const email = h.hubspot.contacts.get(p.contactId)!.properties.email;
      if (email)
        await h.waitFor(() => h.hubspot.emailSubscriptions.get(email)?.unsubscribedFromAll, 5_000);
      // Twilio answers its own keywords (Advanced Opt-Out); a plain request gets the service's one.
      // (the sandbox sends a TwiML <Message> answer like Twilio does, so it shows in the outbox).
      const ours = repliesTo(p.mobile).length - before;
      expect(ours).toBe(answer.optOutType ? 0 : 1);
      // Nothing goes out afterwards, on any channel.
      await h.action('send-sms', { callbackId: `conv-after-${tag}`, contactId: p.contactId });
      await h.action('call', {
        callbackId: `conv-call-${tag}`,
        contactId: p.contactId,
        inputs: { mode: 'automated_call' },
      });
      expect((await h.completion(`conv-after-${tag}`)).outcome).toBe('skipped_opted_out');
      expect((await h.completion(`conv-call-${tag}`)).outcome).toBe('skipped_opted_out');
    },
  );

  it('an opt-out racing with 100 queued messages: none goes out after it', async () => {
    const p = patient();
    // A cap-deferred backlog: the first goes, the other 99 wait for tomorrow.
    await Promise.all(
      [...Array(100)].map((_, i) =>
        h.action('send-sms', {
          callbackId: `race-${i}`,
          contactId: p.contactId,
          inputs: { when_not_allowed_now: 'continue' },
        }),
      ),
    );
    await h.waitFor(async () => (await h.store.pending.list(p.key)).length >= 99, 30_000);
    // `continue` answers the workflow at once: one sent, 99 deferred, all waiting for tomorrow.
    await h.waitFor(
      () =>
        h.hubspot.callbackCompletions.filter((c) => c.callbackId.startsWith('race-')).length ===
        100,
      30_000,
    );
    const outcomes = h.hubspot.callbackCompletions
      .filter((c) => c.callbackId.startsWith('race-'))
      .map((c) => c.outputFields.outcome);
    expect(outcomes.filter((o) => o === 'deferred')).toHaveLength(99);
    const sentBefore = repliesTo(p.mobile).length;
    await h.twilio.inbound({ from: p.mobile, to: '+15017122661', body: 'STOP' });
    const optedOutAt = Date.now();
    // The STOP drops every deferred send of the patient before it answers.
    expect(await h.store.pending.list(p.key)).toEqual([]);
    await h.waitFor(async () => (await h.service.deps.actions.backlog()) === 0, 10_000);
    await new Promise((r) => setTimeout(r, 1_000));
    const after = h.twilio.outbox.filter(
      (m) =>
        m.kind === 'message' &&
        (m as { to: string }).to === p.mobile &&
        m.at.getTime() > optedOutAt,
    );
    expect(after).toEqual([]);
    expect(repliesTo(p.mobile).length).toBe(sentBefore);
  });

  it('HubSpot down during an opt-out: every send is blocked meanwhile, HubSpot gets it when back', async () => {
    const p = patient();
    await texted(p, 'conv-down');
    h.hubspot.faults.fail5xx(12, 503);
    await h.twilio.inbound({ from: p.mobile, to: '+15017122661', body: 'unsubscribe' });
    const optedOutAt = Date.now();
    expect(await h.store.optOuts.isOptedOut({ patientKey: p.key })).toBe(true);
    // A workflow tries to text the patient while HubSpot still shows them as contactable.
    await h.action('send-sms', { callbackId: 'conv-down-during', contactId: p.contactId });
    await h.waitFor(
      () => h.hubspot.contacts.get(p.contactId)!.properties.reactivation_status === 'opted_out',
      60_000,
    );
    expect((await h.completion('conv-down-during')).outcome).toBe('skipped_opted_out');
    const after = h.twilio.outbox.filter(
      (m) =>
        m.kind === 'message' &&
        (m as { to: string }).to === p.mobile &&
        m.at.getTime() > optedOutAt,
    );
    expect(after).toEqual([]);
  }, 90_000);

  it('an email unsubscribe in HubSpot: no SMS afterwards', async () => {
    const p = patient();
    const email =
      h.hubspot.contacts.get(p.contactId)!.properties.email ?? `p${p.patientId}@example.com`;
    if (!h.hubspot.contacts.get(p.contactId)!.properties.email)
      h.hubspot.staffUpdateContact(p.contactId, { email });
    h.hubspot.unsubscribeEmail(email);
    await h.waitFor(async () => h.store.optOuts.isOptedOut({ patientKey: p.key }));
    await h.action('send-sms', { callbackId: 'conv-email-unsub', contactId: p.contactId });
    expect((await h.completion('conv-email-unsub')).outcome).toBe('skipped_opted_out');
    expect(repliesTo(p.mobile)).toEqual([]);
  });

  it('staff pause: queued messages are cancelled and nothing goes until they resume', async () => {
    const p = patient();
    await texted(p, 'conv-pause-1');
    await h.action('send-sms', { callbackId: 'conv-pause-2', contactId: p.contactId }); // capped: waits
    await h.waitFor(async () => (await h.store.pending.list(p.key)).length > 0);
    h.hubspot.staffUpdateContact(p.contactId, { reactivation_status: 'paused' });
    expect((await h.completion('conv-pause-2')).outcome).toBe('skipped_no_consent');
    await h.action('send-sms', { callbackId: 'conv-pause-3', contactId: p.contactId });
    expect((await h.completion('conv-pause-3')).outcome).toBe('skipped_no_consent');
    h.hubspot.staffUpdateContact(p.contactId, { reactivation_status: 'contacted' });
    await h.waitFor(async () => (await h.store.holds.get(p.key)) === undefined);
  });

  it('a question is handed off: a task with the words (clinical terms masked) and a link, status replied, outreach paused', async () => {
    const p = patient();
    await texted(p, 'conv-question');
    const answer = await h.twilio.inbound({
      from: p.mobile,
      to: '+15017122661',
      body: 'My crown is loose, how much would a visit cost?',
    });
    expect(answer.twiml).toContain('someone from our team');
    const task = await h.waitFor(() =>
      h.hubspot.tasks.list().find((t) => t.contactIds.includes(p.contactId)),
    );
    expect(task.properties).toMatchObject({
      hs_task_priority: 'HIGH',
      hs_task_status: 'NOT_STARTED',
    });
    expect(task.properties.hs_task_body).toContain('how much would a visit cost');
    expect(task.properties.hs_task_body).not.toMatch(/crown/i);
    expect(task.properties.hs_task_body).toContain(`/record/0-1/${p.contactId}`);
    await h.waitFor(
      () => h.hubspot.contacts.get(p.contactId)!.properties.reactivation_status === 'replied',
    );
    const timeline = h.hubspot.communications
      .list()
      .filter((c) => c.contactIds.includes(p.contactId))
      .map((c) => c.properties.hs_communication_body ?? '');
    expect(timeline.some((b) => b.includes('Reply from the patient'))).toBe(true);
    expect(timeline.join(' ')).not.toMatch(/crown/i);
    await h.action('send-sms', { callbackId: 'conv-after-question', contactId: p.contactId });
    expect((await h.completion('conv-after-question')).outcome).toBe('skipped_no_consent');
  });

  it('HELP answers with the practice, its phone and how to stop; a stranger gets HELP and nothing they wrote lands on any contact', async () => {
    const p = patient();
    await texted(p, 'conv-help');
    const help = await h.twilio.inbound({
      from: p.mobile,
      to: '+15017122661',
      body: 'what is this? info please',
    });
    expect(help.twiml).toMatch(/Riverside Family Dental.*\(\d{3}\) \d{3}-\d{4}.*STOP/s);
    const stranger = await h.twilio.inbound({
      from: '+14155550100',
      to: '+15017122661',
      body: 'hello who is this',
    });
    expect(stranger.twiml).toContain('Riverside Family Dental');
    await new Promise((r) => setTimeout(r, 300));
    const bodies = h.hubspot.communications.list().map((c) => c.properties.hs_communication_body);
    expect(bodies.some((b) => b?.includes('hello who is this'))).toBe(false);
    expect(h.hubspot.tasks.list().some((t) => t.properties.hs_task_body?.includes('hello'))).toBe(
      false,
    );
  });

  it('"wrong number" removes that number, not the patient', async () => {
    const p = patient();
    await texted(p, 'conv-wrong');
    await h.twilio.inbound({
      from: p.mobile,
      to: '+15017122661',
      body: 'Wrong number, nobody by that name here',
    });
    await h.waitFor(() => !h.hubspot.contacts.get(p.contactId)!.properties.mobilephone);
    expect(await h.store.optOuts.isOptedOut({ phone: p.mobile })).toBe(true);
    expect(await h.store.optOuts.isOptedOut({ patientKey: p.key })).toBe(false);
    expect((await h.store.directory.get(p.key))?.phones).not.toContain(p.mobile);
  });

  it('START opts back in: off the local list, and SMS consent back to yes in HubSpot', async () => {
    const p = patient();
    await texted(p, 'conv-start');
    await h.twilio.inbound({ from: p.mobile, to: '+15017122661', body: 'STOP' });
    expect(await h.store.optOuts.isOptedOut({ patientKey: p.key })).toBe(true);
    await h.twilio.inbound({ from: p.mobile, to: '+15017122661', body: 'START' });
    expect(await h.store.optOuts.isOptedOut({ patientKey: p.key })).toBe(false);
    await h.waitFor(() => h.hubspot.contacts.get(p.contactId)!.properties.sms_consent === 'yes');
  });

  it('a deleted contact: local data purged, and the sync does not bring it back', async () => {
    const p = patient();
    await texted(p, 'conv-delete');
    h.hubspot.deleteContact(p.contactId);
    await h.waitFor(async () => (await h.store.directory.get(p.key)) === undefined);
    expect(await h.store.messages.forPatient(p.key, 10)).toEqual([]);
    const summary = await h.sync();
    expect(summary.deletedInHubSpot).toBeGreaterThanOrEqual(1);
    expect(h.hubspot.contacts.findBy('pms_patient_id', p.key)).toEqual([]);
  });

  it('a tampered or expired booking link shows a friendly page with the phone, never an error', async () => {
    const good = issueBookingToken('csv:1:1', h.clock.now(), { secret: LINK_SECRET });
    const [id, exp, sig] = good.split('.');
    for (const token of [
      `${id}.${exp}.${sig!.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))}`,
      issueBookingToken('csv:1:1', new Date('2020-01-01'), { secret: LINK_SECRET }),
      'garbage',
      '<script>',
    ]) {
      const page = await fetch(`${h.baseUrl}/b/${encodeURIComponent(token)}`, {
        redirect: 'manual',
      });
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('Riverside Family Dental');
      expect(html).toMatch(/tel:\+1\d{10}/);
    }
  });
});
