import { addMonths, dateOf } from './dates.ts';
import type { PatientRecords } from './records.ts';
import type { Segment, SegmentWindows } from './practice.ts';

/**
 * The segmentation engine: each patient gets exactly one outcome, decided in the fixed order of
 * domain.md ("Segments, as of a date"). Pure and allocation-light: dates are ISO strings compared
 * as strings, cut-off dates are computed once per run (see `segmentContext`).
 */

export const EXCLUSIONS = ['inactive', 'deceased', 'scheduled', 'never_visited', 'lost'] as const;
export type Exclusion = (typeof EXCLUSIONS)[number];

export type Outcome = Segment | 'active' | 'excluded';

export interface Segmentation {
  outcome: Outcome;
  /** Why, when the outcome is `excluded`. */
  exclusion?: Exclusion;
  /** Latest completed appointment dated on or before asOf. */
  lastVisit?: string;
  /** The recall due date the rules used (recall rows, or the fallback), when there is one. */
  recallDue?: string;
  /** Start (local date-time) of the next scheduled appointment on or after asOf. */
  nextAppointment?: string;
  /** The PMS id of that appointment. */
  nextAppointmentId?: string;
  /** Sum of the planned procedures' fees inside the unscheduled-treatment window (internal). */
  plannedFees?: number;
}

/**
 * Cut-off dates for one `asOf`, computed once per run. The `…End` values are a date followed by
 * `U`, which sorts after every `YYYY-MM-DDT…` of that day and before the next day, so that a local
 * date-time can be compared with a date without cutting the date out of it.
 */
export interface SegmentContext {
  asOf: string;
  /** A broken appointment counts when dated after this and on or before asOf. */
  noShowAfter: string;
  /** A planned procedure counts when planned after this and on or before asOf. */
  plannedAfter: string;
  /** lastVisit on or before this: dormant. */
  dormantOnOrBefore: string;
  /** lastVisit on or before this: lost. */
  lostOnOrBefore: string;
  recallIntervalMonths: number;
  asOfEnd: string;
  noShowAfterEnd: string;
}

export function segmentContext(asOf: string, windows: SegmentWindows): SegmentContext {
  const noShowAfter = addMonths(asOf, -windows.noShowMonths);
  return {
    asOf,
    noShowAfter,
    plannedAfter: addMonths(asOf, -windows.unscheduledTreatmentMonths),
    dormantOnOrBefore: addMonths(asOf, -windows.dormantMonths),
    lostOnOrBefore: addMonths(asOf, -windows.lostMonths),
    recallIntervalMonths: windows.recallIntervalMonths,
    asOfEnd: `${asOf}U`,
    noShowAfterEnd: `${noShowAfter}U`,
  };
}

