#!/usr/bin/env node
// `npm run bench -- <name> [options]`: runs one benchmark of bench/ (or all of them, one after
// the other, never two at once: they measure the machine) and keeps its report, the Markdown it
// prints, in bench/results/<name>.md. Options after the name go to the benchmark.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Each benchmark, what it measures; the file is bench/<name>.ts. */
const BENCHES = {
  segment: 'segmentation throughput, 1,000,000 patients on one core',
  'audit-opendental': 'the audit against an Open Dental database (needs MariaDB)',
  'sync-hubspot': 'the PMS → HubSpot sync against the HubSpot sandbox, with and without its limits',
  'action-door': 'the workflow-action door under load beside a bare express route',
  'send-throughput': 'a 10,000-message backlog through the send pipeline at 75 messages/s',
};

const root = fileURLToPath(new URL('../', import.meta.url));
const [name, ...args] = process.argv.slice(2);
if (!name || name === '--help' || (name !== 'all' && !(name in BENCHES))) {
  process.stderr.write(
    `usage: npm run bench -- <name|all> [options]\n\n${Object.entries(BENCHES)
      .map(([n, what]) => `  ${n.padEnd(18)} ${what}`)
      .join('\n')}\n`,
  );
  process.exit(name && name !== '--help' ? 2 : 0);
}

function run(bench, benchArgs) {
  mkdirSync(`${root}bench/results`, { recursive: true });
  const report = createWriteStream(`${root}bench/results/${bench}.md`);
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', `${root}bench/${bench}.ts`, ...benchArgs],
      { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      report.write(chunk);
    });
    child.on('exit', (code) => report.end(() => resolve(code ?? 1)));
  });
}

let failed = 0;
for (const bench of name === 'all' ? Object.keys(BENCHES) : [name]) {
  process.stderr.write(`\n== ${bench}: ${BENCHES[bench]}\n`);
  if ((await run(bench, name === 'all' ? [] : args)) !== 0) failed++;
}
process.exitCode = failed === 0 ? 0 : 1;
