import { addDays, addMonths, daysBetween } from '../../domain/dates.ts';
import type { Appointment, AppointmentStatus, Procedure, Recall } from '../../domain/records.ts';
import { chance, pick, randomInt, type Random } from '../../lib/random.ts';

/** What happened to a sample patient, which the history below tells in appointments. */
export type Story =
  | 'regular'
  | 'scheduled'
  | 'overdue'
  | 'no_show'
  | 'unscheduled_treatment'
  | 'dormant'
  | 'lost'
  | 'never_visited';

interface HistoryOptions {
  patientId: string;
  clinicId: string;
  asOf: string;
  story: Story;
  ids: { appointment: number; recall: number; procedure: number };
}

interface History {
  appointments: Appointment[];
  recalls: Recall[];
  procedures: Procedure[];
}

/** Recall-visit procedures with typical US fees (ADA survey ballpark). */
const HYGIENE_PROCEDURES = [
  { code: 'D0120', fee: 95 },
  { code: 'D1110', fee: 120 },
];
const BITEWINGS = { code: 'D0274', fee: 75 };
const TREATMENT = [
  { code: 'D2740', fee: 1250 },
  { code: 'D2391', fee: 210 },
  { code: 'D4341', fee: 260 },
  { code: 'D3330', fee: 1150 },
  { code: 'D6010', fee: 2200 },
];

/** Months between asOf and the last visit, by story (the engine decides the segment, not this). */
function lastVisitMonthsAgo(random: Random, story: Story): number | undefined {
  switch (story) {
    case 'regular':
    case 'scheduled':
      return randomInt(random, 0, 5);
    case 'overdue':
      return randomInt(random, 7, 17);
    case 'no_show':
      return randomInt(random, 4, 20);
    case 'unscheduled_treatment':
      return randomInt(random, 1, 20);
    case 'dormant':
      return randomInt(random, 19, 35);
    case 'lost':
      return randomInt(random, 37, 90);
    case 'never_visited':
      return undefined;
  }
}

/** A weekday appointment slot between 8:00 and 16:45 on or after `date`. */
function slot(random: Random, date: string): string {
  const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
  const day = weekday === 6 ? addDays(date, 2) : weekday === 0 ? addDays(date, 1) : date;
  const minutes = 8 * 60 + 15 * randomInt(random, 0, 35);
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `${day}T${hh}:${mm}:00`;
}

/** A past slot that stays on or before `latest`. */
function pastSlot(random: Random, date: string, latest: string): string {
  const s = slot(random, date);
  return s.slice(0, 10) > latest ? `${latest}T${s.slice(11)}` : s;
}

