import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { classifyReply } from '../src/domain/reply-classifier.ts';
import { PAUSE_PREFIX } from '../src/outreach/reminder-schedule.ts';
import { scheduled } from './builders.ts';
import type { HarnessOptions } from './helpers/outreach.ts';
import {
  APPOINTMENT,
  advanceTo,
  book,
  pick,
  startWorld,
  stopWorld,
  textOnce,
  textsTo,
  type World,
} from './helpers/reminder-world.ts';

/**
 * More of the reminder cadence (issue 7), with a controllable clock shared by the service and the
 * HubSpot and Twilio sandboxes, real Redis and BullMQ: per-location steps, which bookings get
 * reminders, what a broken or a kept appointment does to the cadence, the answers a reminder
 * understands, and quiet hours.
 */
const NY = 'America/New_York';
const CHICAGO = 'America/Chicago';
// The world's clock starts on Wednesday 4 March 2026, 10:00 in New York (9:00 in Chicago); clocks go
// forward on Sunday 8 March (test/helpers/reminder-world.ts).
const SENDER = '+15017122661';

/** Downtown (clinic 1, New York) keeps the practice's steps; Lakeside (clinic 2, Chicago) has its own. */
const LAKESIDE_STEPS = ['confirmation', '1d'];
const twoOffices: HarnessOptions['practice'] = (p) => ({
  ...p,
  locations: (p.locations as Record<string, unknown>[]).map((l) =>
    l.clinicId === '2' ? { ...l, reminderSteps: LAKESIDE_STEPS } : l,
  ),
});

