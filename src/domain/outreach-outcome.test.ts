import { describe, expect, it } from 'vitest';
import { OUTREACH_OUTCOMES, OutreachOutcome } from './outreach-outcome.ts';

describe('outreach outcomes', () => {
  it('are the action outcomes the workflow reports', () => {
    expect(OUTREACH_OUTCOMES).toEqual([
      'sent',
      'deferred',
      'skipped_opted_out',
      'skipped_no_consent',
      'skipped_unreachable',
      'skipped_cap',
      'failed',
    ]);
  });

  it.each(['delivered', 'skipped', ''])('rejects %j', (value) => {
    expect(OutreachOutcome.safeParse(value).success).toBe(false);
  });
});
