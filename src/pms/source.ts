import type { PatientRecords } from '../domain/records.ts';

/**
 * The one small interface every PMS connector implements. A connector streams each patient with
 * all their records (appointments, recalls, procedures), validated against the canonical schemas
 * of src/domain/records.ts, so nothing downstream knows where the data came from.
 */

export const PMS_SOURCES = ['opendental', 'csv', 'fhir'] as const;
export type PmsSourceName = (typeof PMS_SOURCES)[number];

/**
 * A record that could not be read. It is reported, counted and skipped, never silently dropped.
 * `where` names the place precisely: `patients.csv:17`, `Appointment/abc`, `appointment AptNum=42`.
 */
export interface ReadProblem {
  where: string;
  /** What was wrong, without the record's content (it may hold patient data). */
  reason: string;
}

export interface ReadOptions {
  /** Called for every record skipped. */
  onProblem?: (problem: ReadProblem) => void;
  signal?: AbortSignal;
  /**
   * `planned`: the reader needs only planned procedures (segmentation looks at nothing else: the
   * unscheduled-treatment rule and its fees), so a connector that can filter at the source may
   * leave the others out. A practice's completed procedures outnumber its planned ones 25 to 1.
   */
  procedures?: 'all' | 'planned';
}

export interface PmsSource {
  readonly name: PmsSourceName;
  /** How many patients the source holds, when it can tell cheaply (for a progress bar). */
  countPatients(): Promise<number | undefined>;
  /** Every patient with their records, one at a time. */
  readPatients(options?: ReadOptions): AsyncIterable<PatientRecords>;
  /** Releases connections and files. */
  close(): Promise<void>;
}
