/**
 * The Open Dental audit against the `mariadb` client, in the same run on the same database:
 *
 *   (a) `mariadb -N -B` running the connector's own SELECTs (same columns, same ORDER BY) into
 *       /dev/null: the floor for getting those rows out of the server;
 *   (b) the whole audit as `reactivate audit` runs it (auditPractice: connector → AuditTally,
 *       numbers checked on a worker → report) in a child process, which reports its own time and
 *       peak RSS.
 *
 * Targets: (b) within 1.5× of (a), peak RSS ≤ 300 MB, for a 100,000-patient practice.
 *
 *   npx tsx bench/audit-opendental.ts [--patients 100000] [--rounds 3] [--seed 1]
 *
 * The practice is the sample generator's (src/sandbox/practice/generate.ts), written as SQL by
 * writeOpenDentalSql and loaded into a throwaway database that is dropped at the end.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, openSync, closeSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { AuditTally, type AuditReport } from '../src/domain/audit.ts';
import type { PatientRecords } from '../src/domain/records.ts';
import { AUDIT_STATEMENTS, openOpenDental } from '../src/pms/opendental/index.ts';
import { auditPractice } from '../src/pms/audit-practice.ts';
import { generateRecords } from '../src/sandbox/practice/generate.ts';
import { samplePracticeFile } from '../src/sandbox/practice/sample-practice-file.ts';
import { writeOpenDentalSql } from '../src/sandbox/practice/write-opendental-sql.ts';
import { createThrowawayDatabase, MARIADB_HOST, MARIADB_PORT } from '../test/helpers/mariadb.ts';

const AS_OF = '2026-11-28';
const { values } = parseArgs({
  options: {
    patients: { type: 'string', default: '100000' },
    rounds: { type: 'string', default: '3' },
    seed: { type: 'string', default: '1' },
    child: { type: 'string' },
  },
});

interface ChildResult {
  seconds: number;
  maxRssMB: number;
  problems: number;
  report: AuditReport;
}

/** Child mode: one audit of the database at `url`, measured from the inside, as the CLI runs it. */
async function runChild(url: string): Promise<void> {
  const practice = samplePracticeFile();
  const start = performance.now();
  const source = openOpenDental({ url });
  const { report, problems } = await auditPractice(source, { asOf: AS_OF, practice });
  await source.close();
  const seconds = (performance.now() - start) / 1000;
  const result: ChildResult = {
    seconds,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    problems: problems.length,
    report,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function run(
  command: string,
  args: string[],
  stdout: 'devnull' | 'capture',
): Promise<{ seconds: number; output: string }> {
  return new Promise((resolve, reject) => {
    const devNull = stdout === 'devnull' ? openSync('/dev/null', 'w') : undefined;
    const start = performance.now();
    const child = spawn(command, args, { stdio: ['ignore', devNull ?? 'pipe', 'inherit'] });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (devNull !== undefined) closeSync(devNull);
      const seconds = (performance.now() - start) / 1000;
      if (code === 0) resolve({ seconds, output });
      else reject(new Error(`${command} exited with ${code}`));
    });
  });
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const patients = Number(values.patients);
  const rounds = Number(values.rounds);
  const practice = samplePracticeFile();
  const dir = mkdtempSync(join(tmpdir(), 'audit-opendental-'));
  const file = join(dir, 'practice.sql');

  // Generate, write the SQL and tally the same records in memory (the expected report).
  let t = performance.now();
  const expected = new AuditTally(AS_OF, practice);
  const rows = { appointments: 0, recalls: 0, procedures: 0 };
  function* tallied(): Generator<PatientRecords> {
    for (const r of generateRecords({ patients, seed: Number(values.seed), asOf: AS_OF })) {
      expected.add(r);
      rows.appointments += r.appointments.length;
      rows.recalls += r.recalls.length;
      rows.procedures += r.procedures.length;
      yield r;
    }
  }
  const out = createWriteStream(file);
  await writeOpenDentalSql(tallied(), out);
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
  const writeSeconds = (performance.now() - t) / 1000;
  const expectedReport = expected.finish(0);

  const db = await createThrowawayDatabase();
  try {
    t = performance.now();
    await db.load(file);
    const loadSeconds = (performance.now() - t) / 1000;

    const cliArgs = [
      '-uroot',
      `-h${MARIADB_HOST}`,
      `-P${MARIADB_PORT}`,
      '-N',
      '-B',
      db.name,
      '-e',
      `${AUDIT_STATEMENTS.join(';\n')};`,
    ];
    const self = fileURLToPath(import.meta.url);
    const cli: number[] = [];
    const audit: ChildResult[] = [];
    for (let round = 0; round < rounds; round++) {
      // Alternate the order so neither side always runs on a warmer cache.
      const order = round % 2 === 0 ? ['cli', 'audit'] : ['audit', 'cli'];
      for (const which of order) {
        if (which === 'cli') cli.push((await run('mariadb', cliArgs, 'devnull')).seconds);
        else {
          const { output } = await run(
            process.execPath,
            ['--import', 'tsx', self, '--child', db.url],
            'capture',
          );
          audit.push(JSON.parse(output.trim().split('\n').at(-1)!) as ChildResult);
        }
      }
    }

    const load = loadavg()[0]!.toFixed(1);
    const cliSeconds = median(cli);
    const auditSeconds = median(audit.map((a) => a.seconds));
    const peak = Math.max(...audit.map((a) => a.maxRssMB));
    const ratio = auditSeconds / cliSeconds;
    const sameReport = audit.every((a) => isDeepStrictEqual(a.report, expectedReport));
    const n = patients.toLocaleString('en-US');
    console.log(`| measure (${n} patients, median of ${rounds}) | seconds | target |`);
    console.log('|---|---:|---|');
    console.log(
      `| \`mariadb -N -B\` client, same SELECTs → /dev/null | ${cliSeconds.toFixed(2)} | |`,
    );
    console.log(`| audit: connector → AuditTally → report | ${auditSeconds.toFixed(2)} | |`);
    console.log(
      `| ratio audit / client | ${ratio.toFixed(2)}× | ≤ 1.5× ${ratio <= 1.5 ? 'met' : 'NOT met'} |`,
    );
    console.log(
      `| audit peak RSS | ${peak.toFixed(0)} MB | ≤ 300 MB ${peak <= 300 ? 'met' : 'NOT met'} |`,
    );
    console.log(
      `\nrows: ${n} patients, ${rows.appointments.toLocaleString('en-US')} appointments, ` +
        `${rows.recalls.toLocaleString('en-US')} recalls, ${rows.procedures.toLocaleString('en-US')} procedures; ` +
        `SQL ${(statSync(file).size / 1e6).toFixed(0)} MB written in ${writeSeconds.toFixed(1)} s (with generation), ` +
        `loaded in ${loadSeconds.toFixed(1)} s.`,
    );
    console.log(
      `client runs: ${cli.map((s) => s.toFixed(2)).join(', ')} s; audit runs: ${audit.map((a) => a.seconds.toFixed(2)).join(', ')} s.`,
    );
    console.log(
      `report identical to the in-memory audit of the same records: ${sameReport ? 'yes' : 'NO'}; rows skipped: ${audit[0]?.problems ?? 0}.`,
    );
    // The machine may be shared: the ratio is measured in one run for that reason, and the load
    // says how quiet the run was.
    console.log(`load average (1 min) at the end: ${load} on ${availableParallelism()} cores.`);
    if (!sameReport) process.exitCode = 1;
  } finally {
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (values.child !== undefined) await runChild(values.child);
else await main();
