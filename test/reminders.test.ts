import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scheduled } from './builders.ts';
import {
  advanceTo as advanceWorld,
  book,
  oneOffice,
  pick,
  startWorld,
  stopWorld,
  textOnce,
  textsTo as textsToWorld,
  type Picked,
  type World,
} from './helpers/reminder-world.ts';

/**
 * Reminders for appointments reactivation won, with a controllable clock: the HubSpot and Twilio
 * sandboxes and the service share it; delayed BullMQ jobs are promoted when the clock reaches them
 * (test/helpers/reminder-world.ts). The world's clock starts on Wednesday 4 March 2026, 10:00 in
 * New York; clocks go forward on Sunday 8 March. The appointment: Tuesday 10 March, 10:30.
 */
const SENDER = '+15017122661';

describe('reminders', () => {
  let w: World;
  const used = new Set<string>();
  beforeEach(async () => {
    used.clear();
    w = await startWorld(oneOffice);
  });
  afterEach(async () => {
    await stopWorld(w);
  });

  /**
   * A reachable patient of the downtown office, texted once by reactivation (so a booking is its),
   * booked, with the confirmation sent.
   */
  async function bookedPatient(tag: string): Promise<Picked> {
    const p = pick(w, used);
    await textOnce(w, p, tag);
    await book(w, [p]);
    return p;
  }
  const advanceTo = (iso: string) => advanceWorld(w, iso);
  const textsTo = (mobile: string) => textsToWorld(w, mobile);

  it('a booking gets exactly the configured reminders at the right local times, across the clock change', async () => {
    const p = await bookedPatient('cadence');
    const plan = (await w.h.store.reminders.get(p.key))!;
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
    const answer = await w.h.twilio.inbound({ from: p.mobile, to: SENDER, body: 'C' });
    expect(answer.twiml).toMatch(/confirmed for Tuesday, March 10 at 10:30 AM/);
    await w.h.waitFor(
      () => w.h.hubspot.contacts.get(p.contactId)!.properties.reactivation_status === 'confirmed',
    );
    await advanceTo('2026-03-09T14:30:00Z');
    await advanceTo('2026-03-10T12:30:00Z');
    // Confirmation, 3 days, then only the last one: 2 hours before (the answer to C is the reply
    // Twilio sent from the TwiML, above).
    expect(
      textsTo(p.mobile)
        .map((t) => t.local)
        .slice(1),
    ).toEqual(['2026-03-04 10:00', '2026-03-07 10:30', '2026-03-10 08:30']);
  });

  it('a moved appointment moves its reminders', async () => {
    const p = await bookedPatient('moved');
    p.records.appointments = p.records.appointments.filter((a) => a.status !== 'scheduled');
    p.records.appointments.push(scheduled('2026-03-12T14:00:00'));
    await w.h.sync();
    const plan = (await w.h.store.reminders.get(p.key))!;
    expect(plan.start).toBe('2026-03-12T14:00:00');
    await w.h.waitFor(
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
    await w.h.twilio.inbound({ from: p.mobile, to: SENDER, body: 'I need to cancel, sorry' });
    const task = await w.h.waitFor(() =>
      w.h.hubspot.tasks.list().find((t) => t.contactIds.includes(p.contactId)),
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
    await w.h.twilio.inbound({ from: p.mobile, to: SENDER, body: 'STOP' });
    const before = textsTo(p.mobile).length;
    for (const at of ['2026-03-09T14:30:00Z', '2026-03-10T12:30:00Z']) await advanceTo(at);
    expect(textsTo(p.mobile).length).toBe(before);
  });
});