/** Segments one patient as of `ctx.asOf`. */
export function segmentPatient(records: PatientRecords, ctx: SegmentContext): Segmentation {
  const { patient, appointments } = records;
  const asOf = ctx.asOf;
  const asOfEnd = ctx.asOfEnd;

  // One pass over the appointments collects everything the rules ask of them.
  let lastVisitStart: string | undefined; // latest completed start dated <= asOf
  let lastHygieneStart: string | undefined; // latest completed hygiene start dated <= asOf
  let latestCompletedStart: string | undefined; // latest completed start, any date
  let latestBrokenInWindow: string | undefined;
  let nextAppointment: string | undefined;
  let nextAppointmentId: string | undefined;
  for (let i = 0; i < appointments.length; i++) {
    const a = appointments[i]!;
    const start = a.start;
    switch (a.status) {
      case 'completed':
        if (latestCompletedStart === undefined || start > latestCompletedStart)
          latestCompletedStart = start;
        if (start < asOfEnd) {
          if (lastVisitStart === undefined || start > lastVisitStart) lastVisitStart = start;
          if (a.isHygiene && (lastHygieneStart === undefined || start > lastHygieneStart))
            lastHygieneStart = start;
        }
        break;
      case 'scheduled':
        if (start > asOf && (nextAppointment === undefined || start < nextAppointment)) {
          nextAppointment = start;
          // The PMS id goes with it: a confirmation is written back to this appointment.
          nextAppointmentId = a.id;
        }
        break;
      case 'broken':
        if (
          start > ctx.noShowAfterEnd &&
          start < asOfEnd &&
          (latestBrokenInWindow === undefined || start > latestBrokenInWindow)
        ) {
          latestBrokenInWindow = start;
        }
        break;
      default:
        break;
    }
  }
  const lastVisit = lastVisitStart === undefined ? undefined : dateOf(lastVisitStart);
  const recallDue = recallDueDate(records, lastVisit, lastHygieneStart, ctx.recallIntervalMonths);
  // 1. Status.
  if (patient.status === 'deceased')
    return make(
      'excluded',
      'deceased',
      lastVisit,
      recallDue,
      nextAppointment,
      nextAppointmentId,
      undefined,
    );
  if (patient.status !== 'active')
    return make(
      'excluded',
      'inactive',
      lastVisit,
      recallDue,
      nextAppointment,
      nextAppointmentId,
      undefined,
    );
  // 2. Already on the schedule.
  if (nextAppointment !== undefined)
    return make(
      'excluded',
      'scheduled',
      lastVisit,
      recallDue,
      nextAppointment,
      nextAppointmentId,
      undefined,
    );
  // 3. A recent broken appointment with no completed visit after it. The latest broken one in
  // the window is the one that decides: a completed visit after it is after every earlier one too.
  if (
    latestBrokenInWindow !== undefined &&
    (latestCompletedStart === undefined || latestCompletedStart <= latestBrokenInWindow)
  ) {
    return make(
      'no_show',
      undefined,
      lastVisit,
      recallDue,
      nextAppointment,
      nextAppointmentId,
      undefined,
    );
  }
  // 4. Treatment planned in the window and not done.
  const plannedFees = plannedFeesInWindow(records, ctx);
  if (plannedFees !== undefined)
    return make(
      'unscheduled_treatment',
      undefined,
      lastVisit,
      recallDue,
      nextAppointment,
      nextAppointmentId,
      plannedFees,
    );
  // 5–7. By the last visit.
  if (lastVisit === undefined)
    return make(
      'excluded',
      'never_visited',
      lastVisit,
      recallDue,
      nextAppointment,
      nextAppointmentId,
      undefined,
    );
  if (lastVisit <= ctx.lostOnOrBefore)
    return make(
      'excluded',
      'lost',
      lastVisit,
      recallDue,
      nextAppointment,
      nextAppointmentId,
      undefined,
    );
  if (lastVisit <= ctx.dormantOnOrBefore)
    return make(
      'dormant',
      undefined,
      lastVisit,
      recallDue,
      nextAppointment,
      nextAppointmentId,
      undefined,
    );
  // 8. Recall overdue (due on asOf is not yet overdue).
  if (recallDue !== undefined && recallDue < asOf)
    return make(
      'overdue_recall',
      undefined,
      lastVisit,
      recallDue,
      nextAppointment,
      nextAppointmentId,
      undefined,
    );
  // 9. A current patient.
  return make(
    'active',
    undefined,
    lastVisit,
    recallDue,
    nextAppointment,
    nextAppointmentId,
    undefined,
  );
}

/** Every result has the same shape (one hidden class), which keeps the engine fast. */
function make(
  outcome: Outcome,
  exclusion: Exclusion | undefined,
  lastVisit: string | undefined,
  recallDue: string | undefined,
  nextAppointment: string | undefined,
  nextAppointmentId: string | undefined,
  plannedFees: number | undefined,
): Segmentation {
  return {
    outcome,
    exclusion,
    lastVisit,
    recallDue,
    nextAppointment,
    nextAppointmentId,
    plannedFees,
  };
}

/** The sum of the fees of planned procedures inside the window, or undefined when there are none. */
function plannedFeesInWindow(records: PatientRecords, ctx: SegmentContext): number | undefined {
  const procedures = records.procedures;
  let fees: number | undefined;
  for (let i = 0; i < procedures.length; i++) {
    const p = procedures[i]!;
    if (
      p.status === 'planned' &&
      p.plannedDate !== undefined &&
      p.plannedDate > ctx.plannedAfter &&
      p.plannedDate <= ctx.asOf
    ) {
      fees = (fees ?? 0) + (p.fee ?? 0);
    }
  }
  return fees;
}

/**
 * The recall due date: the earliest due date among enabled recalls that have one; none when every
 * recall is disabled (or none has a date); with no recall rows at all, the last completed hygiene
 * visit plus the recall interval, or else the last visit plus the interval.
 */
function recallDueDate(
  records: PatientRecords,
  lastVisit: string | undefined,
  lastHygieneStart: string | undefined,
  intervalMonths: number,
): string | undefined {
  const recalls = records.recalls;
  if (recalls.length > 0) {
    let earliest: string | undefined;
    for (let i = 0; i < recalls.length; i++) {
      const r = recalls[i]!;
      if (
        !r.disabled &&
        r.dueDate !== undefined &&
        (earliest === undefined || r.dueDate < earliest)
      )
        earliest = r.dueDate;
    }
    return earliest;
  }
  if (lastHygieneStart !== undefined) return addMonths(dateOf(lastHygieneStart), intervalMonths);
  if (lastVisit !== undefined) return addMonths(lastVisit, intervalMonths);
  return undefined;
}
