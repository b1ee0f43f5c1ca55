import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli.ts';
import {
  advanceTo,
  book,
  oneOffice,
  pick,
  startWorld,
  stopWorld,
  textsTo,
  type Picked,
  type World,
} from './helpers/reminder-world.ts';

/**
 * The reminders' own frequency caps (issue 7 point 1: "the caps for reminders are their own,
 * documented"; README: 2 a day, 6 a week), with a controllable clock shared by the service and the
 * HubSpot and Twilio sandboxes, real Redis and BullMQ. Reminders and reactivation messages are
 * counted apart: neither uses up the other's budget, and each budget holds.
 */
// The world's clock starts on Wednesday 4 March 2026, 10:00 in New York.

/** The sample practice with one office (New York, 8:00–20:00) and these reminder settings. */
function startCapsWorld(reminders: Record<string, unknown> = {}): Promise<World> {
  return startWorld((p) => ({
    ...oneOffice(p),
    reminders: { ...(p.reminders as object), ...reminders },
  }));
}

const isReminder = (t: { body: string }) => t.body.includes('Reply C to confirm');

/** The log line saying a step was not sent because its cap left no time before the visit. */
const dropped = (w: World, p: Picked, step: string) =>
  w.lines.find(
    (l) =>
      l.patientKey === p.key &&
      l.step === step &&
      l.msg === 'reminder not sent' &&
      l.outcome === 'skipped_cap',
  );

