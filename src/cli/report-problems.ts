import type { Writable } from 'node:stream';
import type { ReadProblem } from '../pms/source.ts';

const SHOWN = 20;

/** Lists skipped records on stderr: the first few with their place, then how many more. */
export function reportProblems(problems: ReadProblem[], stderr: Writable): void {
  if (problems.length === 0) return;
  for (const p of problems.slice(0, SHOWN)) stderr.write(`skipped ${p.where}: ${p.reason}\n`);
  if (problems.length > SHOWN)
    stderr.write(`… and ${problems.length - SHOWN} more skipped records\n`);
  stderr.write(`${problems.length} record(s) skipped in all\n`);
}