export function visitHistory(random: Random, o: HistoryOptions): History {
  const h: History = { appointments: [], recalls: [], procedures: [] };
  const appointment = (
    status: AppointmentStatus,
    start: string,
    isHygiene: boolean,
  ): Appointment => {
    const a: Appointment = {
      id: String(++o.ids.appointment),
      patientId: o.patientId,
      status,
      start,
      isHygiene,
      clinicId: o.clinicId,
    };
    h.appointments.push(a);
    return a;
  };
  const procedure = (p: Omit<Procedure, 'id' | 'patientId'>): void => {
    h.procedures.push({ id: String(++o.ids.procedure), patientId: o.patientId, ...p });
  };
  const completedVisit = (date: string, hygiene: boolean): void => {
    const a = appointment('completed', pastSlot(random, date, o.asOf), hygiene);
    const day = a.start.slice(0, 10);
    const done = hygiene
      ? [...HYGIENE_PROCEDURES, ...(chance(random, 0.5) ? [BITEWINGS] : [])]
      : [pick(random, TREATMENT)];
    for (const p of done)
      procedure({
        status: 'completed',
        fee: p.fee,
        completedDate: day,
        plannedDate: day,
        appointmentId: a.id,
        code: p.code,
      });
  };

  const monthsAgo = lastVisitMonthsAgo(random, o.story);
  let lastHygiene: string | undefined;
  let lastVisit: string | undefined;
  if (monthsAgo !== undefined) {
    lastVisit = addDays(addMonths(o.asOf, -monthsAgo), -randomInt(random, 0, 27));
    if (lastVisit > o.asOf) lastVisit = o.asOf;
    // Earlier recall visits every six months or so, oldest first.
    const earlier = randomInt(random, 0, 4);
    for (let k = earlier; k >= 1; k--) {
      const date = addDays(addMonths(lastVisit, -6 * k), randomInt(random, -20, 20));
      completedVisit(date, true);
      if (chance(random, 0.15)) completedVisit(addDays(date, randomInt(random, 7, 40)), false);
    }
    const hygiene = chance(random, 0.8);
    completedVisit(lastVisit, hygiene);
    lastVisit = h.appointments[h.appointments.length - 1]!.start.slice(0, 10);
    lastHygiene = hygiene
      ? lastVisit
      : h.appointments
          .filter((a) => a.isHygiene)
          .at(-1)
          ?.start.slice(0, 10);
  }

  switch (o.story) {
    case 'scheduled':
      appointment(
        'scheduled',
        slot(random, addDays(o.asOf, randomInt(random, 1, 90))),
        chance(random, 0.7),
      );
      break;
    case 'no_show': {
      // Broken within the last year, after the last visit.
      const earliest = [
        lastVisit ? addDays(lastVisit, 1) : o.asOf,
        addDays(addMonths(o.asOf, -12), 2),
      ]
        .sort()
        .at(-1)!;
      const span = Math.max(0, daysBetween(earliest, o.asOf) - 1);
      appointment(
        'broken',
        pastSlot(random, addDays(earliest, randomInt(random, 0, span)), o.asOf),
        chance(random, 0.6),
      );
      break;
    }
    case 'unscheduled_treatment': {
      const planned = lastVisit ?? o.asOf;
      for (let k = randomInt(random, 1, 3); k > 0; k--) {
        const p = pick(random, TREATMENT);
        procedure({
          status: 'planned',
          plannedDate: planned,
          code: p.code,
          ...(chance(random, 0.95) ? { fee: p.fee } : {}),
        });
      }
      break;
    }
    case 'never_visited':
      if (chance(random, 0.3))
        appointment('broken', slot(random, addMonths(o.asOf, -randomInt(random, 13, 30))), false);
      else if (chance(random, 0.2))
        appointment(
          'unscheduled',
          slot(random, addMonths(o.asOf, -randomInt(random, 1, 20))),
          false,
        );
      break;
    default:
      break;
  }

  // The untidiness of real schedules: old no-shows since made good, cancellations, stale entries.
  if (lastVisit && chance(random, 0.12))
    appointment(
      'broken',
      pastSlot(random, addMonths(lastVisit, -randomInt(random, 13, 30)), o.asOf),
      true,
    );
  if (chance(random, 0.1))
    appointment(
      'cancelled',
      pastSlot(random, addDays(o.asOf, -randomInt(random, 10, 700)), o.asOf),
      chance(random, 0.5),
    );
  if (chance(random, 0.03))
    appointment(
      pick(random, ['planned', 'other', 'unscheduled'] as const),
      pastSlot(random, addDays(o.asOf, -randomInt(random, 10, 400)), o.asOf),
      false,
    );
  if (chance(random, 0.08)) {
    const p = pick(random, TREATMENT);
    procedure({
      status: 'planned',
      plannedDate: addMonths(o.asOf, -randomInt(random, 25, 48)),
      fee: p.fee,
      code: p.code,
    });
  }
  if (chance(random, 0.02))
    procedure({
      status: 'other',
      fee: 0,
      plannedDate: addDays(o.asOf, -randomInt(random, 30, 900)),
      code: 'D9999',
    });

  addRecalls(random, o, h, lastHygiene ?? lastVisit);
  return h;
}

/** Most patients carry a recall; some have it disabled, some none at all (the fallback rule). */
function addRecalls(
  random: Random,
  o: HistoryOptions,
  h: History,
  previous: string | undefined,
): void {
  const r = random.next();
  if (r < 0.1) return;
  const recall = (fields: Omit<Recall, 'id' | 'patientId'>): void => {
    h.recalls.push({ id: String(++o.ids.recall), patientId: o.patientId, ...fields });
  };
  const scheduled = h.appointments.find(
    (a) => a.status === 'scheduled' && a.start.slice(0, 10) >= o.asOf,
  );
  const base: Omit<Recall, 'id' | 'patientId'> = { disabled: r < 0.15 };
  if (previous) {
    base.previousDate = previous;
    base.dueDate = addMonths(previous, 6);
  }
  if (scheduled) base.scheduledDate = scheduled.start.slice(0, 10);
  recall(base);
  // A second recall type (e.g. perio maintenance every 4 months) for a few.
  if (previous && chance(random, 0.05))
    recall({ disabled: false, previousDate: previous, dueDate: addMonths(previous, 4) });
}
