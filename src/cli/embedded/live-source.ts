import type { PmsSource } from '../../pms/source.ts';
import type { LivePractice } from '../../sandbox/practice/live-practice.ts';

/**
 * The live sample practice as a PMS connector: each sync reads it as it is now. It calls itself
 * `csv` because the sample practice is what `reactivate sample` writes as CSV: the patient keys
 * are the same either way.
 */
export function livePracticeSource(practice: LivePractice): PmsSource {
  return {
    name: 'csv',
    countPatients: async () => practice.snapshot().length,
    async *readPatients() {
      yield* practice.snapshot();
    },
    close: async () => {},
  };
}
