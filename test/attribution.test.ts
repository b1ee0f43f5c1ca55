import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locationFor, PracticeFile, type Segment } from '../src/domain/practice.ts';
import type { ManualClock } from '../src/lib/clock.ts';
import type { ReactivationEvent } from '../src/store/event-log.ts';
import { completed, scheduled } from './builders.ts';
import {
  clockAt,
  openAllDay,
  outreachHarness,
  pickPatient,
  type OutreachHarness,
} from './helpers/outreach.ts';

const DAY = 86_400_000;
/** Visit values of this practice file, none of them a default, so the number can only come from it. */
const VISIT_VALUES: Record<Segment, number> = {
  no_show: 190,
  unscheduled_treatment: 1_234,
  overdue_recall: 275,
  dormant: 310,
};

/** Synced, eligible, textable patients of the lapsed segments, one per phone, each used once. */
function patientsOf(h: OutreachHarness) {
  const used = new Set<string>();
  return (segments: string[] = ['overdue_recall', 'dormant']) => {
    const p = pickPatient(h, used, { segments });
    return { ...p, segment: p.segment as Segment, link: p.bookingLink! };
  };
}

/**
 * Who came back, and thanks to what: on each sync a booked patient is credited to the last touch
 * within the practice's `attributionDays` (default 30), a returned one is `recovered` with the
 * practice file's visit value. A controllable clock moves the days; the PMS records change as the
 * practice's would.
 */
describe('attribution of bookings and recoveries', () => {
  let h: OutreachHarness;
  let clock: ManualClock;
  let patient: ReturnType<typeof patientsOf>;
  // Monday 2 March 2026, 10:00 in New York.
  const T0 = Date.parse('2026-03-02T10:00:00-05:00');
  beforeAll(async () => {
    clock = clockAt('2026-03-02T10:00:00-05:00');
    h = await outreachHarness({
      clock,
      seed: 23,
      practice: (p) =>
        openAllDay({
          ...p,
          estimate: Object.fromEntries(
            Object.entries(p.estimate as Record<string, unknown>).map(([k, v]) =>
              k in VISIT_VALUES
                ? [k, { ...(v as object), visitValue: VISIT_VALUES[k as Segment] }]
                : [k, v],
            ),
          ),
        }),
    });
    await h.sync();
    patient = patientsOf(h);
  });
  afterAll(async () => {
    await h.close();
  });

  const at = (ms: number) => clock.set(new Date(ms).toISOString());
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const eventsOf = async (type: string, key: string): Promise<ReactivationEvent[]> =>
    (await h.store.events.recent(5_000)).filter((e) => e.type === type && e.patientKey === key);
  const texted = async (p: ReturnType<typeof patient>, callbackId: string, template: string) => {
    await h.action('send-sms', { callbackId, contactId: p.contactId, inputs: { template } });
    const out = await h.completion(callbackId);
    expect(out.outcome).toBe('sent');
    return (await h.store.messages.get(out.message_id!))!;
  };
  /** The practice books the patient (an appointment a week after today) and the next sync runs. */
  const book = async (p: ReturnType<typeof patient>) => {
    p.records.appointments.push(scheduled(`${day(clock.now().getTime() + 7 * DAY)}T09:00`));
    await h.sync();
    expect(h.hubspot.contacts.get(p.contactId)!.properties.reactivation_status).toBe('booked');
    const booked = await eventsOf('booked', p.key);
    expect(booked).toHaveLength(1);
    return booked[0]!;
  };

  it('the window is 30 days by default: a booking 29 days 23 hours after the text is credited to it (sms, template and variant, workflow); one 30 days 1 hour after is credited to nothing; attributionDays 45 in the practice file credits that one', async () => {
    expect(PracticeFile.parse({ ...h.practice, attributionDays: undefined }).attributionDays).toBe(
      30,
    );
    expect(h.practice.attributionDays).toBe(30);
    const [inside, outside, configured] = [patient(), patient(), patient()];
    const messages = {
      inside: await texted(inside, 'attr-inside', 'b'),
      outside: await texted(outside, 'attr-outside', 'a'),
      configured: await texted(configured, 'attr-configured', 'b'),
    };
    for (const m of Object.values(messages)) expect(Date.parse(m.sentAt)).toBe(T0);

    at(T0 + 30 * DAY - 3_600_000);
    expect(await book(inside)).toMatchObject({
      channel: 'sms',
      templateId: messages.inside.templateId,
      variant: 'b',
      workflowId: '555',
      segment: inside.segment,
    });
    expect(messages.inside.templateId).toBe(`${inside.segment}.sms.b`);

    at(T0 + 30 * DAY + 3_600_000);
    const late = await book(outside);
    expect(late.channel).toBe('none');
    expect(late).not.toHaveProperty('templateId');
    expect(late).not.toHaveProperty('variant');
    expect(late).not.toHaveProperty('workflowId');

    // The practice file's window, 45 days: the same 30 days 1 hour is inside it.
    h.practice.attributionDays = PracticeFile.parse({
      ...h.practice,
      attributionDays: 45,
    }).attributionDays;
    try {
      expect(await book(configured)).toMatchObject({
        channel: 'sms',
        templateId: `${configured.segment}.sms.b`,
        variant: 'b',
        workflowId: '555',
      });
    } finally {
      h.practice.attributionDays = 30;
    }
  });

  it('a patient who completes the visit becomes recovered, and the event carries exactly the visit value the practice file gives the segment', async () => {
    at(T0 + 40 * DAY);
    const p = patient();
    await texted(p, 'attr-recovered', 'a');
    at(T0 + 41 * DAY);
    await book(p);
    // The visit happens (and the recall moves on, as the PMS does).
    at(T0 + 48 * DAY + 6 * 3_600_000);
    p.records.appointments = p.records.appointments.filter((a) => a.status !== 'scheduled');
    p.records.appointments.push(completed(day(clock.now().getTime()), { isHygiene: true }));
    p.records.recalls = p.records.recalls.map((r) => ({
      ...r,
      dueDate: day(clock.now().getTime() + 180 * DAY),
      disabled: false,
    }));
    await h.sync();
    expect(h.hubspot.contacts.get(p.contactId)!.properties.reactivation_status).toBe('recovered');
    const recovered = await eventsOf('recovered', p.key);
    expect(recovered).toHaveLength(1);
    expect(h.practice.estimate[p.segment].visitValue).toBe(VISIT_VALUES[p.segment]);
    expect(recovered[0]).toMatchObject({
      segment: p.segment,
      value: VISIT_VALUES[p.segment],
      channel: 'sms',
      workflowId: '555',
    });
  });

  it('a click on the booking link is a touch: texted on day 50, link followed on day 85, booked on day 86 — credited to the clicked message (sms, template and variant, workflow), though the text itself is 36 days old', async () => {
    at(T0 + 50 * DAY);
    const p = patient();
    const message = await texted(p, 'attr-click', 'b');
    at(T0 + 85 * DAY);
    const follow = await fetch(p.link, { redirect: 'manual' });
    expect(follow.status).toBe(302);
    expect(await eventsOf('clicked', p.key)).toHaveLength(1);
    at(T0 + 86 * DAY);
    expect(await book(p)).toMatchObject({
      channel: 'sms',
      templateId: message.templateId,
      variant: 'b',
      workflowId: '555',
    });
  });
});

