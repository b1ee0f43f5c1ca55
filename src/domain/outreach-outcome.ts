import { z } from 'zod';

/**
 * What became of one outreach action (the workflow action's `outcome` output, the timeline, the
 * dashboard): sent; deferred by quiet hours or a cap; skipped, and why; or failed at the provider.
 */
export const OUTREACH_OUTCOMES = [
  'sent',
  'deferred',
  'skipped_opted_out',
  'skipped_no_consent',
  'skipped_unreachable',
  'skipped_cap',
  'failed',
] as const;
export const OutreachOutcome = z.enum(OUTREACH_OUTCOMES);
export type OutreachOutcome = z.infer<typeof OutreachOutcome>;

/** The outcomes that mean "not sent, on purpose". */
export type SkipOutcome = Extract<
  OutreachOutcome,
  'skipped_opted_out' | 'skipped_no_consent' | 'skipped_unreachable' | 'skipped_cap'
>;
