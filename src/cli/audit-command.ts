import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { loadConfig, readPracticeFile } from '../config.ts';
import { auditPractice } from '../pms/audit-practice.ts';
import { AppError, UsageError } from '../lib/errors.ts';
import { renderAuditHtml } from './audit-html.ts';
import { renderAuditTable } from './audit-table.ts';
import type { CliContext } from './context.ts';
import { createProgress } from './progress.ts';
import { reportProblems } from './report-problems.ts';
import { resolveAsOf } from './today.ts';
import { openSource } from './wiring.ts';

const FORMATS = ['table', 'json', 'html'] as const;

interface AuditFlags {
  source?: string;
  url?: string;
  asOf?: string;
  format: string;
  out?: string;
  columns?: string;
  practice?: string;
}

/** `reactivate audit`: how many lapsed patients the PMS holds, and what winning them back is worth. */
export function registerAudit(program: Command, ctx: CliContext): void {
  program
    .command('audit')
    .description('segment the practice’s patients and estimate what reactivating them is worth')
    .option('--source <source>', 'opendental | csv | fhir (default: PMS_SOURCE)')
    .option(
      '--url <url>',
      'mysql://… | CSV folder | FHIR bundle file or base URL (default: PMS_URL)',
    )
    .option(
      '--as-of <date>',
      'the day to audit as of, YYYY-MM-DD (default: today in the practice’s time zone)',
    )
    .option('--format <format>', 'table | json | html', 'table')
    .option(
      '--out <file>',
      'write the report to a file instead of stdout (html: default reactivation-audit.html)',
    )
    .option(
      '--columns <file>',
      'CSV only: JSON mapping of your export’s file and column names to ours',
    )
    .option(
      '--practice <file>',
      'the practice file (default: PRACTICE_CONFIG, else the example practice)',
    )
    .action(async (flags: AuditFlags) => {
      if (!(FORMATS as readonly string[]).includes(flags.format)) {
        throw new UsageError(`unknown format "${flags.format}" (expected ${FORMATS.join(', ')})`);
      }
      const config = loadConfig(ctx.env);
      const practice = flags.practice
        ? readPracticeFile(resolve(ctx.cwd, flags.practice))
        : config.practice;
      const source = await openSource(config.env, practice, flags, ctx.cwd);
      const asOf = resolveAsOf(flags.asOf, practice.timeZone, ctx.clock);
      try {
        const progress = createProgress(
          'Reading patients',
          await source.countPatients(),
          ctx.stderr as NodeJS.WriteStream,
        );
        const run = await auditPractice(source, {
          asOf,
          practice,
          onProgress: (read) => progress.tick(read),
        });
        progress.stop();
        reportProblems(run.problems, ctx.stderr);
        if (run.report.patients === 0) {
          throw new AppError('no patient could be read from the source', { code: 'nothing_read' });
        }
        await output(flags, ctx, () => {
          if (flags.format === 'json') return `${JSON.stringify(run.report, null, 2)}\n`;
          if (flags.format === 'html')
            return renderAuditHtml(run.report, run.bySegment, practice.name);
          return renderAuditTable(run.report, practice.name);
        });
      } finally {
        await source.close();
      }
    });
}

async function output(flags: AuditFlags, ctx: CliContext, render: () => string): Promise<void> {
  const out = flags.out ?? (flags.format === 'html' ? 'reactivation-audit.html' : undefined);
  const text = render();
  if (out === undefined) {
    ctx.stdout.write(text);
    return;
  }
  const path = resolve(ctx.cwd, out);
  await writeFile(path, text);
  ctx.stderr.write(`Report written to ${path}\n`);
}