/**
 * One-tap booking: `GET /b/<token>` sends the patient to their office's booking URL, whichever
 * kind the practice file gives, and records the click (credited to the last message).
 */
describe('booking links', () => {
  let h: OutreachHarness;
  let patient: ReturnType<typeof patientsOf>;
  beforeAll(async () => {
    h = await outreachHarness({ practice: openAllDay, seed: 29 });
    await h.sync();
    patient = patientsOf(h);
  });
  afterAll(async () => {
    await h.close();
  });

  it('GET /b/<token> redirects (302) to each kind of booking URL the practice file accepts — an online-scheduling page, a HubSpot meetings link, a page with a call button, a tel: link — and records each click with the last message’s template and variant', async () => {
    const p = patient();
    await h.action('send-sms', {
      callbackId: 'link-texted',
      contactId: p.contactId,
      inputs: { template: 'b' },
    });
    expect((await h.completion('link-texted')).outcome).toBe('sent');
    const entry = await h.store.directory.get(p.key);
    const office = locationFor(h.service.deps.practice, entry?.clinicId);
    const original = office.bookingUrl;
    const kinds = [
      'https://riverside-dental.example/online-scheduling?office=downtown',
      'https://meetings.hubspot.com/riverside-dental/cleaning',
      'https://riverside-dental.example/call-us',
      'tel:+16175550142',
    ];
    const clicks = async () =>
      (await h.store.events.recent(5_000)).filter(
        (e) => e.type === 'clicked' && e.patientKey === p.key,
      );
    expect(await clicks()).toEqual([]);
    try {
      for (const [i, bookingUrl] of kinds.entries()) {
        // The practice file accepts it…
        const parsed = PracticeFile.parse({
          ...h.practice,
          locations: h.practice.locations.map((l) => ({ ...l, bookingUrl })),
        });
        office.bookingUrl = parsed.locations[0]!.bookingUrl;
        // …and the patient's link goes there.
        const answer = await fetch(p.link, { redirect: 'manual' });
        expect(answer.status).toBe(302);
        expect(answer.headers.get('location')).toBe(bookingUrl);
        expect(answer.headers.get('cache-control')).toBe('no-store');
        const recorded = await h.waitFor(async () => {
          const c = await clicks();
          return c.length === i + 1 ? c : undefined;
        });
        expect(recorded[0]).toMatchObject({
          type: 'clicked',
          channel: 'sms',
          templateId: `${p.segment}.sms.b`,
          variant: 'b',
          location: office.name,
        });
      }
    } finally {
      office.bookingUrl = original;
    }
    // What is not a booking page is refused when the practice file is read.
    for (const bookingUrl of ['javascript:alert(1)', 'data:text/html,hi', 'riverside.example/b'])
      expect(
        PracticeFile.safeParse({
          ...h.practice,
          locations: h.practice.locations.map((l) => ({ ...l, bookingUrl })),
        }).success,
      ).toBe(false);
  });
});
