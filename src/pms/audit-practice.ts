import { AuditTally, type AuditReport, type SegmentEstimates } from '../domain/audit.ts';
import type { PracticeFile } from '../domain/practice.ts';
import type { PmsSource, ReadProblem } from './source.ts';

export interface AuditRun {
  report: AuditReport;
  bySegment: SegmentEstimates;
  problems: ReadProblem[];
}

export interface AuditOptions {
  asOf: string;
  practice: PracticeFile;
  /** Called every 1,000 patients with the number read so far. */
  onProgress?: (patientsRead: number) => void;
  signal?: AbortSignal;
}

/** Streams a practice out of its PMS through the segmentation engine into the audit's counts. */
export async function auditPractice(source: PmsSource, options: AuditOptions): Promise<AuditRun> {
  const tally = new AuditTally(options.asOf, options.practice);
  const problems: ReadProblem[] = [];
  let read = 0;
  const readOptions = {
    onProblem: (p: ReadProblem) => problems.push(p),
    procedures: 'planned' as const,
    ...(options.signal ? { signal: options.signal } : {}),
  };
  for await (const records of source.readPatients(readOptions)) {
    tally.add(records);
    read++;
    if (options.onProgress && read % 1000 === 0) options.onProgress(read);
  }
  options.onProgress?.(read);
  const { report, bySegment } = tally.finishDetailed(problems.length);
  return { report, bySegment, problems };
}
