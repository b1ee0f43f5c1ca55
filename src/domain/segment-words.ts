import type { Segment } from './practice.ts';

/**
 * Each segment in the words a practice uses: a short label and why the patient is in it. No
 * clinical detail: "a plan discussed with us", never what the plan is.
 */
export const SEGMENT_WORDS: Record<Segment, { label: string; reason: string }> = {
  no_show: {
    label: 'Missed, not rebooked',
    reason: 'Missed an appointment in the last year and has not rebooked.',
  },
  unscheduled_treatment: {
    label: 'Treatment not scheduled',
    reason: 'Has a plan discussed with us in the last two years that is not scheduled yet.',
  },
  overdue_recall: {
    label: 'Overdue for a check-up',
    reason: 'Past their recall date with nothing booked.',
  },
  dormant: {
    label: 'Not seen in 18+ months',
    reason: 'Has not been in for a year and a half or more.',
  },
};
