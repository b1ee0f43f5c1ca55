import { Queue } from 'bullmq';
import { DateTime } from 'luxon';
import { expect } from 'vitest';
import { stepTime } from '../../src/domain/reminder-text.ts';
import { ManualClock } from '../../src/lib/clock.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { scheduled } from '../builders.ts';
import {
  outreachHarness,
  pickPatient,
  type HarnessOptions,
  type OutreachHarness,
  type PickedPatient,
  type PickOptions,
} from './outreach.ts';

/**
 * The reminder tests' world: the whole service and the HubSpot and Twilio sandboxes on one
 * controllable clock, real Redis and BullMQ, the service's log lines captured, and the queues a
 * test drives by hand.
 */
const NY = 'America/New_York';
// Wednesday 4 March 2026, 10:00 in New York (9:00 in Chicago); clocks go forward on Sunday 8 March.
const START = '2026-03-04T15:00:00Z';
export const APPOINTMENT = '2026-03-10T10:30:00';

export interface World {
  h: OutreachHarness;
  clock: ManualClock;
  reminders: Queue;
  actions: Queue;
  lines: Array<Record<string, unknown>>;
}

/** A practice-file change: one office only, downtown New York (clinic 1). */
export const oneOffice = (p: Record<string, unknown>): Record<string, unknown> => ({
  ...p,
  locations: (p.locations as object[])
    .map((l) => ({ ...l, clinicId: '1', timeZone: NY }))
    .slice(0, 1),
});

export interface WorldOptions {
  /** Patients of the sample practice (300). */
  patients?: number;
  /** The Twilio sandbox's settings (approved WhatsApp templates, …). */
  twilio?: HarnessOptions['twilio'];
  /** Nobody has an appointment before a test books its own patient. */
  nobodyBooked?: boolean;
}

export async function startWorld(
  practice: HarnessOptions['practice'],
  o: WorldOptions = {},
): Promise<World> {
  const clock = new ManualClock(START);
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger({
    level: 'info',
    destination: { write: (line: string) => void lines.push(JSON.parse(line)) },
  });
  const h = await outreachHarness({
    clock,
    logger,
    patients: o.patients ?? 300,
    seed: 13,
    practice,
    ...(o.twilio ? { twilio: o.twilio } : {}),
  });
  if (o.nobodyBooked)
    for (const r of h.records)
      r.appointments = r.appointments.filter((a) => a.status !== 'scheduled');
  await h.sync();
  const queue = (name: string) =>
    new Queue(name, {
      connection: h.store.redis!.duplicate(),
      prefix: `${h.store.prefix}bull`,
    });
  return { h, clock, reminders: queue('reminders'), actions: queue('outreach-actions'), lines };
}

export async function stopWorld(w: World): Promise<void> {
  await w.reminders.close();
  await w.actions.close();
  await w.h.close();
}

/** Texts a number received, with the local time (in `zone`) each went out. */
export function textsTo(w: World, mobile: string, zone = NY) {
  return w.h.twilio.outbox
    .filter(
      (m) =>
        m.kind === 'message' &&
        (m as { to: string }).to === mobile &&
        (m as { direction?: string }).direction === 'outbound-api',
    )
    .map((m) => ({
      body: (m as { body?: string }).body ?? '',
      local: DateTime.fromJSDate(m.at).setZone(zone).toFormat('yyyy-LL-dd HH:mm'),
    }));
}

/**
 * Moves the clock to `iso`, then runs what is due: reminder jobs whose step time has come (a
 * reminder job does not look at the time itself; the gate still may defer it), and every delayed
 * workflow action (an action re-checks its own gate, so running it early only defers it again).
 */
export async function advanceTo(w: World, iso: string): Promise<void> {
  w.clock.set(iso);
  for (const job of await w.reminders.getDelayed()) {
    const plan = await w.h.store.reminders.get(job.data.patientKey);
    const zone = plan?.timeZone ?? NY;
    const due = stepTime(job.data.step, { start: job.data.start, timeZone: zone }, w.clock.now());
    if (due <= w.clock.now()) await job.promote();
  }
  for (const job of await w.actions.getDelayed()) await job.promote();
  await w.h.waitFor(async () => {
    const [r, a] = await Promise.all([
      w.reminders.getJobCounts('waiting', 'active'),
      w.actions.getJobCounts('waiting', 'active'),
    ]);
    return (r.waiting ?? 0) + (r.active ?? 0) + (a.waiting ?? 0) + (a.active ?? 0) === 0;
  });
  await new Promise((r) => setTimeout(r, 150));
}

export type Picked = PickedPatient;

/**
 * An eligible patient of `clinicId` with a mobile of their own, no appointment booked, and the
 * segments asked for; each patient is picked once (`pickPatient`).
 */
export function pick(
  w: Pick<World, 'h'>,
  used: Set<string>,
  o: Omit<PickOptions, 'unbooked'> = {},
): Picked {
  return pickPatient(w.h, used, { ...o, unbooked: true });
}

/** Books the patients at `start` in the PMS, syncs, and waits for each one's confirmation. */
export async function book(w: World, patients: Picked[], start = APPOINTMENT): Promise<void> {
  for (const p of patients) p.records.appointments.push(scheduled(start));
  await w.h.sync();
  for (const p of patients)
    await w.h.waitFor(
      async () => (await w.h.store.reminders.get(p.key))?.sent.confirmation !== undefined,
    );
}

/** Reactivation texts the patient once (so a booking is reactivation's, and gets reminders). */
export async function textOnce(w: World, p: Picked, tag: string): Promise<void> {
  await w.h.action('send-sms', { callbackId: `text-${tag}`, contactId: p.contactId });
  expect((await w.h.completion(`text-${tag}`)).outcome).toBe('sent');
}
