import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REMINDER_WHATSAPP_TEXT } from '../src/domain/reminder-whatsapp.ts';
import type { Patient, PatientRecords } from '../src/domain/records.ts';
import { scheduled } from './builders.ts';
import type { OutreachHarness } from './helpers/outreach.ts';
import {
  APPOINTMENT,
  advanceTo as advanceWorld,
  oneOffice,
  startWorld,
  stopWorld,
  type World,
} from './helpers/reminder-world.ts';

/**
 * Reminders on the patient's best channel, with a controllable clock: the same channel choice as
 * "Choose best channel" (email excepted: it is HubSpot's), WhatsApp as an approved template, an
 * automated call for a landline, through the same gate. The practice reminds every appointment
 * (`allAppointments`), and nobody is booked before a test books its own patient.
 */
// The world's clock starts on Wednesday 4 March 2026, 10:00 in New York; the appointment is on
// Tuesday 10 March at 10:30 (test/helpers/reminder-world.ts).
const PRACTICE = 'Riverside Family Dental';
const OFFICE = 'Riverside Family Dental – Downtown';
const REMINDER_SID = `HX${'1'.repeat(32)}`;
const CONFIRMATION_SID = `HX${'2'.repeat(32)}`;
const SENDER = '+15017122661';

describe('reminders on the best channel', () => {
  let w: World;
  let h: OutreachHarness;
  let lines: Array<Record<string, unknown>>;
  let used = 0;
  beforeEach(async () => {
    w = await startWorld(
      (p) => ({
        ...oneOffice(p),
        reminders: { ...(p.reminders as object), allAppointments: true },
        whatsappContentSids: {
          reminder: { en: REMINDER_SID },
          'reminder.confirmation': CONFIRMATION_SID,
        },
      }),
      {
        patients: 150,
        // The approved templates, as the practice submitted them (UTILITY: reminders, not marketing).
        twilio: {
          whatsappTemplates: [
            { sid: REMINDER_SID, key: 'reminder' as const },
            { sid: CONFIRMATION_SID, key: 'reminder.confirmation' as const },
          ].map(({ sid, key }) => ({
            sid,
            friendlyName: key.replace('.', '_'),
            language: 'en',
            body: REMINDER_WHATSAPP_TEXT[key].en,
            category: 'UTILITY' as const,
            status: 'approved' as const,
          })),
        },
        // Nobody is booked yet: each test books the patient it is about.
        nobodyBooked: true,
      },
    );
    ({ h, lines } = w);
    used = 0;
  });
  afterEach(async () => {
    await stopWorld(w);
  });

  /**
   * An English-speaking adult of the practice, eligible, alone in the family (no one else shares
   * their contact details), with the contact details the test gives: numbers of its own.
   */
  async function patient(details: (p: Patient, n: number) => void) {
    const r = h.records.find(
      (x, i) =>
        i >= used &&
        x.patient.guarantorId === x.patient.id &&
        h.records.filter((y) => y.patient.guarantorId === x.patient.id).length === 1 &&
        (!x.patient.language || x.patient.language === 'en') &&
        h.contact(x.patient.id)?.properties.reactivation_status === 'eligible',
    )!;
    used = h.records.indexOf(r) + 1;
    const n = used;
    delete r.patient.mobilePhone;
    delete r.patient.homePhone;
    delete r.patient.workPhone;
    delete r.patient.email;
    r.patient.contactPreference = 'none';
    details(r.patient, n);
    await h.sync();
    const c = h.contact(r.patient.id)!;
    return { r, n, contactId: c.id, key: c.properties.pms_patient_id! };
  }
  const phone = (n: number, offset = 0) => `+1617555${String(7000 + n * 2 + offset)}`;

  async function book(r: PatientRecords) {
    r.appointments.push(scheduled(APPOINTMENT));
    await h.sync();
  }

  const outboxTo = (...to: string[]) =>
    h.twilio.outbox.filter((m) => to.includes((m as { to: string }).to));
  const callTo = (to: string) =>
    h.waitFor(() =>
      h.twilio.outbox.find((m) => m.kind === 'call' && (m as { to: string }).to === to),
    );
  const reminderNotSent = (key: string) =>
    h.waitFor(() =>
      lines.find((l) => l.patientKey === key && String(l.msg).startsWith('reminder not sent')),
    );

  const advanceTo = (iso: string) => advanceWorld(w, iso);

  it('WhatsApp is the best channel: the reminder is the approved template, and a WhatsApp "C" confirms', async () => {
    const p = await patient((pt, n) => {
      pt.mobilePhone = phone(n);
      pt.smsConsent = 'no';
    });
    const mobile = phone(p.n);
    h.hubspot.staffUpdateContact(p.contactId, { whatsapp_consent: 'yes' });
    await book(p.r);
    const whatsappTo = () =>
      h.twilio.outbox.filter(
        (m): m is Extract<(typeof h.twilio.outbox)[number], { kind: 'message' }> =>
          m.kind === 'message' && m.to === `whatsapp:${mobile}` && m.direction === 'outbound-api',
      );
    const first = await h.waitFor(() => whatsappTo()[0]);
    expect(first).toMatchObject({
      channel: 'whatsapp',
      contentSid: CONFIRMATION_SID,
      contentVariables: { '1': PRACTICE, '2': 'Tue, Mar 10 at 10:30 AM', '3': OFFICE },
    });
    // No free-form text went to Twilio: the words are the approved template's.
    expect(first.params).not.toHaveProperty('Body');
    expect(first.body).toContain('thanks for booking');
    expect(outboxTo(mobile)).toEqual([]);
    // The message log, the timeline and the event say WhatsApp.
    expect(await h.store.messages.get(first.sid)).toMatchObject({
      channel: 'whatsapp',
      templateId: 'reminder.confirmation',
    });
    const entry = await h.waitFor(() =>
      h.hubspot.communications.list().find((c) => c.contactIds.includes(p.contactId)),
    );
    expect(entry.properties.hs_communication_channel_type).toBe('WHATS_APP');
    expect(entry.properties.hs_communication_body).toContain('reminder.confirmation');
    const sent = await h.waitFor(async () =>
      (await h.store.events.recent(100)).find(
        (e) => e.type === 'reminder_sent' && e.patientKey === p.key,
      ),
    );
    expect(sent).toMatchObject({ channel: 'whatsapp', variant: 'confirmation' });

    // Three days before: the general reminder template.
    await advanceTo('2026-03-07T15:30:00Z');
    expect(whatsappTo().map((m) => m.contentSid)).toEqual([CONFIRMATION_SID, REMINDER_SID]);

    const answer = await h.twilio.inbound({
      from: `whatsapp:${mobile}`,
      to: `whatsapp:${SENDER}`,
      body: 'C',
    });
    expect(answer.twiml).toMatch(/confirmed for Tuesday, March 10 at 10:30 AM/);
    await h.waitFor(
      () => h.hubspot.contacts.get(p.contactId)!.properties.reactivation_status === 'confirmed',
    );
    expect((await h.store.reminders.get(p.key))?.status).toBe('confirmed');
    expect((await h.store.replies.last(p.key))?.channel).toBe('whatsapp');
  });

  it('a landline-only patient gets a call naming the practice, the time and the office; 1 confirms', async () => {
    const p = await patient((pt, n) => {
      pt.homePhone = phone(n);
    });
    const home = phone(p.n);
    await book(p.r);
    const call = await callTo(home);
    const walk = await h.twilio.answerCall(call.sid, { digits: '1' });
    const spoken = walk.documents[0]!.twiml;
    expect(spoken).toContain(PRACTICE);
    expect(spoken).toContain('Tuesday, March 10 at 10:30 AM');
    expect(spoken).toContain(OFFICE);
    expect(spoken).toContain('press 1');
    expect(spoken).toContain('press 2');
    expect(walk.documents[1]!.twiml).toContain('is confirmed');
    await h.waitFor(
      () => h.hubspot.contacts.get(p.contactId)!.properties.reactivation_status === 'confirmed',
    );
    expect((await h.store.reminders.get(p.key))?.status).toBe('confirmed');
    // The call is on the timeline once it ends; the event says call.
    const logged = await h.waitFor(() =>
      h.hubspot.calls.list().find((c) => c.contactIds.includes(p.contactId)),
    );
    expect(logged.properties.hs_call_title).toBe('Automated appointment reminder call');
    const sent = (await h.store.events.recent(100)).find(
      (e) => e.type === 'reminder_sent' && e.patientKey === p.key,
    );
    expect(sent?.channel).toBe('call');
  });

  it('a "mobile" that is a landline gets a call; a machine gets the voicemail with the time and the number', async () => {
    const p = await patient((pt, n) => {
      pt.mobilePhone = phone(n);
      pt.smsConsent = 'yes';
    });
    const mobile = phone(p.n);
    h.twilio.setLineType(mobile, 'landline');
    await book(p.r);
    const call = await callTo(mobile);
    const walk = await h.twilio.answerCall(call.sid, { machine: true });
    const voicemail = walk.documents[0]!.twiml;
    expect(voicemail).toContain(PRACTICE);
    expect(voicemail).toContain('Tuesday, March 10 at 10:30 AM');
    expect(voicemail).toContain('(617) 555-0142');
    expect(voicemail).not.toContain('<Gather');
    expect(outboxTo(mobile).filter((m) => m.kind === 'message')).toEqual([]);
  });

  it('an opted-out patient gets nothing, on any channel', async () => {
    const p = await patient((pt, n) => {
      pt.mobilePhone = phone(n);
      pt.homePhone = phone(n, 1);
      pt.smsConsent = 'yes';
    });
    const [mobile, home] = [phone(p.n), phone(p.n, 1)];
    h.hubspot.staffUpdateContact(p.contactId, { whatsapp_consent: 'yes' });
    await h.twilio.inbound({ from: mobile, to: SENDER, body: 'STOP' });
    await h.waitFor(() => h.store.optOuts.isOptedOut({ patientKey: p.key }));
    const before = outboxTo(mobile, `whatsapp:${mobile}`, home).length;
    await book(p.r);
    await reminderNotSent(p.key);
    await advanceTo('2026-03-07T15:30:00Z');
    expect(outboxTo(mobile, `whatsapp:${mobile}`, home)).toHaveLength(before);
    expect((await h.store.reminders.get(p.key))?.sent).toEqual({});
  });

  it('a patient reachable only by email gets no reminder from the service, and a log line with ids only', async () => {
    const email = 'only.by.email@example.org';
    const p = await patient((pt) => {
      pt.email = email;
    });
    expect(h.hubspot.contacts.get(p.contactId)!.properties.email).toBe(email);
    await book(p.r);
    const line = await reminderNotSent(p.key);
    expect(line).toMatchObject({ step: 'confirmation', why: 'email_only' });
    expect(JSON.stringify(line)).not.toContain('@');
    expect((await h.store.reminders.get(p.key))?.sent).toEqual({});
    expect(await h.store.messages.forPatient(p.key, 10)).toEqual([]);
  });
});
