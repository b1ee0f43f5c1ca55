import { z } from 'zod';
import { ContactBook } from './contact-book.ts';
import {
  segmentContext,
  segmentPatient,
  EXCLUSIONS,
  type Segmentation,
  type SegmentContext,
} from './segment.ts';
import { SEGMENTS, type PracticeFile, type Segment } from './practice.ts';
import type { Patient, PatientRecords } from './records.ts';

/** The audit's JSON, exactly as domain.md gives it, plus `skipped` (records that could not be read). */
const Count = z.number().int().nonnegative();
export const AuditReport = z.object({
  asOf: z.string(),
  patients: Count,
  segments: z.object({
    no_show: Count,
    unscheduled_treatment: Count,
    overdue_recall: Count,
    dormant: Count,
  }),
  active: Count,
  excluded: z.object({
    inactive: Count,
    deceased: Count,
    scheduled: Count,
    never_visited: Count,
    lost: Count,
  }),
  reachable: z.object({ sms: Count, email: Count, call: Count, any: Count }),
  estimate: z.object({
    appointments: z.number().nonnegative(),
    revenue: z.number().nonnegative(),
    assumptions: z.record(z.string(), z.unknown()),
  }),
  skipped: Count,
});
export type AuditReport = z.infer<typeof AuditReport>;

interface Pending {
  patient: Patient;
  segment: Segment;
  plannedFees: number;
}

/**
 * Counts a practice streamed one patient at a time. Patients in a segment are kept (a few fields)
 * until the end, because a minor is reached through a guarantor who may come later in the stream.
 */
export class AuditTally {
  private readonly ctx: SegmentContext;
  private readonly practice: PracticeFile;
  private readonly book: ContactBook;
  private readonly inSegment: Pending[] = [];
  private readonly segments: Record<Segment, number> = {
    no_show: 0,
    unscheduled_treatment: 0,
    overdue_recall: 0,
    dormant: 0,
  };
  private readonly excluded = Object.fromEntries(EXCLUSIONS.map((e) => [e, 0])) as Record<
    (typeof EXCLUSIONS)[number],
    number
  >;
  private active = 0;
  private patients = 0;

  constructor(asOf: string, practice: PracticeFile) {
    this.practice = practice;
    this.ctx = segmentContext(asOf, practice.windows);
    this.book = new ContactBook({
      defaultRegion: practice.defaultRegion,
      treatUnknownSmsConsentAsNo: practice.reachability.treatUnknownSmsConsentAsNo,
    });
  }

  /** Segments and counts one patient; returns the segmentation for callers that want it. */
  add(records: PatientRecords): Segmentation {
    const s = segmentPatient(records, this.ctx);
    this.patients++;
    this.book.remember(records.patient);
    if (s.outcome === 'active') this.active++;
    else if (s.outcome === 'excluded') this.excluded[s.exclusion!]++;
    else {
      this.segments[s.outcome]++;
      this.inSegment.push({
        patient: records.patient,
        segment: s.outcome,
        plannedFees: s.plannedFees ?? 0,
      });
    }
    return s;
  }

  finish(skipped = 0): AuditReport {
    return this.finishDetailed(skipped).report;
  }

  /** The report, plus the estimate split by segment (for the HTML report's chart). */
  finishDetailed(skipped = 0): { report: AuditReport; bySegment: SegmentEstimates } {
    const reachable = { sms: 0, email: 0, call: 0, any: 0 };
    const reachableBySegment: Record<Segment, number> = {
      no_show: 0,
      unscheduled_treatment: 0,
      overdue_recall: 0,
      dormant: 0,
    };
    let plannedFeesReachable = 0;
    let plannedWithoutFee = 0;
    for (const { patient, segment, plannedFees } of this.inSegment) {
      const person = this.book.contactPersonOf(patient, this.ctx.asOf);
      const r = this.book.reachability(person);
      if (!r) continue;
      if (r.sms) reachable.sms++;
      if (r.email) reachable.email++;
      if (r.call) reachable.call++;
      if (r.sms || r.email || r.call) {
        reachable.any++;
        reachableBySegment[segment]++;
        if (segment === 'unscheduled_treatment') {
          if (plannedFees > 0) plannedFeesReachable += plannedFees;
          else plannedWithoutFee++;
        }
      }
    }
    const { estimate, bySegment } = estimateValue(reachableBySegment, this.practice, {
      plannedFeesReachable,
      plannedWithoutFee,
    });
    const report: AuditReport = {
      asOf: this.ctx.asOf,
      patients: this.patients,
      segments: { ...this.segments },
      active: this.active,
      excluded: { ...this.excluded },
      reachable,
      estimate,
      skipped,
    };
    return { report, bySegment };
  }
}

/**
 * Appointments and revenue expected from the reachable patients of each segment: reachable ×
 * booking rate, times the visit value (or, for unscheduled treatment, the patients' own planned
 * fees where the PMS has them). Every number used is returned in `assumptions`.
 */
export type SegmentEstimates = Record<
  Segment,
  { reachable: number; appointments: number; revenue: number }
>;

function estimateValue(
  reachable: Record<Segment, number>,
  practice: PracticeFile,
  planned: { plannedFeesReachable: number; plannedWithoutFee: number },
): { estimate: AuditReport['estimate']; bySegment: SegmentEstimates } {
  const a = practice.estimate;
  let appointments = 0;
  let revenue = 0;
  const perSegment: Record<string, unknown> = {};
  const bySegment = {} as SegmentEstimates;
  for (const segment of SEGMENTS) {
    const { bookingRate, visitValue } = a[segment];
    const booked = reachable[segment] * bookingRate;
    appointments += booked;
    let value = booked * visitValue;
    if (segment === 'unscheduled_treatment' && a.usePlannedFees) {
      value = bookingRate * (planned.plannedFeesReachable + planned.plannedWithoutFee * visitValue);
    }
    revenue += value;
    perSegment[segment] = { bookingRate, visitValue };
    bySegment[segment] = { reachable: reachable[segment], appointments: booked, revenue: value };
  }
  const estimate = {
    appointments: Math.round(appointments),
    revenue: Math.round(revenue),
    assumptions: {
      currency: practice.currency,
      basis: 'reachable patients in each segment × booking rate × visit value',
      unscheduledTreatmentValue: a.usePlannedFees
        ? 'each patient’s planned fees inside the window, or visitValue where the PMS has no fee'
        : 'visitValue',
      ...perSegment,
    },
  };
  return { estimate, bySegment };
}
