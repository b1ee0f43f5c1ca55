/**
 * Segmentation throughput: 1,000,000 canonical patients held in memory, segmented on one core.
 * Target: at least 1,000,000 patients per second. Also reports the whole audit tally (segments +
 * reachability with phone validation), which is what `reactivate audit` does per patient.
 *
 *   npx tsx bench/segment.ts [--patients 1000000] [--rounds 5]
 */
import { parseArgs } from 'node:util';
import { AuditTally } from '../src/domain/audit.ts';
import { segmentContext, segmentPatient } from '../src/domain/segment.ts';
import { generateRecords } from '../src/sandbox/practice/generate.ts';
import { samplePracticeFile } from '../src/sandbox/practice/sample-practice-file.ts';
import type { PatientRecords } from '../src/domain/records.ts';

const { values } = parseArgs({
  options: {
    patients: { type: 'string', default: '1000000' },
    rounds: { type: 'string', default: '5' },
  },
});
const n = Number(values.patients);
const rounds = Number(values.rounds);
const AS_OF = '2026-11-28';
const practice = samplePracticeFile();

const t0 = performance.now();
const records: PatientRecords[] = Array.from(
  generateRecords({ patients: n, seed: 1, asOf: AS_OF }),
);
const generatedIn = (performance.now() - t0) / 1000;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const segmentTimes: number[] = [];
let checksum = 0;
for (let round = 0; round < rounds; round++) {
  const ctx = segmentContext(AS_OF, practice.windows);
  const start = performance.now();
  for (let i = 0; i < records.length; i++) {
    const s = segmentPatient(records[i]!, ctx);
    checksum += s.outcome.length;
  }
  segmentTimes.push((performance.now() - start) / 1000);
}

const tallyTimes: number[] = [];
for (let round = 0; round < Math.min(rounds, 3); round++) {
  const start = performance.now();
  const tally = new AuditTally(AS_OF, practice);
  for (let i = 0; i < records.length; i++) tally.add(records[i]!);
  checksum += tally.finish().patients;
  tallyTimes.push((performance.now() - start) / 1000);
}

const segSeconds = median(segmentTimes);
const tallySeconds = median(tallyTimes);
const rate = (s: number): string => Math.round(n / s).toLocaleString('en-US');
console.log(`| measure | patients | median seconds | patients / second |`);
console.log(`|---|---:|---:|---:|`);
console.log(
  `| segmentation engine (one core) | ${n.toLocaleString('en-US')} | ${segSeconds.toFixed(3)} | ${rate(segSeconds)} |`,
);
console.log(
  `| audit tally (segments + reachability) | ${n.toLocaleString('en-US')} | ${tallySeconds.toFixed(3)} | ${rate(tallySeconds)} |`,
);
console.log(
  `\n(generated in ${generatedIn.toFixed(1)} s; ${rounds} rounds; target ≥ 1,000,000 patients/s for the engine: ${n / segSeconds >= 1_000_000 ? 'met' : 'NOT met'}; checksum ${checksum})`,
);
