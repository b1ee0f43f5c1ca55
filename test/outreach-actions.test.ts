import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizePhone } from '../src/domain/contact-details.ts';
import { openAllDay, outreachHarness, type OutreachHarness } from './helpers/outreach.ts';

/** Each workflow action end to end: request → queue → Twilio sandbox → timeline → callback. */
describe('workflow actions, end to end', () => {
  let h: OutreachHarness;
  beforeAll(async () => {
    h = await outreachHarness({ practice: openAllDay });
    await h.sync();
  });
  afterAll(async () => {
    await h.close();
  });

  /** Synced contacts that can be texted, each used by one test. */
  const textable = (): { patientId: string; contactId: string; mobile: string }[] =>
    h.records
      .map((r) => ({ r, c: h.contact(r.patient.id) }))
      .filter(
        ({ c }) =>
          c?.properties.mobilephone &&
          c.properties.sms_consent !== 'no' &&
          c.properties.reactivation_status === 'eligible',
      )
      .map(({ r, c }) => ({
        patientId: r.patient.id,
        contactId: c!.id,
        mobile: c!.properties.mobilephone!,
      }))
      // One patient per phone: a family shares the guarantor's number.
      .filter((p, i, all) => all.findIndex((q) => q.mobile === p.mobile) === i);
  let next = 0;
  const patient = () => textable()[next++]!;
  /** The next patient the PMS does not mark do-not-call. */
  const callable = async () => {
    for (;;) {
      const p = patient();
      const key = h.hubspot.contacts.get(p.contactId)!.properties.pms_patient_id!;
      if ((await h.store.directory.get(key))?.contactPreference !== 'do_not_call') return p;
    }
  };

  it('send-sms: BLOCK at once, one text through the Messaging Service, on the timeline, status contacted, callback completed', async () => {
    const p = patient();
    const started = Date.now();
    const answer = await h.action('send-sms', { callbackId: 'cb-sms-1', contactId: p.contactId });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({
      outputFields: { hs_execution_state: 'BLOCK', hs_expiration_duration: 'P7D' },
    });
    const outputs = await h.completion('cb-sms-1');
    expect(outputs).toMatchObject({
      hs_execution_state: 'SUCCESS',
      outcome: 'sent',
      channel: 'sms',
    });
    expect(outputs.message_id).toMatch(/^SM[0-9a-f]{32}$/);
    const sent = h.twilio.outbox.filter(
      (m) => m.kind === 'message' && m.sid === outputs.message_id,
    );
    expect(sent).toHaveLength(1);
    const message = sent[0] as {
      to: string;
      body: string;
      messagingServiceSid?: string;
      statusCallback?: string;
    };
    expect(message.to).toBe(p.mobile);
    expect(message.messagingServiceSid).toMatch(/^MG/);
    expect(message.statusCallback).toBe(`${h.baseUrl}/twilio/messages/status`);
    expect(message.body).toContain('Riverside Family Dental');
    expect(message.body).toMatch(/Reply STOP to opt out|Responda STOP/);
    expect(message.body).toContain(`${h.baseUrl}/b/`);
    expect(h.hubspot.contacts.get(p.contactId)!.properties.reactivation_status).toBe('contacted');
    const entry = await h.waitFor(() =>
      h.hubspot.communications
        .list()
        .find(
          (c) =>
            c.contactIds.includes(p.contactId) &&
            c.properties.hs_communication_body?.includes('delivered'),
        ),
    );
    expect(entry.properties).toMatchObject({
      hs_communication_channel_type: 'SMS',
      hs_communication_logged_from: 'CRM',
    });
    expect((await h.store.messages.get(outputs.message_id!))?.status).toBe('delivered');
    // Twilio's price, read from the message resource after the final status, is the message's cost.
    const key = h.hubspot.contacts.get(p.contactId)!.properties.pms_patient_id!;
    const priced = await h.waitFor(async () =>
      (await h.store.events.recent(500)).find((e) => e.type === 'priced' && e.patientKey === key),
    );
    const resource = h.twilio.message(outputs.message_id!) as { price: string; price_unit: string };
    expect(resource.price_unit).toBe('USD');
    expect(priced).toMatchObject({ channel: 'sms', cost: Math.abs(Number(resource.price)) });
    expect(priced.cost).toBeGreaterThan(0);
  });

  it('twenty concurrent deliveries of one callbackId send one message', async () => {
    const p = patient();
    const answers = await Promise.all(
      [...Array(20)].map(() =>
        h.action('send-sms', { callbackId: 'cb-twenty', contactId: p.contactId }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    const outputs = await h.completion('cb-twenty');
    await new Promise((r) => setTimeout(r, 500));
    expect(
      h.twilio.outbox.filter((m) => m.kind === 'message' && (m as { to: string }).to === p.mobile),
    ).toHaveLength(1);
    expect(h.hubspot.callbackCompletions.filter((c) => c.callbackId === 'cb-twenty')).toHaveLength(
      1,
    );
    expect(outputs.outcome).toBe('sent');
  });

  it('best-channel answers at once with a channel to branch on, and why', async () => {
    const p = patient();
    const answer = await h.action('best-channel', {
      callbackId: 'cb-best',
      contactId: p.contactId,
    });
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as { outputFields: Record<string, string> };
    expect(body.outputFields).toMatchObject({ hs_execution_state: 'SUCCESS', channel: 'sms' });
    expect(body.outputFields.reason).toBeTruthy();
  });

  it('call, front-desk mode: a HIGH priority CALL task on the contact, nothing dialled', async () => {
    const p = await callable();
    await h.action('call', {
      callbackId: 'cb-task',
      contactId: p.contactId,
      inputs: { mode: 'front_desk_task' },
    });
    const outputs = await h.completion('cb-task');
    expect(outputs).toMatchObject({ outcome: 'sent', channel: 'call' });
    const task = h.hubspot.tasks.get(outputs.message_id!)!;
    expect(task.properties).toMatchObject({
      hs_task_type: 'CALL',
      hs_task_priority: 'HIGH',
      hs_task_status: 'NOT_STARTED',
    });
    expect(task.contactIds).toContain(p.contactId);
    expect(
      h.twilio.outbox.some((m) => m.kind === 'call' && (m as { to: string }).to === p.mobile),
    ).toBe(false);
  });

  it('call, automated: names the practice, 2 texts the booking link, the call lands on the timeline', async () => {
    const p = await callable();
    await h.action('call', {
      callbackId: 'cb-voice',
      contactId: p.contactId,
      inputs: { mode: 'automated_call' },
    });
    const outputs = await h.completion('cb-voice');
    expect(outputs).toMatchObject({ outcome: 'sent', channel: 'call' });
    expect(outputs.message_id).toMatch(/^CA/);
    const walk = await h.twilio.answerCall(outputs.message_id!, { digits: '2' });
    expect(walk.documents[0]!.twiml).toContain('Riverside Family Dental');
    expect(walk.documents[0]!.twiml).toContain('press 9');
    const link = await h.waitFor(() =>
      h.twilio.outbox.find(
        (m) =>
          m.kind === 'message' &&
          (m as { to: string }).to === p.mobile &&
          (m as { body?: string }).body?.includes('/b/'),
      ),
    );
    expect(link).toBeDefined();
    await h.waitFor(() => h.hubspot.calls.list().find((c) => c.contactIds.includes(p.contactId)));
  });

  it('a machine gets a short voicemail with the number to call back', async () => {
    const p = await callable();
    await h.action('call', {
      callbackId: 'cb-machine',
      contactId: p.contactId,
      inputs: { mode: 'automated_call' },
    });
    const outputs = await h.completion('cb-machine');
    expect(outputs).toMatchObject({ outcome: 'sent' });
    const walk = await h.twilio.answerCall(outputs.message_id!, { machine: true });
    expect(walk.documents[0]!.twiml).toMatch(
      /please call us back when you can at \(\d{3}\) \d{3}-\d{4}/i,
    );
    expect(walk.documents[0]!.twiml).not.toContain('<Gather');
  });

  it('skips with the right outcome: opted out, no consent, unreachable, a landline', async () => {
    const [optedOut, noConsent, landline] = [patient(), patient(), patient()];
    await h.store.optOuts.add({ phone: optedOut.mobile });
    h.hubspot.staffUpdateContact(noConsent.contactId, { sms_consent: 'no' });
    h.twilio.setLineType(landline.mobile, 'landline');
    const unreachable = h.hubspot.createContact({
      firstname: 'No',
      pms_patient_id: 'csv:1:999999',
      reactivation_segment: 'dormant',
      reactivation_booking_link: 'https://x.example/b/a.b.c',
    });
    await h.action('send-sms', { callbackId: 'cb-optout', contactId: optedOut.contactId });
    await h.action('send-sms', { callbackId: 'cb-noconsent', contactId: noConsent.contactId });
    await h.action('send-sms', { callbackId: 'cb-landline', contactId: landline.contactId });
    await h.action('send-sms', { callbackId: 'cb-unreachable', contactId: unreachable.id });
    await h.action('send-sms', { callbackId: 'cb-gone', contactId: '987654321' });
    expect((await h.completion('cb-optout')).outcome).toBe('skipped_opted_out');
    expect((await h.completion('cb-noconsent')).outcome).toBe('skipped_no_consent');
    expect((await h.completion('cb-landline')).outcome).toBe('skipped_unreachable');
    expect((await h.completion('cb-unreachable')).outcome).toBe('skipped_unreachable');
    expect(await h.completion('cb-gone')).toMatchObject({
      outcome: 'failed',
      reason: 'the contact no longer exists',
    });
  });

  it('Twilio 21610 (the number said STOP to this sender) ends at once and opts the patient out everywhere', async () => {
    const p = patient();
    h.twilio.optOut(p.mobile);
    await h.action('send-sms', { callbackId: 'cb-21610', contactId: p.contactId });
    expect((await h.completion('cb-21610')).outcome).toBe('skipped_opted_out');
    const key = h.hubspot.contacts.get(p.contactId)!.properties.pms_patient_id!;
    expect(await h.store.optOuts.isOptedOut({ patientKey: key })).toBe(true);
    await h.waitFor(
      () => h.hubspot.contacts.get(p.contactId)!.properties.reactivation_status === 'opted_out',
    );
  });

  it('a template that fails lint never sends, and says why', async () => {
    const p = patient();
    const segment = h.hubspot.contacts.get(p.contactId)!.properties.reactivation_segment!;
    const practice = h.service.deps.practice;
    practice.templates = [
      {
        id: `${segment}.sms.c`,
        segment: segment as never,
        channel: 'sms',
        variant: 'c',
        language: 'en',
        label: 'C – bad',
        body: 'Hi {firstName}, your crown is ready at {practiceName}! Last chance: {bookingLink}',
      },
    ];
    try {
      await h.action('send-sms', {
        callbackId: 'cb-lint',
        contactId: p.contactId,
        inputs: { template: 'c' },
      });
      const outputs = await h.completion('cb-lint');
      expect(outputs.outcome).toBe('failed');
      expect(outputs.reason).toMatch(/crown/);
      expect(outputs.reason).toMatch(/urgency|last chance/i);
      expect(
        h.twilio.outbox.some((m) => m.kind === 'message' && (m as { to: string }).to === p.mobile),
      ).toBe(false);
    } finally {
      delete practice.templates;
    }
  });

  it('Twilio 5xx is retried until the message goes', async () => {
    const p = patient();
    h.twilio.fail5xx(2);
    await h.action('send-sms', { callbackId: 'cb-5xx', contactId: p.contactId });
    expect((await h.completion('cb-5xx', 30_000)).outcome).toBe('sent');
  });

  it('status callbacks twice and out of order: delivered stays delivered', async () => {
    const p = patient();
    await h.action('send-sms', { callbackId: 'cb-order', contactId: p.contactId });
    const { message_id: sid } = await h.completion('cb-order');
    await h.waitFor(async () => (await h.store.messages.get(sid!))?.status === 'delivered');
    await h.twilio.sendStatus(sid!, 'sent', { duplicate: 2 });
    await h.twilio.sendStatus(sid!, 'queued');
    expect((await h.store.messages.get(sid!))?.status).toBe('delivered');
    expect(normalizePhone(p.mobile, 'US')).toBe(p.mobile);
  });
});