describe('reminders, more', () => {
  let w: World;
  const used = new Set<string>();
  beforeEach(async () => {
    used.clear();
    w = await startWorld(twoOffices);
  });
  afterEach(async () => {
    await stopWorld(w);
  });

  it("a location with its own reminderSteps gets exactly those reminders at its local times; the other location keeps the practice's default", async () => {
    const downtown = pick(w, used, { clinicId: '1' });
    const lakeside = pick(w, used, { clinicId: '2' });
    await textOnce(w, downtown, 'loc-1');
    await textOnce(w, lakeside, 'loc-2');
    await book(w, [downtown, lakeside]);
    const dPlan = (await w.h.store.reminders.get(downtown.key))!;
    const lPlan = (await w.h.store.reminders.get(lakeside.key))!;
    expect(dPlan.timeZone).toBe(NY);
    expect(Object.keys(dPlan.jobs).sort()).toEqual(['1d', '2h', '3d']);
    expect(lPlan.timeZone).toBe(CHICAGO);
    expect(Object.keys(lPlan.jobs)).toEqual(['1d']);
    for (const at of [
      '2026-03-07T15:30:00Z', // Downtown 3 days before (10:30 EST)
      '2026-03-09T14:30:00Z', // Downtown 1 day before (10:30 EDT)
      '2026-03-09T15:30:00Z', // Lakeside 1 day before (10:30 CDT)
      '2026-03-10T12:30:00Z', // Downtown 2 hours before (8:30 EDT)
      '2026-03-10T13:30:00Z', // what would be Lakeside's 2 hours before: not one of its steps
      '2026-03-10T16:00:00Z', // both appointments have started
    ])
      await advanceTo(w, at);
    // The first text is reactivation's; then the confirmation and the cadence.
    expect(
      textsTo(w, downtown.mobile, NY)
        .slice(1)
        .map((t) => t.local),
    ).toEqual(['2026-03-04 10:00', '2026-03-07 10:30', '2026-03-09 10:30', '2026-03-10 08:30']);
    const lakesideTexts = textsTo(w, lakeside.mobile, CHICAGO).slice(1);
    expect(lakesideTexts.map((t) => t.local)).toEqual(['2026-03-04 09:00', '2026-03-09 10:30']);
    expect(lakesideTexts[0]!.body).toContain('thanks for booking');
    expect(lakesideTexts[1]!.body).toContain('Riverside Family Dental – Lakeside');
    expect(lakesideTexts[1]!.body).toMatch(/Tue, Mar 10 at 10:30 AM/);
    expect(Object.keys((await w.h.store.reminders.get(lakeside.key))!.sent).sort()).toEqual([
      '1d',
      'confirmation',
    ]);
  });

  it('allAppointments off (the default): a booking by a patient reactivation never messaged gets no reminders, while one reactivation won does', async () => {
    expect(w.h.practice.reminders.allAppointments).toBe(false);
    const won = pick(w, used, { clinicId: '1' });
    const walkIn = pick(w, used, { clinicId: '1' });
    await textOnce(w, won, 'off-won');
    expect(await w.h.store.messages.forPatient(walkIn.key, 10)).toEqual([]);
    won.records.appointments.push(scheduled(APPOINTMENT));
    walkIn.records.appointments.push(scheduled(APPOINTMENT));
    await w.h.sync();
    // The sync saw both bookings.
    for (const p of [won, walkIn])
      expect(w.h.hubspot.contacts.get(p.contactId)!.properties.reactivation_status).toBe('booked');
    await w.h.waitFor(async () => (await w.h.store.reminders.get(won.key))?.sent.confirmation);
    await advanceTo(w, '2026-03-07T15:30:00Z');
    expect(await w.h.store.reminders.get(walkIn.key)).toBeUndefined();
    expect(textsTo(w, walkIn.mobile)).toEqual([]);
    expect(textsTo(w, won.mobile).length).toBe(3); // reactivation, confirmation, 3 days before
  });

  it('a broken appointment stops the reminders, puts the contact back in no_show, and holds outreach for noShowPauseDays: a send before then is deferred, after it the text goes', async () => {
    const p = pick(w, used, { clinicId: '1' });
    await textOnce(w, p, 'broken');
    await book(w, [p]);
    await advanceTo(w, '2026-03-07T15:30:00Z');
    await advanceTo(w, '2026-03-09T14:30:00Z');
    const before = textsTo(w, p.mobile).length; // reactivation, confirmation, 3 days, 1 day
    expect(before).toBe(4);
    // 7:00 on the day: the PMS marks the appointment broken (before the 2-hour reminder at 8:30).
    w.clock.set('2026-03-10T11:00:00Z');
    const appointment = p.records.appointments.find((a) => a.status === 'scheduled')!;
    appointment.status = 'broken';
    await w.h.sync();
    const contact = w.h.hubspot.contacts.get(p.contactId)!.properties;
    expect(contact.reactivation_segment).toBe('no_show');
    expect(contact.reactivation_status).toBe('eligible');
    expect(await w.h.store.reminders.get(p.key)).toBeUndefined();
    expect(w.h.practice.reminders.noShowPauseDays).toBe(2);
    expect(await w.h.store.holds.get(p.key)).toBe(`${PAUSE_PREFIX}2026-03-12T11:00:00.000Z`);
    const missed = (await w.h.store.events.recent(200)).find(
      (e) => e.type === 'missed' && e.patientKey === p.key,
    );
    expect(missed).toBeDefined();
    await advanceTo(w, '2026-03-10T12:30:00Z'); // the 2-hour reminder's time
    expect(textsTo(w, p.mobile).length).toBe(before);

    // The no-show sequence texts the patient a day later: the pause holds it back.
    await advanceTo(w, '2026-03-11T15:00:00Z');
    await w.h.action('send-sms', {
      callbackId: 'more-broken-again',
      contactId: p.contactId,
      inputs: { when_not_allowed_now: 'continue' },
    });
    const deferred = await w.h.completion('more-broken-again');
    expect(deferred.outcome).toBe('deferred');
    expect(deferred.reason).toBe('no show pause: will send at 2026-03-12T11:00:00.000Z');
    await advanceTo(w, '2026-03-12T10:00:00Z'); // still inside the pause
    expect(textsTo(w, p.mobile).length).toBe(before);

    // The pause is over (7:00 local, before the sending window): the text goes at 8:00.
    await advanceTo(w, '2026-03-12T11:30:00Z');
    expect(textsTo(w, p.mobile).length).toBe(before);
    await advanceTo(w, '2026-03-12T12:00:00Z');
    const after = textsTo(w, p.mobile).slice(before);
    expect(after.map((t) => t.local)).toEqual(['2026-03-12 08:00']);
    expect(after[0]!.body).toContain('Riverside Family Dental');
    expect(await w.h.store.holds.get(p.key)).toBeUndefined();
  });

  it('a no-show pause longer than a workflow can wait (noShowPauseDays 10, over the 7 days a callback lives): the action ends skipped_cap at once, naming the pause, and nothing is sent', async () => {
    w.h.practice.reminders.noShowPauseDays = 10;
    const p = pick(w, used, { clinicId: '1' });
    await textOnce(w, p, 'long-pause');
    await book(w, [p]);
    const before = textsTo(w, p.mobile).length;
    w.clock.set('2026-03-10T11:00:00Z');
    p.records.appointments.find((a) => a.status === 'scheduled')!.status = 'broken';
    await w.h.sync();
    expect(await w.h.store.holds.get(p.key)).toBe(`${PAUSE_PREFIX}2026-03-20T11:00:00.000Z`);

    await advanceTo(w, '2026-03-11T15:00:00Z');
    await w.h.action('send-sms', { callbackId: 'more-long-pause', contactId: p.contactId });
    expect(await w.h.completion('more-long-pause')).toMatchObject({
      outcome: 'skipped_cap',
      reason: 'no-show pause until 2026-03-20T11:00:00.000Z: later than the action can wait',
    });
    expect(await w.h.store.pending.list(p.key)).toEqual([]);
    await advanceTo(w, '2026-03-20T15:00:00Z');
    expect(textsTo(w, p.mobile).length).toBe(before);
  });

  it('the cadence stops when the patient shows up: the visit completed → recovered (credited to the reactivation text, not to the reminders sent since), the later reminders are not sent', async () => {
    const p = pick(w, used, { clinicId: '1', segments: ['overdue_recall', 'dormant'] });
    await textOnce(w, p, 'showed');
    await book(w, [p]);
    await advanceTo(w, '2026-03-07T15:30:00Z');
    const before = textsTo(w, p.mobile).length; // reactivation, confirmation, 3 days before
    expect(before).toBe(3);
    // A day early, a cancellation slot: the office sees the patient at 9:00 on the 9th, the PMS
    // completes the appointment (and moves the recall on, as it does).
    w.clock.set('2026-03-09T13:45:00Z');
    const appointment = p.records.appointments.find((a) => a.status === 'scheduled')!;
    appointment.status = 'completed';
    appointment.start = '2026-03-09T09:00:00';
    appointment.isHygiene = true;
    p.records.recalls = p.records.recalls.map((r) => ({ ...r, dueDate: '2026-09-09' }));
    await w.h.sync();
    expect(w.h.hubspot.contacts.get(p.contactId)!.properties.reactivation_status).toBe('recovered');
    expect(await w.h.store.reminders.get(p.key)).toBeUndefined();
    const showed = (await w.h.store.events.recent(200)).find(
      (e) => e.type === 'showed' && e.patientKey === p.key,
    );
    expect(showed).toBeDefined();
    // The visit is credited to the reactivation text that won it back, not to the confirmation
    // and the reminder sent after the booking (the latest messages the patient got).
    const text = (await w.h.store.messages.forPatient(p.key, 10)).find(
      (m) => !m.templateId?.startsWith('reminder.'),
    )!;
    const recovered = (await w.h.store.events.recent(200)).filter(
      (e) => e.type === 'recovered' && e.patientKey === p.key,
    );
    expect(recovered).toHaveLength(1);
    expect(recovered[0]).toMatchObject({
      channel: 'sms',
      templateId: text.templateId,
      workflowId: text.workflowId,
    });
    expect(text.workflowId).toBeDefined();
    // The 1-day (10:30 on the 9th) and 2-hour (8:30 on the 10th) reminders do not go.
    await advanceTo(w, '2026-03-09T14:30:00Z');
    await advanceTo(w, '2026-03-10T12:30:00Z');
    expect(textsTo(w, p.mobile).length).toBe(before);
    expect(await w.reminders.getDelayed()).toEqual([]);
  });

  it('quiet hours: a reminder due before the sending window opens goes when it opens (8:00 local), as the gate defers it', async () => {
    const p = pick(w, used, { clinicId: '1' });
    await textOnce(w, p, 'quiet');
    await book(w, [p], '2026-03-10T09:00:00');
    await advanceTo(w, '2026-03-07T14:00:00Z'); // 3 days before, 9:00 EST
    await advanceTo(w, '2026-03-09T13:00:00Z'); // 1 day before, 9:00 EDT
    const before = textsTo(w, p.mobile).length;
    // 2 hours before is 7:00: outside 08:00–20:00.
    await advanceTo(w, '2026-03-10T11:00:00Z');
    expect(textsTo(w, p.mobile).length).toBe(before);
    expect((await w.h.store.reminders.get(p.key))!.sent['2h']).toBeUndefined();
    await advanceTo(w, '2026-03-10T11:45:00Z');
    expect(textsTo(w, p.mobile).length).toBe(before);
    await advanceTo(w, '2026-03-10T12:00:00Z');
    const last = textsTo(w, p.mobile).slice(before);
    expect(last.map((t) => t.local)).toEqual(['2026-03-10 08:00']);
    expect(last[0]!.body).toMatch(/Tue, Mar 10 at 9:00 AM/);
  });

  it('quiet hours: a reminder that could only go less than 30 minutes before the appointment is dropped, with a log line', async () => {
    const p = pick(w, used, { clinicId: '1' });
    await textOnce(w, p, 'quiet-drop');
    await book(w, [p], '2026-03-10T08:15:00');
    await advanceTo(w, '2026-03-07T13:15:00Z'); // 3 days before, 8:15 EST
    await advanceTo(w, '2026-03-09T12:15:00Z'); // 1 day before, 8:15 EDT
    const before = textsTo(w, p.mobile).length;
    expect(before).toBe(4);
    // 2 hours before is 6:15; the window opens at 8:00, 15 minutes before the appointment.
    await advanceTo(w, '2026-03-10T10:15:00Z');
    await advanceTo(w, '2026-03-10T12:00:00Z');
    await advanceTo(w, '2026-03-10T12:15:00Z');
    expect(textsTo(w, p.mobile).length).toBe(before);
    expect((await w.h.store.reminders.get(p.key))!.sent['2h']).toBeUndefined();
    expect(
      w.lines.find(
        (l) =>
          l.patientKey === p.key &&
          l.step === '2h' &&
          l.msg === 'reminder not sent' &&
          l.outcome === 'skipped_cap',
      ),
    ).toBeDefined();
  });
});

