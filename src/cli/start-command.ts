import { mkdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { AuditTally } from '../domain/audit.ts';
import { generateRecords } from '../sandbox/practice/generate.ts';
import { samplePracticeFile } from '../sandbox/practice/sample-practice-file.ts';
import { renderAuditHtml } from './audit-html.ts';
import { renderAuditTable } from './audit-table.ts';
import type { CliContext } from './context.ts';
import { todayIn } from './today.ts';

/**
 * `npm start` with nothing configured: until the service lands, it audits the bundled sample
 * practice (2,000 patients, seed 1, as of today) and writes the HTML report.
 */
export function registerStart(program: Command, ctx: CliContext): void {
  program
    .command('start')
    .description(
      'the embedded default: audit the bundled sample practice and write its HTML report',
    )
    .option('--out <file>', 'where to write the report', 'out/reactivation-audit.html')
    .action(async (flags: { out: string }) => {
      const practice = samplePracticeFile();
      const asOf = todayIn(practice.timeZone, ctx.clock);
      ctx.stdout.write(
        `Sandbox mode: the bundled sample practice "${practice.name}" (2,000 generated patients), as of ${asOf}.\n\n`,
      );
      const tally = new AuditTally(asOf, practice);
      for (const records of generateRecords({ patients: 2000, seed: 1, asOf })) tally.add(records);
      const { report, bySegment } = tally.finishDetailed();
      ctx.stdout.write(renderAuditTable(report, practice.name));
      const out = resolve(ctx.cwd, flags.out);
      await mkdir(resolve(out, '..'), { recursive: true });
      await writeFile(out, renderAuditHtml(report, bySegment, practice.name));
      ctx.stdout.write(`\nOpen the report: ${out}\n`);
    });
}
