import { z } from 'zod';
import type { Exclusion, Segmentation } from './segment.ts';

/** The reactivation statuses of domain.md, and what the sync may do to them. */
export const REACTIVATION_STATUSES = [
  'eligible',
  'in_sequence',
  'contacted',
  'replied',
  'booked',
  'confirmed',
  'recovered',
  'opted_out',
  'do_not_contact',
  'paused',
  'not_eligible',
] as const;
export const ReactivationStatus = z.enum(REACTIVATION_STATUSES);
export type ReactivationStatus = z.infer<typeof ReactivationStatus>;

/** Statuses only a person (or the patient opting back in) lifts: the sync never overwrites them. */
const PERSON_ONLY: ReadonlySet<ReactivationStatus> = new Set([
  'opted_out',
  'do_not_contact',
  'paused',
]);
/** Outreach progress the sync keeps while the patient is still in a segment. */
const OUTREACH_PROGRESS: ReadonlySet<ReactivationStatus> = new Set([
  'in_sequence',
  'contacted',
  'replied',
]);

export type PmsStatus = Extract<
  ReactivationStatus,
  'eligible' | 'booked' | 'recovered' | 'not_eligible'
>;

/** What the sync remembers of the last time it saw a patient in a segment. */
export interface LastSeenInSegment {
  /** The patient's last visit back then (none if they had never visited). */
  lastVisit?: string;
}

/**
 * The status the PMS alone implies (domain.md, "What the sync sets"). A patient who is current
 * again and has a completed visit later than the last visit they had when last seen in a segment
 * came back (`recovered`). A patient who is current again without such a visit (the practice moved
 * a recall date, say) is `not_eligible`: nothing to do, nothing won.
 */
export function statusFromPms(
  s: Segmentation,
  lastSeenInSegment: LastSeenInSegment | undefined,
): PmsStatus {
  if (s.outcome === 'excluded') return exclusionStatus(s.exclusion!);
  if (s.outcome === 'active') {
    const before = lastSeenInSegment?.lastVisit;
    const cameBack =
      lastSeenInSegment !== undefined &&
      s.lastVisit !== undefined &&
      (before === undefined || s.lastVisit > before);
    return cameBack ? 'recovered' : 'not_eligible';
  }
  return 'eligible';
}

function exclusionStatus(exclusion: Exclusion): PmsStatus {
  return exclusion === 'scheduled' ? 'booked' : 'not_eligible';
}

/**
 * What the sync writes given what HubSpot holds now: undefined means "leave it as it is".
 * Person-only statuses are never overwritten; outreach progress is kept while the patient is still
 * eligible; a confirmed appointment stays confirmed while it is still booked.
 */
export function mergeStatus(
  fromPms: PmsStatus,
  current: ReactivationStatus | undefined,
): ReactivationStatus | undefined {
  if (current === undefined) return fromPms;
  if (PERSON_ONLY.has(current)) return undefined;
  if (fromPms === 'eligible' && OUTREACH_PROGRESS.has(current)) return undefined;
  if (fromPms === 'booked' && current === 'confirmed') return undefined;
  return current === fromPms ? undefined : fromPms;
}
