import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PatientRecords } from '../src/domain/records.ts';
import { generateRecords } from '../src/sandbox/practice/generate.ts';
import { samplePracticeFile } from '../src/sandbox/practice/sample-practice-file.ts';
import { writeCsvFolder } from '../src/sandbox/practice/write-csv.ts';
import { writeFhirBundle } from '../src/sandbox/practice/write-fhir.ts';
import { writeOpenDentalSql } from '../src/sandbox/practice/write-opendental-sql.ts';
import { runCli, type CliResult } from './helpers/cli.ts';

/**
 * `reactivate sample` in its own process: the generator's practice, written as a CSV folder, a
 * FHIR bundle and an Open Dental SQL dump, the same bytes for the same seed. (That the three
 * formats read back to the same audit is pinned in cli-audit.test.ts.)
 */
const PATIENTS = 250;
const SEED = 11;
const AS_OF = '2026-11-01';
const FORMATS = ['csv', 'fhir', 'opendental-sql'] as const;
type Format = (typeof FORMATS)[number];

let dir: string;
const first = {} as Record<Format, string>;
const firstRuns = {} as Record<Format, CliResult>;

function sample(format: Format, out: string, seed = SEED): Promise<CliResult> {
  return runCli([
    'sample',
    '--patients',
    String(PATIENTS),
    '--seed',
    String(seed),
    '--as-of',
    AS_OF,
    '--format',
    format,
    '--out',
    out,
  ]);
}

/** A CSV folder's files by name, or a file's content. */
async function contentOf(path: string, format: Format): Promise<Record<string, string>> {
  if (format !== 'csv') return { [format]: await readFile(path, 'utf8') };
  const names = (await readdir(path)).sort();
  const files: Record<string, string> = {};
  for (const name of names) files[name] = await readFile(join(path, name), 'utf8');
  return files;
}

async function sqlOf(records: Iterable<PatientRecords>): Promise<string> {
  const chunks: string[] = [];
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  await writeOpenDentalSql(records, out);
  return chunks.join('');
}

const options = { patients: PATIENTS, seed: SEED, asOf: AS_OF };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cli-sample-'));
  for (const format of FORMATS) first[format] = join(dir, `first-${format}`);
  const runs = await Promise.all(FORMATS.map((f) => sample(f, first[f])));
  FORMATS.forEach((f, i) => (firstRuns[f] = runs[i]!));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('reactivate sample', () => {
  it('writes one practice in the three formats: exactly what the writers make of the generator’s records for that seed', async () => {
    for (const format of FORMATS) {
      const r = firstRuns[format];
      expect(r.code, `${format}: ${r.stderr}`).toBe(0);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(
        `Wrote ${PATIENTS} patients (seed ${SEED}, as of ${AS_OF}) as ${format} to ${first[format]}\n`,
      );
    }

    const expectedCsv = join(dir, 'expected-csv');
    await writeCsvFolder(generateRecords(options), expectedCsv);
    expect(await contentOf(first.csv, 'csv')).toEqual(await contentOf(expectedCsv, 'csv'));

    const expectedFhir = join(dir, 'expected.fhir');
    await writeFhirBundle(generateRecords(options), expectedFhir, {
      timeZone: samplePracticeFile().timeZone,
    });
    expect(await readFile(first.fhir, 'utf8')).toBe(await readFile(expectedFhir, 'utf8'));

    expect(await readFile(first['opendental-sql'], 'utf8')).toBe(
      await sqlOf(generateRecords(options)),
    );

    // The same patients, by id and name, in the CSV folder and the FHIR bundle.
    const generated = [...generateRecords(options)].map(({ patient: p }) => [
      p.id,
      p.firstName,
      p.lastName,
    ]);
    expect(generated).toHaveLength(PATIENTS);
    const csvPatients = (
      parse(await readFile(join(first.csv, 'patients.csv'), 'utf8'), {
        columns: true,
      }) as Record<string, string>[]
    ).map((row) => [row.patient_id, row.first_name, row.last_name]);
    expect(csvPatients).toEqual(generated);
    const bundle = JSON.parse(await readFile(first.fhir, 'utf8')) as {
      entry: {
        resource: { resourceType: string; id: string; name: { family: string; given: string[] }[] };
      }[];
    };
    const fhirPatients = bundle.entry
      .map((e) => e.resource)
      .filter((r) => r.resourceType === 'Patient')
      .map((r) => [r.id, r.name[0]!.given[0], r.name[0]!.family]);
    expect(fhirPatients).toEqual(generated);
    const sql = await readFile(first['opendental-sql'], 'utf8');
    expect(sql).toContain('CREATE TABLE');
    expect(sql).toContain('INSERT INTO `patient`');
  });

  it('is deterministic: the same seed twice gives byte-identical output in every format, another seed another practice', async () => {
    const again = {} as Record<Format, string>;
    for (const format of FORMATS) again[format] = join(dir, `again-${format}`);
    const otherSeed = join(dir, 'other-seed-csv');
    const runs = await Promise.all([
      ...FORMATS.map((f) => sample(f, again[f])),
      sample('csv', otherSeed, SEED + 1),
    ]);
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    for (const format of FORMATS)
      expect(await contentOf(again[format], format), format).toEqual(
        await contentOf(first[format], format),
      );
    const other = await contentOf(otherSeed, 'csv');
    expect(other['patients.csv']).not.toBe((await contentOf(first.csv, 'csv'))['patients.csv']);
  });

  it.each([
    [['--format', 'xml', '--out', 'x'], /unknown format "xml"/],
    [['--format', 'csv'], /--out is required/],
    [['--patients', '0', '--out', 'x'], /--patients must be a whole number of at least 1/],
  ])('used wrongly (%j): one-line error on stderr, exit code 2', async (args, message) => {
    const r = await runCli(['sample', ...args], {}, { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });
});
