import type { PracticeFile } from '../src/domain/practice.ts';
import type { PatientRecords } from '../src/domain/records.ts';
import { segmentContext, segmentPatient } from '../src/domain/segment.ts';
import { generateRecords } from '../src/sandbox/practice/generate.ts';
import { samplePracticeFile } from '../src/sandbox/practice/sample-practice-file.ts';

const SEED = 42;

/**
 * A generated practice with exactly `contacts` patients in a segment (the sync writes those), and
 * optionally `changePercent` of them changed as a PMS would between two syncs (renamed: a change
 * that touches that patient's contact only). Streamed: a first pass finds where to stop, the
 * records are then generated again as the sync reads them, so the sync's memory is its own.
 */
export function benchPractice(
  contacts: number,
  asOf: string,
  changePercent = 0,
): { practice: PracticeFile; records(): Generator<PatientRecords>; patients: number } {
  const practice = samplePracticeFile();
  // Segmentation alone (not an AuditTally, which keeps every patient's contact fields): this
  // first pass must not leave anything behind in the sync process's peak memory.
  const ctx = segmentContext(asOf, practice.windows);
  const every = changePercent > 0 ? Math.round(100 / changePercent) : 0;
  const changed = new Set<string>();
  let patients = 0;
  let segmented = 0;
  for (const r of generateRecords({ patients: Math.ceil(contacts * 3), seed: SEED, asOf })) {
    const outcome = segmentPatient(r, ctx).outcome;
    const inSegment = outcome !== 'active' && outcome !== 'excluded';
    if (inSegment && segmented === contacts) break;
    if (inSegment) {
      if (every && segmented % every === 0) changed.add(r.patient.id);
      segmented++;
    }
    patients++;
  }
  return {
    practice,
    patients,
    *records() {
      for (const r of generateRecords({ patients, seed: SEED, asOf })) {
        if (changed.has(r.patient.id)) r.patient.lastName = `${r.patient.lastName}-Changed`;
        yield r;
      }
    },
  };
}
