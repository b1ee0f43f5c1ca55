import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import type { ManualClock } from '../src/lib/clock.ts';
import { actionClock, type ActionClock } from './helpers/action-clock.ts';
import { clockAt, outreachHarness, type OutreachHarness } from './helpers/outreach.ts';

/**
 * Quiet hours and frequency caps with a controllable clock: the service, both sandboxes and the
 * compliance gate read the ManualClock; real Redis, BullMQ and the real SDKs do the rest.
 *
 * A deferred action is a BullMQ job moved to the delayed set, its delay computed from the service's
 * clock (`createBullQueue`'s `clock`): 10½ hours of the clock are 10½ hours of BullMQ's wall time.
 * `advanceTo` moves the clock and promotes each delayed job whose clock due time (the clock when it
 * was delayed plus its delay) has been reached, nothing earlier: what BullMQ would do had that much
 * wall time passed. The worker then asks the compliance gate again, at the new time.
 */
const NY = 'America/New_York';
const CHICAGO = 'America/Chicago';

interface Patient {
  contactId: string;
  key: string;
  mobile: string;
}

describe('quiet hours and frequency caps, with a controllable clock', () => {
  let h: OutreachHarness;
  let clock: ManualClock;
  let actions: ActionClock;

  /** The service on the sample practice (Downtown in New York, Lakeside in Chicago), at `iso`. */
  async function startAt(iso: string): Promise<void> {
    clock = clockAt(iso);
    h = await outreachHarness({ clock, patients: 160, seed: 21 });
    await h.sync();
    actions = actionClock(h, clock);
  }
  afterEach(async () => {
    await actions?.close();
    await h?.close();
  });

  /** Eligible, textable patients of one office, one per mobile (a family shares a number). */
  function patients(clinicId: '1' | '2'): Patient[] {
    const seen = new Set<string>();
    const out: Patient[] = [];
    for (const r of h.records) {
      if (r.patient.clinicId !== clinicId) continue;
      const c = h.contact(r.patient.id);
      const p = c?.properties;
      if (!p?.mobilephone || p.sms_consent === 'no' || p.reactivation_status !== 'eligible')
        continue;
      if (seen.has(p.mobilephone)) continue;
      seen.add(p.mobilephone);
      out.push({ contactId: c!.id, key: p.pms_patient_id!, mobile: p.mobilephone });
    }
    return out;
  }

  /** Messages Twilio accepted for `mobile`, with the local time (in `zone`) each went out. */
  const textsTo = (mobile: string, zone: string) =>
    h.twilio.outbox
      .filter((m) => m.kind === 'message' && (m as { to: string }).to === mobile)
      .map((m) => ({
        sid: m.sid,
        local: DateTime.fromJSDate(m.at).setZone(zone).toFormat('ccc yyyy-LL-dd HH:mm'),
      }));
  const completionsOf = (callbackId: string) =>
    h.hubspot.callbackCompletions.filter((c) => c.callbackId === callbackId);

  const delayed = () => actions.delayed();
  const settled = () => actions.settled();
  const advanceTo = (iso: string) => actions.advanceTo(iso);

  /**
   * The job of `callbackId` waits in the delayed set until `iso` on the clock (within a second: the
   * worker turns the time into a delay a few milliseconds before BullMQ stores it).
   */
  async function expectDueAt(callbackId: string, iso: string): Promise<void> {
    const due = await h.waitFor(async () => (await delayed()).get(callbackId));
    expect(Math.abs(due - Date.parse(iso))).toBeLessThan(1_000);
  }

  /** Sends an action and waits until the worker has either finished it or delayed it. */
  async function act(
    action: string,
    callbackId: string,
    p: Patient,
    inputs: Record<string, string> = {},
  ): Promise<void> {
    const answer = await h.action(action, { callbackId, contactId: p.contactId, inputs });
    expect(answer.status).toBe(200);
    expect(
      ((await answer.json()) as { outputFields: Record<string, string> }).outputFields,
    ).toEqual({ hs_execution_state: 'BLOCK', hs_expiration_duration: 'P7D' });
    await h.waitFor(
      async () => completionsOf(callbackId).length > 0 || (await delayed()).has(callbackId),
    );
    await settled();
  }

  it('a text at 21:30 in Chicago is delayed, not failed, and goes at 08:00 Chicago time the next morning', async () => {
    // Wednesday 4 March 2026, 21:30 at the Lakeside office (22:30 in New York).
    await startAt('2026-03-04T21:30:00-06:00');
    const p = patients('2')[0]!;
    await act('send-sms', 'late-evening', p);

    expect(completionsOf('late-evening')).toEqual([]);
    expect(textsTo(p.mobile, CHICAGO)).toEqual([]);
    expect(await h.store.pending.list(p.key)).toEqual(['late-evening']);
    await expectDueAt('late-evening', '2026-03-05T08:00:00-06:00');

    // One minute before the window opens: still waiting.
    await advanceTo('2026-03-05T07:59:00-06:00');
    expect(textsTo(p.mobile, CHICAGO)).toEqual([]);
    expect(completionsOf('late-evening')).toEqual([]);
    // A worker that picks the job up early (its wall clock runs fast) asks the gate again: it
    // goes back to wait for 08:00, nothing is sent.
    await (await actions.queue.getJob('late-evening'))!.promote();
    await settled();
    expect(textsTo(p.mobile, CHICAGO)).toEqual([]);
    expect(completionsOf('late-evening')).toEqual([]);
    await expectDueAt('late-evening', '2026-03-05T08:00:00-06:00');

    await advanceTo('2026-03-05T08:00:00-06:00');
    const outputs = await h.completion('late-evening');
    expect(outputs).toMatchObject({ outcome: 'sent', channel: 'sms' });
    expect(textsTo(p.mobile, CHICAGO)).toEqual([
      { sid: outputs.message_id, local: 'Thu 2026-03-05 08:00' },
    ]);
    expect(completionsOf('late-evening')).toHaveLength(1);
    expect(await h.store.pending.list(p.key)).toEqual([]);
    expect((await delayed()).size).toBe(0);
  });

  it("the window is the patient's office's: at 08:30 in New York the downtown patient is texted at once, the Chicago one at 08:00 Chicago time", async () => {
    // Thursday 5 March 2026, 08:30 in New York = 07:30 in Chicago.
    await startAt('2026-03-05T08:30:00-05:00');
    const downtown = patients('1')[0]!;
    const lakeside = patients('2')[0]!;
    await act('send-sms', 'morning-ny', downtown);
    await act('send-sms', 'morning-chicago', lakeside);

    expect((await h.completion('morning-ny')).outcome).toBe('sent');
    expect(textsTo(downtown.mobile, NY).map((t) => t.local)).toEqual(['Thu 2026-03-05 08:30']);
    expect(completionsOf('morning-chicago')).toEqual([]);
    await expectDueAt('morning-chicago', '2026-03-05T08:00:00-06:00');

    await advanceTo('2026-03-05T08:00:00-06:00');
    expect((await h.completion('morning-chicago')).outcome).toBe('sent');
    expect(textsTo(lakeside.mobile, CHICAGO).map((t) => t.local)).toEqual(['Thu 2026-03-05 08:00']);
  });

  it('one message a day across channels: a text after a call the same day waits for the next morning', async () => {
    // Monday 13 April 2026, 10:00 in New York (no daylight-saving change this week).
    await startAt('2026-04-13T10:00:00-04:00');
    const candidates = patients('1');
    let p: Patient | undefined;
    for (const c of candidates)
      if ((await h.store.directory.get(c.key))?.contactPreference !== 'do_not_call') {
        p = c;
        break;
      }
    await act('call', 'cap-call', p!, { mode: 'automated_call' });
    expect(await h.completion('cap-call')).toMatchObject({ outcome: 'sent', channel: 'call' });

    await advanceTo('2026-04-13T14:00:00-04:00');
    await act('send-sms', 'cap-text', p!);
    expect(completionsOf('cap-text')).toEqual([]);
    expect(textsTo(p!.mobile, NY)).toEqual([]);
    await expectDueAt('cap-text', '2026-04-14T08:00:00-04:00');

    await advanceTo('2026-04-13T23:59:00-04:00');
    await advanceTo('2026-04-14T07:59:00-04:00');
    expect(textsTo(p!.mobile, NY)).toEqual([]);
    await advanceTo('2026-04-14T08:00:00-04:00');
    expect(await h.completion('cap-text')).toMatchObject({ outcome: 'sent', channel: 'sms' });
    expect(textsTo(p!.mobile, NY).map((t) => t.local)).toEqual(['Tue 2026-04-14 08:00']);
  });

  it('three a week: the second of a day goes the next day, the fourth within seven days the week after', async () => {
    await startAt('2026-04-13T10:00:00-04:00');
    const p = patients('1')[0]!;
    // Monday 10:00: the first goes at once.
    await act('send-sms', 'week-1', p);
    expect((await h.completion('week-1')).outcome).toBe('sent');

    // Monday 15:00: the second of the day waits for Tuesday 08:00.
    await advanceTo('2026-04-13T15:00:00-04:00');
    await act('send-sms', 'week-2', p);
    await expectDueAt('week-2', '2026-04-14T08:00:00-04:00');
    await advanceTo('2026-04-14T08:00:00-04:00');
    expect((await h.completion('week-2')).outcome).toBe('sent');

    // Wednesday 09:00: the third of the week goes at once.
    await advanceTo('2026-04-15T09:00:00-04:00');
    await act('send-sms', 'week-3', p);
    expect((await h.completion('week-3')).outcome).toBe('sent');

    // Thursday 11:00: a fourth within seven days waits until the first is seven days old.
    await advanceTo('2026-04-16T11:00:00-04:00');
    await act('send-sms', 'week-4', p);
    expect(completionsOf('week-4')).toEqual([]);
    await expectDueAt('week-4', '2026-04-20T10:00:00-04:00');
    // Friday to Sunday, every morning the window opens: still three in the last seven days.
    for (const day of ['17', '18', '19']) await advanceTo(`2026-04-${day}T08:00:00-04:00`);
    await advanceTo('2026-04-20T09:59:00-04:00');
    expect(completionsOf('week-4')).toEqual([]);
    await advanceTo('2026-04-20T10:00:00-04:00');
    expect((await h.completion('week-4')).outcome).toBe('sent');

    expect(textsTo(p.mobile, NY).map((t) => t.local)).toEqual([
      'Mon 2026-04-13 10:00',
      'Tue 2026-04-14 08:00',
      'Wed 2026-04-15 09:00',
      'Mon 2026-04-20 10:00',
    ]);
    for (const id of ['week-1', 'week-2', 'week-3', 'week-4'])
      expect(completionsOf(id)).toHaveLength(1);
  });

  it('`continue` answers the workflow "deferred" at once; the text still goes at 08:00, and the callback is not completed twice', async () => {
    await startAt('2026-03-04T21:30:00-06:00');
    const p = patients('2')[0]!;
    const started = Date.now();
    await act('send-sms', 'go-on', p, { when_not_allowed_now: 'continue' });
    const outputs = await h.completion('go-on');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(outputs).toMatchObject({
      hs_execution_state: 'SUCCESS',
      outcome: 'deferred',
      channel: 'sms',
      message_id: '',
    });
    expect(outputs.reason).toBe('quiet hours: will send at 2026-03-05T14:00:00.000Z');
    expect(textsTo(p.mobile, CHICAGO)).toEqual([]);
    expect(await h.store.pending.list(p.key)).toEqual(['go-on']);
    await expectDueAt('go-on', '2026-03-05T08:00:00-06:00');

    await advanceTo('2026-03-05T07:59:00-06:00');
    expect(textsTo(p.mobile, CHICAGO)).toEqual([]);
    await advanceTo('2026-03-05T08:00:00-06:00');
    const sent = await h.waitFor(() => textsTo(p.mobile, CHICAGO)[0]);
    expect(sent.local).toBe('Thu 2026-03-05 08:00');
    // The message is the service's like any other: on the timeline, the status moved on.
    await h.waitFor(() =>
      h.hubspot.communications.list().find((c) => c.contactIds.includes(p.contactId)),
    );
    expect(h.hubspot.contacts.get(p.contactId)!.properties.reactivation_status).toBe('contacted');
    expect((await h.store.messages.get(sent.sid))?.callbackId).toBe('go-on');
    expect(completionsOf('go-on')).toHaveLength(1);
    expect(await h.store.pending.list(p.key)).toEqual([]);
  });
});