describe('reminder caps', () => {
  let w: World | undefined;
  afterEach(async () => {
    if (w) await stopWorld(w);
    w = undefined;
  });

  it('are their own and documented: 2 a day and 6 a week by default, beside the reactivation caps (1 a day, 3 a week)', async () => {
    w = await startCapsWorld();
    expect(w.h.practice.reminders).toMatchObject({ perDay: 2, perWeek: 6 });
    expect(w.h.practice.caps).toBeUndefined(); // the reactivation defaults apply
    const readme = readFileSync(`${ROOT}README.md`, 'utf8');
    expect(readme).toContain("the reminders' own caps (2 a day, 6 a week)");
    expect(readme).toContain(
      'reactivation frequency caps per patient across channels (1 a day, 3 in 7 days)',
    );
    expect(readme).toContain(
      'Reminders do not count in the reactivation caps and have their own (2 a day, 6 a week)',
    );
  });

  it('a reactivation text the same day does not block a reminder: the reactivation cap is full, and the confirmation and the 2-hour reminder still go', async () => {
    w = await startCapsWorld();
    const p = pick(w, new Set());
    await w.h.action('send-sms', { callbackId: 'caps-first', contactId: p.contactId });
    expect((await w.h.completion('caps-first')).outcome).toBe('sent');
    // Reactivation's own budget for today is spent: a second text waits for tomorrow.
    await w.h.action('send-sms', {
      callbackId: 'caps-second',
      contactId: p.contactId,
      inputs: { when_not_allowed_now: 'continue' },
    });
    const second = await w.h.completion('caps-second');
    expect(second.outcome).toBe('deferred');
    expect(second.reason).toMatch(/^daily cap: will send at 2026-03-05/);
    // The patient books for 16:00 today: the confirmation at once, the 2-hour reminder at 14:00.
    await book(w, [p], '2026-03-04T16:00:00');
    expect(Object.keys((await w.h.store.reminders.get(p.key))!.jobs)).toEqual(['2h']);
    await advanceTo(w, '2026-03-04T19:00:00Z');
    const texts = textsTo(w, p.mobile);
    expect(texts.map((t) => [t.local, isReminder(t)])).toEqual([
      ['2026-03-04 10:00', false], // reactivation
      ['2026-03-04 10:00', true], // confirmation
      ['2026-03-04 14:00', true], // 2 hours before
    ]);
    expect(texts[1]!.body).toContain('thanks for booking');
    expect(Object.keys((await w.h.store.reminders.get(p.key))!.sent).sort()).toEqual([
      '2h',
      'confirmation',
    ]);
    // Two budgets: the reactivation history holds the one reactivation text, the reminders' the two.
    const since = new Date('2026-03-04T00:00:00Z');
    expect(await w.h.store.sendHistory.since(p.key, since)).toHaveLength(1);
    expect(await w.h.store.sendHistory.since(`reminder:${p.key}`, since)).toHaveLength(2);
  });

  it('reminders do not count against the reactivation caps: after two reminders and a missed visit, the no-show text goes the same day', async () => {
    w = await startCapsWorld({ allAppointments: true, noShowPauseDays: 0 });
    const p = pick(w, new Set());
    expect(await w.h.store.messages.forPatient(p.key, 10)).toEqual([]);
    await book(w, [p], '2026-03-04T14:00:00');
    await advanceTo(w, '2026-03-04T17:00:00Z'); // 12:00, 2 hours before
    expect(textsTo(w, p.mobile).filter(isReminder)).toHaveLength(2);
    // 15:00: the patient did not come; the PMS marks the visit broken and the sync sees it.
    w.clock.set('2026-03-04T20:00:00Z');
    p.records.appointments.find((a) => a.status === 'scheduled')!.status = 'broken';
    await w.h.sync();
    expect(w.h.hubspot.contacts.get(p.contactId)!.properties).toMatchObject({
      reactivation_segment: 'no_show',
      reactivation_status: 'eligible',
    });
    await w.h.action('send-sms', { callbackId: 'caps-no-show', contactId: p.contactId });
    expect((await w.h.completion('caps-no-show')).outcome).toBe('sent');
    const texts = textsTo(w, p.mobile);
    expect(texts.map((t) => [t.local, isReminder(t)])).toEqual([
      ['2026-03-04 10:00', true],
      ['2026-03-04 12:00', true],
      ['2026-03-04 15:00', false],
    ]);
    // The reactivation cap itself still holds: a second reactivation text the same day waits.
    await w.h.action('send-sms', {
      callbackId: 'caps-no-show-again',
      contactId: p.contactId,
      inputs: { when_not_allowed_now: 'continue' },
    });
    const again = await w.h.completion('caps-no-show-again');
    expect(again.outcome).toBe('deferred');
    expect(again.reason).toMatch(/^daily cap: /);
  });

  it('the reminders’ daily cap holds: at 1 a day, the 2-hour reminder on the day of the booking cannot go before the visit, and is dropped with a log line', async () => {
    w = await startCapsWorld({ allAppointments: true, perDay: 1 });
    const p = pick(w, new Set());
    await book(w, [p], '2026-03-04T16:00:00');
    await advanceTo(w, '2026-03-04T19:00:00Z'); // 14:00, 2 hours before
    await advanceTo(w, '2026-03-04T20:45:00Z'); // 15:45, the visit is 15 minutes away
    expect(textsTo(w, p.mobile).map((t) => t.local)).toEqual(['2026-03-04 10:00']);
    expect((await w.h.store.reminders.get(p.key))!.sent['2h']).toBeUndefined();
    expect(dropped(w, p, '2h')).toBeDefined();
  });

  it('the reminders’ daily cap defers when there is time: at 1 a day, a second reminder the same day goes the next morning when the window opens', async () => {
    w = await startCapsWorld({ allAppointments: true, perDay: 1, steps: ['confirmation', '20h'] });
    const p = pick(w, new Set());
    // Thursday 14:00: 20 hours before is Wednesday 18:00, the day of the confirmation.
    await book(w, [p], '2026-03-05T14:00:00');
    await advanceTo(w, '2026-03-04T23:00:00Z'); // 18:00: held by the daily cap
    expect(textsTo(w, p.mobile)).toHaveLength(1);
    await advanceTo(w, '2026-03-05T05:30:00Z'); // 0:30, a new day, but quiet hours
    expect(textsTo(w, p.mobile)).toHaveLength(1);
    await advanceTo(w, '2026-03-05T13:00:00Z'); // 8:00
    const texts = textsTo(w, p.mobile);
    expect(texts.map((t) => t.local)).toEqual(['2026-03-04 10:00', '2026-03-05 08:00']);
    expect(texts[1]!.body).toMatch(/Thu, Mar 5 at 2:00 PM/);
    expect(dropped(w, p, '20h')).toBeUndefined();
  });

  it('the reminders’ weekly cap holds: at 2 a week, the confirmation and the 3-day reminder go, the 1-day and 2-hour ones are dropped', async () => {
    w = await startCapsWorld({ allAppointments: true, perWeek: 2 });
    const p = pick(w, new Set());
    await book(w, [p], '2026-03-10T10:30:00');
    for (const at of ['2026-03-07T15:30:00Z', '2026-03-09T14:30:00Z', '2026-03-10T12:30:00Z'])
      await advanceTo(w, at);
    expect(textsTo(w, p.mobile).map((t) => t.local)).toEqual([
      '2026-03-04 10:00',
      '2026-03-07 10:30',
    ]);
    expect(Object.keys((await w.h.store.reminders.get(p.key))!.sent).sort()).toEqual([
      '3d',
      'confirmation',
    ]);
    // The first one ages out of the 7 days only after the visit: nothing more can go.
    expect(dropped(w, p, '1d')).toBeDefined();
    expect(dropped(w, p, '2h')).toBeDefined();
  });
});