describe('reminders for every appointment', () => {
  let w: World;
  beforeEach(async () => {
    w = await startWorld((p) => ({
      ...twoOffices!(p),
      reminders: { ...(p.reminders as object), allAppointments: true },
    }));
  });
  afterEach(async () => {
    await stopWorld(w);
  });

  it('allAppointments on: a booking by a patient reactivation never messaged gets the confirmation and the cadence', async () => {
    const walkIn = pick(w, new Set(), { clinicId: '1' });
    expect(await w.h.store.messages.forPatient(walkIn.key, 10)).toEqual([]);
    await book(w, [walkIn]);
    expect(Object.keys((await w.h.store.reminders.get(walkIn.key))!.jobs).sort()).toEqual([
      '1d',
      '2h',
      '3d',
    ]);
    await advanceTo(w, '2026-03-07T15:30:00Z');
    expect(textsTo(w, walkIn.mobile).map((t) => t.local)).toEqual([
      '2026-03-04 10:00',
      '2026-03-07 10:30',
    ]);
    expect(textsTo(w, walkIn.mobile)[0]!.body).toContain('thanks for booking');
  });
});

/** The answers a reminder understands, word by word. */
const CONFIRM_WORDS = ['C', 'YES', 'CONFIRM', 'Sí', 'confirmo', 'Sí, confirmo'];
const HANDOFF_WORDS = ['R', 'RESCHEDULE', 'CANCEL'];

