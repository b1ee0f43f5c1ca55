import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import type { Command } from 'commander';
import { UsageError } from '../lib/errors.ts';
import { generateRecords } from '../sandbox/practice/generate.ts';
import { samplePracticeFile } from '../sandbox/practice/sample-practice-file.ts';
import { writeCsvFolder } from '../sandbox/practice/write-csv.ts';
import { writeFhirBundle } from '../sandbox/practice/write-fhir.ts';
import { writeOpenDentalSql } from '../sandbox/practice/write-opendental-sql.ts';
import type { CliContext } from './context.ts';
import { resolveAsOf } from './today.ts';

const FORMATS = ['opendental-sql', 'csv', 'fhir'] as const;

interface SampleFlags {
  patients: string;
  seed: string;
  format: string;
  out?: string;
  asOf?: string;
}

function positiveInt(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`--${name} must be a whole number of at least 1 (got "${value}")`);
  return n;
}

/** `reactivate sample`: writes the deterministic sample practice in one PMS format. */
export function registerSample(program: Command, ctx: CliContext): void {
  program
    .command('sample')
    .description(
      'write a realistic, deterministic sample practice as an Open Dental SQL dump, a CSV export or a FHIR bundle',
    )
    .option('--patients <n>', 'how many patients', '1000')
    .option('--seed <n>', 'the same seed gives the same practice', '1')
    .option('--format <format>', FORMATS.join(' | '), 'csv')
    .option('--out <path>', 'file (opendental-sql, fhir) or folder (csv) to write')
    .option('--as-of <date>', 'the day the practice’s history leads up to (default: today)')
    .action(async (flags: SampleFlags) => {
      if (!(FORMATS as readonly string[]).includes(flags.format)) {
        throw new UsageError(`unknown format "${flags.format}" (expected ${FORMATS.join(', ')})`);
      }
      if (!flags.out) throw new UsageError('--out is required');
      const practice = samplePracticeFile();
      const options = {
        patients: positiveInt('patients', flags.patients),
        seed: positiveInt('seed', flags.seed),
        asOf: resolveAsOf(flags.asOf, practice.timeZone, ctx.clock),
      };
      const out = resolve(ctx.cwd, flags.out);
      const records = generateRecords(options);
      if (flags.format === 'csv') {
        await writeCsvFolder(records, out);
      } else if (flags.format === 'fhir') {
        await mkdir(dirname(out), { recursive: true });
        await writeFhirBundle(records, out, { timeZone: practice.timeZone });
      } else {
        await mkdir(dirname(out), { recursive: true });
        const stream = createWriteStream(out);
        await writeOpenDentalSql(records, stream);
        stream.end();
        await finished(stream);
      }
      ctx.stderr.write(
        `Wrote ${options.patients} patients (seed ${options.seed}, as of ${options.asOf}) as ${flags.format} to ${out}\n`,
      );
    });
}
