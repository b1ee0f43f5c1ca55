import { Queue } from 'bullmq';
import { DateTime } from 'luxon';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stepTime } from '../src/domain/reminder-text.ts';
import { ManualClock } from '../src/lib/clock.ts';
import { scheduled } from './builders.ts';
import { outreachHarness, type OutreachHarness } from './helpers/outreach.ts';

/**
 * Reminders for appointments reactivation won, with a controllable clock: the HubSpot and Twilio
 * sandboxes and the service share it; delayed BullMQ jobs are promoted when the clock reaches them.
 */
const NY = 'America/New_York';
// Wednesday 4 March 2026, 10:00 in New York; clocks go forward on Sunday 8 March.
const START = '2026-03-04T15:00:00Z';
const APPOINTMENT = '2026-03-10T10:30:00';

describe('reminders', () => {
  let h: OutreachHarness;
  let clock: ManualClock;
  let queue: Queue;
  beforeEach(async () => {
    clock = new ManualClock(START);
    h = await outreachHarness({
      clock,
      patients: 300,
      seed: 13,
      practice: (p) => ({
        ...p,
        locations: (p.locations as object[])
          .map((l) => ({ ...l, clinicId: '1', timeZone: NY }))
          .slice(0, 1),
      }),
    });
    await h.sync();
    queue = new Queue('reminders', {
      connection: h.store.redis!.duplicate(),
      prefix: `${h.store.prefix}bull`,
    });
  });
  afterEach(async () => {
    await queue.close();
    await h.close();
  });

  /** A reachable patient of the downtown office, texted once by reactivation (so a booking is its). */
  async function bookedPatient(tag: string) {
    const c = h.records
      .map((r) => ({ r, c: h.contact(r.patient.id) }))
      .filter(
        ({ c }) =>
          c?.properties.mobilephone &&
          c.properties.sms_consent !== 'no' &&
          c.properties.reactivation_status === 'eligible',
      )
      .find(
        ({ r, c }, i, all) =>
          all.findIndex((x) => x.c?.properties.mobilephone === c?.properties.mobilephone) === i &&
          !r.appointments.some((a) => a.status === 'scheduled'),
      )!;
    await h.action('send-sms', { callbackId: `rem-${tag}`, contactId: c.c!.id });
    expect((await h.completion(`rem-${tag}`)).outcome).toBe('sent');
    c.r.appointments.push(scheduled(APPOINTMENT));
    await h.sync();
    const mobile = c.c!.properties.mobilephone!;
    // The confirmation goes at once: wait for it before moving the clock.
    await h.waitFor(() => textsTo(mobile).some((t) => t.body.includes('thanks for booking')));
    await h.waitFor(
      async () => (await h.store.reminders.get(c.c!.properties.pms_patient_id!))?.sent.confirmation,
    );
    return {
      records: c.r,
      contactId: c.c!.id,
      mobile: c.c!.properties.mobilephone!,
      key: c.c!.properties.pms_patient_id!,
    };
  }

  /** Texts the patient received, with the local time each went out. */
  const textsTo = (mobile: string) =>
    h.twilio.outbox
      .filter((m) => m.kind === 'message' && (m as { to: string }).to === mobile)
      .map((m) => ({
        body: (m as { body?: string }).body ?? '',
        local: DateTime.fromJSDate(m.at).setZone(NY).toFormat('yyyy-LL-dd HH:mm'),
      }));

  /** Moves the clock to `iso` and runs the reminders due by then. */
  async function advanceTo(iso: string) {
    clock.set(iso);
    for (const job of await queue.getDelayed()) {
      const due = stepTime(job.data.step, { start: job.data.start, timeZone: NY }, clock.now());
      if (due <= clock.now()) await job.promote();
    }
    await h.waitFor(async () => {
      const counts = await queue.getJobCounts('waiting', 'active');
      return (counts.waiting ?? 0) + (counts.active ?? 0) === 0;
    });
    await new Promise((r) => setTimeout(r, 150));
  }

  it('a booking gets exactly the configured reminders at the right local times, across the clock change', async () => {
    const p = await bookedPatient('cadence');
    const plan = (await h.store.reminders.get(p.key))!;
    expect(Object.keys(plan.sent)).toEqual(['confirmation']);
    expect(Object.keys(plan.jobs).sort()).toEqual(['1d', '2h', '3d']);
    for (const at of ['2026-03-07T15:30:00Z', '2026-03-09T14:30:00Z', '2026-03-10T12:30:00Z'])
      await advanceTo(at);
    const reminders = textsTo(p.mobile).slice(1);
    expect(reminders.map((r) => r.local)).toEqual([
      '2026-03-04 10:00',
      '2026-03-07 10:30',
      '2026-03-09 10:30',
      '2026-03-10 08:30',
    ]);
    for (const r of reminders) {
      expect(r.body).toContain('Riverside Family Dental');
      expect(r.body).toMatch(/Tue, Mar 10 at 10:30 AM/);
      expect(r.body).toContain('Reply C to confirm');
    }
    expect(reminders[0]!.body).toContain('Reply STOP to opt out');
  });

  it('a confirmation stops every reminder but the last; the contact is confirmed', async () => {
    const p = await bookedPatient('confirm');
    await advanceTo('2026-03-07T15:30:00Z');
    const answer = await h.twilio.inbound({ from: p.mobile, to: '+15017122661', body: 'C' });
    expect(answer.twiml).toMatch(/confirmed for Tuesday, March 10 at 10:30 AM/);
    await h.waitFor(
      () => h.hubspot.contacts.get(p.contactId)!.properties.reactivation_status === 'confirmed',
    );
    await advanceTo('2026-03-09T14:30:00Z');
    await advanceTo('2026-03-10T12:30:00Z');
    // Confirmation, 3 days, the answer to C, then only the last one: 2 hours before.
    expect(
      textsTo(p.mobile)
        .map((t) => t.local)
        .slice(1),
    ).toEqual(['2026-03-04 10:00', '2026-03-07 10:30', '2026-03-07 10:30', '2026-03-10 08:30']);
  });

  it('a moved appointment moves its reminders', async () => {
    const p = await bookedPatient('moved');
    p.records.appointments = p.records.appointments.filter((a) => a.status !== 'scheduled');
    p.records.appointments.push(scheduled('2026-03-12T14:00:00'));
    await h.sync();
    const plan = (await h.store.reminders.get(p.key))!;
    expect(plan.start).toBe('2026-03-12T14:00:00');
    await h.waitFor(
      () => textsTo(p.mobile).filter((t) => t.body.includes('thanks for booking')).length === 2,
    );
    await advanceTo('2026-03-09T18:00:00Z'); // 3 days before the new time (14:00, summer time)
    await advanceTo('2026-03-10T12:30:00Z'); // the old 2 h reminder would have gone now
    const later = textsTo(p.mobile).slice(3);
    expect(later.map((t) => t.local)).toEqual(['2026-03-09 14:00']);
    expect(later[0]!.body).toContain('Thu, Mar 12 at 2:00 PM');
  });

  it('a cancel reply creates a task for the front desk and stops the cadence', async () => {
    const p = await bookedPatient('cancel');
    await h.twilio.inbound({ from: p.mobile, to: '+15017122661', body: 'I need to cancel, sorry' });
    const task = await h.waitFor(() =>
      h.hubspot.tasks.list().find((t) => t.contactIds.includes(p.contactId)),
    );
    expect(task.properties).toMatchObject({ hs_task_type: 'CALL', hs_task_priority: 'HIGH' });
    const before = textsTo(p.mobile).length;
    for (const at of ['2026-03-07T15:30:00Z', '2026-03-09T14:30:00Z', '2026-03-10T12:30:00Z'])
      await advanceTo(at);
    expect(textsTo(p.mobile).length).toBe(before);
  });

  it('an opt-out in the middle stops everything', async () => {
    const p = await bookedPatient('optout');
    await advanceTo('2026-03-07T15:30:00Z');
    await h.twilio.inbound({ from: p.mobile, to: '+15017122661', body: 'STOP' });
    const before = textsTo(p.mobile).length;
    for (const at of ['2026-03-09T14:30:00Z', '2026-03-10T12:30:00Z']) await advanceTo(at);
    expect(textsTo(p.mobile).length).toBe(before);
  });
});