describe('answers to a reminder (the classifier, in a reminder conversation)', () => {
  it.each(CONFIRM_WORDS)('"%s" confirms', (words) => {
    expect(classifyReply(words, { conversation: 'reminder' })).toBe('confirm');
  });
  it.each(HANDOFF_WORDS)('"%s" goes to the front desk', (words) => {
    expect(classifyReply(words, { conversation: 'reminder' })).toBe('handoff');
  });
});

describe('answers to a reminder, texted back through Twilio', () => {
  let w: World;
  const used = new Set<string>();
  beforeAll(async () => {
    w = await startWorld(
      (p) => ({ ...p, reminders: { ...(p.reminders as object), allAppointments: true } }),
      { patients: 400 },
    );
  });
  afterAll(async () => {
    await stopWorld(w);
  });

  it.each(CONFIRM_WORDS)(
    'a text "%s" after the confirmation confirms the appointment (HubSpot confirmed; no hand-off, only the low-priority to-do to mark it in the PMS)',
    async (words) => {
      const p = pick(w, used, { clinicId: '1' });
      await book(w, [p]);
      const answer = await w.h.twilio.inbound({ from: p.mobile, to: SENDER, body: words });
      expect(answer.twiml).toMatch(/confirmed for Tuesday, March 10 at 10:30 AM|esta confirmada/);
      await w.h.waitFor(
        () => w.h.hubspot.contacts.get(p.contactId)!.properties.reactivation_status === 'confirmed',
        5_000,
      );
      expect((await w.h.store.reminders.get(p.key))!.status).toBe('confirmed');
      expect(await w.h.store.optOuts.isOptedOut({ patientKey: p.key })).toBe(false);
      // Without Open Dental write-back the front desk marks it in the PMS: one LOW to-do, no
      // HIGH hand-off (src/outreach/pms-confirmation.ts).
      const tasks = await w.h.waitFor(() => {
        const mine = w.h.hubspot.tasks.list().filter((t) => t.contactIds.includes(p.contactId));
        return mine.length > 0 ? mine : undefined;
      }, 5_000);
      expect(tasks.map((t) => [t.properties.hs_task_type, t.properties.hs_task_priority])).toEqual([
        ['TODO', 'LOW'],
      ]);
    },
  );

  it('a bare "YES" (Twilio flags it START) to a reactivation text from a patient who never opted out gets the booking link, not an opt-in', async () => {
    const p = pick(w, used, { clinicId: '1' });
    await textOnce(w, p, 'yes-book');
    const answer = await w.h.twilio.inbound({ from: p.mobile, to: SENDER, body: 'YES' });
    expect(answer.optOutType).toBe('START');
    expect(answer.twiml).toContain('/b/');
    await new Promise((r) => setTimeout(r, 300));
    expect(w.h.hubspot.contacts.get(p.contactId)!.properties.reactivation_status).toBe('contacted');
  });

  it('"YES" after "STOP" still opts the patient back in', async () => {
    const p = pick(w, used, { clinicId: '1' });
    await textOnce(w, p, 'yes-back');
    await w.h.twilio.inbound({ from: p.mobile, to: SENDER, body: 'STOP' });
    expect(await w.h.store.optOuts.isOptedOut({ patientKey: p.key })).toBe(true);
    await w.h.twilio.inbound({ from: p.mobile, to: SENDER, body: 'YES' });
    expect(await w.h.store.optOuts.isOptedOut({ patientKey: p.key })).toBe(false);
    await w.h.waitFor(
      () => w.h.hubspot.contacts.get(p.contactId)!.properties.sms_consent === 'yes',
      5_000,
    );
  });

  /** Texts `words` back after the confirmation; the front-desk task it creates. */
  async function handedOff(words: string) {
    const p = pick(w, used, { clinicId: '1' });
    await book(w, [p]);
    const answer = await w.h.twilio.inbound({ from: p.mobile, to: SENDER, body: words });
    const task = await w.h.waitFor(
      () => w.h.hubspot.tasks.list().find((t) => t.contactIds.includes(p.contactId)),
      5_000,
    );
    expect(task.properties).toMatchObject({ hs_task_type: 'CALL', hs_task_priority: 'HIGH' });
    expect(task.properties.hs_task_body).toContain(words);
    const plan = (await w.h.store.reminders.get(p.key))!;
    expect(plan.status).toBe('cancelled');
    expect(plan.jobs).toEqual({});
    return { p, answer, task };
  }

  it.each(['R', 'RESCHEDULE'])(
    'a text "%s" after the confirmation creates the front-desk task, stops the cadence, and sets the contact to replied',
    async (words) => {
      const { p, answer } = await handedOff(words);
      expect(answer.optOutType).toBeUndefined();
      expect(answer.twiml).toContain('call you about your appointment');
      await w.h.waitFor(
        () => w.h.hubspot.contacts.get(p.contactId)!.properties.reactivation_status === 'replied',
        5_000,
      );
      expect(await w.h.store.optOuts.isOptedOut({ patientKey: p.key })).toBe(false);
    },
  );

  it('a text "CANCEL" after the confirmation (a carrier opt-out keyword Twilio acts on) creates the front-desk task and stops the cadence, and the opt-out stands', async () => {
    const { p, answer, task } = await handedOff('CANCEL');
    expect(answer.optOutType).toBe('STOP');
    expect(task.properties.hs_task_body).toContain('opted them out');
    expect(await w.h.store.optOuts.isOptedOut({ patientKey: p.key })).toBe(true);
    await w.h.waitFor(
      () => w.h.hubspot.contacts.get(p.contactId)!.properties.reactivation_status === 'opted_out',
      5_000,
    );
    // The task did not turn the opt-out into `replied`.
    await new Promise((r) => setTimeout(r, 300));
    expect(w.h.hubspot.contacts.get(p.contactId)!.properties.reactivation_status).toBe('opted_out');
  });
});
