import { spawn } from 'node:child_process';
import { appendFile, cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditReport, AuditTally } from '../src/domain/audit.ts';
import type { PatientRecords } from '../src/domain/records.ts';
import { generateRecords } from '../src/sandbox/practice/generate.ts';
import { samplePracticeFile } from '../src/sandbox/practice/sample-practice-file.ts';
import { ROOT, runCli, type CliResult } from './helpers/cli.ts';
import { createThrowawayDatabase, type ThrowawayDatabase } from './helpers/mariadb.ts';
import { whatFhirKeeps } from './helpers/fhir-keeps.ts';

/**
 * `reactivate audit` end to end: the sample practice written by `reactivate sample` as a CSV
 * folder, a FHIR bundle and an Open Dental dump loaded into a throwaway MariaDB database, audited
 * by the real command in its own process. Its JSON is checked against the segmentation engine
 * (AuditTally) fed with the generator's records in this process; the table and the HTML report
 * against the same numbers; bad input against the exit codes and messages the issue asks for; and
 * every stderr of the file against the sample's names, phones and emails.
 */
const PATIENTS = 300;
const SEED = 7;
const AS_OF = '2026-11-01';
const practice = samplePracticeFile();
const records = [...generateRecords({ patients: PATIENTS, seed: SEED, asOf: AS_OF })];

function engine(input: PatientRecords[]) {
  const tally = new AuditTally(AS_OF, practice);
  for (const r of input) tally.add(r);
  return tally.finishDetailed(0);
}

const expected = engine(records);
const expectedFhir = engine(whatFhirKeeps(records)).report;

let dir: string;
let db: ThrowawayDatabase;
const paths = { csv: '', fhir: '', sql: '' };
/** Every stderr of every command this file ran, for the check that no patient data is on it. */
const stderrs: string[] = [];

async function cli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const r = await runCli(args, env);
  stderrs.push(r.stderr);
  return r;
}

const audit = (args: string[]) => cli(['audit', ...args]);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cli-audit-'));
  paths.csv = join(dir, 'practice-csv');
  paths.fhir = join(dir, 'practice.fhir.json');
  paths.sql = join(dir, 'practice.sql');
  const common = ['sample', '--patients', String(PATIENTS), '--seed', String(SEED)];
  const written = await Promise.all([
    cli([...common, '--as-of', AS_OF, '--format', 'csv', '--out', paths.csv]),
    cli([...common, '--as-of', AS_OF, '--format', 'fhir', '--out', paths.fhir]),
    cli([...common, '--as-of', AS_OF, '--format', 'opendental-sql', '--out', paths.sql]),
  ]);
  for (const r of written) expect(r.code, r.stderr).toBe(0);
  db = await createThrowawayDatabase();
  await db.load(paths.sql);
});
afterAll(async () => {
  await db?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const SOURCES = ['csv', 'fhir', 'opendental'] as const;
type Source = (typeof SOURCES)[number];
const urlOf = (source: Source): string =>
  source === 'csv' ? paths.csv : source === 'fhir' ? paths.fhir : db.url;

/** One JSON audit per source, shared by the tests that look at it (run on first use). */
const jsonRuns = new Map<Source, Promise<CliResult>>();
function jsonAudit(source: Source): Promise<CliResult> {
  let run = jsonRuns.get(source);
  if (!run) {
    run = audit(['--source', source, '--url', urlOf(source), '--as-of', AS_OF, '--format', 'json']);
    jsonRuns.set(source, run);
  }
  return run;
}

/** Parses stdout as the audit's JSON, and pins that stdout holds that document and nothing else. */
function reportOf(r: CliResult): AuditReport {
  expect(r.code, r.stderr).toBe(0);
  const parsed: unknown = JSON.parse(r.stdout);
  expect(r.stdout).toBe(`${JSON.stringify(parsed, null, 2)}\n`);
  return AuditReport.strict().parse(parsed);
}

describe('reactivate audit --format json', () => {
  it.each(SOURCES)(
    '--source %s: stdout is exactly one AuditReport document, nothing on stderr, counts equal the engine’s in-process',
    async (source) => {
      const r = await jsonAudit(source);
      const report = reportOf(r);
      expect(r.stderr).toBe('');
      expect(report).toEqual(source === 'fhir' ? expectedFhir : expected.report);
      expect(report.patients).toBe(PATIENTS);
      expect(report.skipped).toBe(0);
      // The sample is realistic: every segment and every exclusion is represented.
      for (const count of [...Object.values(report.segments), ...Object.values(report.excluded)])
        expect(count).toBeGreaterThan(0);
    },
  );

  it('the three sources give the same report, except where FHIR has no field for the data (recalls, fees, SMS consent, contact preference)', async () => {
    const [csv, fhir, od] = (await Promise.all(SOURCES.map(jsonAudit))).map(reportOf);
    expect(od).toEqual(csv);
    const fhirDecides = (r: AuditReport) => ({
      asOf: r.asOf,
      patients: r.patients,
      no_show: r.segments.no_show,
      unscheduled_treatment: r.segments.unscheduled_treatment,
      dormant: r.segments.dormant,
      excluded: r.excluded,
      skipped: r.skipped,
    });
    expect(fhirDecides(fhir!)).toEqual(fhirDecides(csv!));
    // What differs is only what the lost fields decide: overdue_recall and active (the recall
    // fallback), reachability (SMS consent, do-not-call) and the revenue (planned fees).
    expect(fhir!.segments.overdue_recall + fhir!.active).toBe(
      csv!.segments.overdue_recall + csv!.active,
    );
  });
});

describe('reactivate audit: table and html', () => {
  it('--format table is the default: a readable summary with segment names, counts and the estimated value; nothing on stderr', async () => {
    const r = await audit(['--source', 'csv', '--url', paths.csv, '--as-of', AS_OF]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(() => JSON.parse(r.stdout)).toThrow();
    const e = expected.report;
    const num = (n: number) => n.toLocaleString('en-US');
    expect(r.stdout).toContain(`Reactivation audit — ${practice.name}, as of ${AS_OF}`);
    const rows: [string, number][] = [
      ['Patients read', e.patients],
      ['(no_show)', e.segments.no_show],
      ['(unscheduled_treatment)', e.segments.unscheduled_treatment],
      ['(overdue_recall)', e.segments.overdue_recall],
      ['(dormant)', e.segments.dormant],
      ['(active)', e.active],
      ['already scheduled', e.excluded.scheduled],
      ['deceased', e.excluded.deceased],
      ['never visited', e.excluded.never_visited],
      ['(lost)', e.excluded.lost],
      ['at least one of these', e.reachable.any],
      ['Estimated appointments won back', e.estimate.appointments],
    ];
    for (const [label, value] of rows) {
      const line = r.stdout.split('\n').find((l) => l.includes(label));
      expect(line, label).toBeDefined();
      expect(line!.trim().endsWith(` ${num(value)}`), `${label}: ${line}`).toBe(true);
    }
    const money = e.estimate.revenue.toLocaleString('en-US', {
      style: 'currency',
      currency: 'USD',
      maximumFractionDigits: 0,
    });
    expect(r.stdout).toMatch(new RegExp(`Estimated value\\s+\\${money}\\n`));
  });

  it('--format html --out FILE writes one self-contained file (no remote script, style or font) with the charts and a plain-language summary; stdout stays empty', async () => {
    const file = join(dir, 'report.html');
    const r = await audit([
      '--source',
      'opendental',
      '--url',
      db.url,
      '--as-of',
      AS_OF,
      '--format',
      'html',
      '--out',
      file,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`Report written to ${file}\n`);
    const html = await readFile(file, 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    // Nothing is loaded from anywhere: no remote src/href, no stylesheet link, no @import, no url().
    expect(html).not.toMatch(/\b(src|href)\s*=\s*["']?\s*(https?:)?\/\//i);
    expect(html).not.toMatch(/<link\b|<script\b[^>]*\bsrc=|@import|url\(/i);
    // The charts: segments, reachability by channel, and the estimated value, as inline SVG.
    expect(html.match(/<svg\b/g)).toHaveLength(3);
    for (const title of [
      'Lapsed patients, by why they went quiet',
      'How the lapsed patients can be reached',
      'Estimated value, by segment',
    ])
      expect(html).toContain(`<figcaption>${title}</figcaption>`);
    for (const channel of ['Text message', 'Email', 'Phone call']) expect(html).toContain(channel);
    // A plain-language summary with the engine's numbers.
    const e = expected.report;
    const lapsed = Object.values(e.segments).reduce((a, b) => a + b, 0);
    expect(html).toContain(
      `Of the <b>${e.patients}</b> patients in your records, <b>${lapsed}</b> have drifted away for a reason you can act on, and <b>${e.reachable.any}</b> of them can be reached`,
    );
    expect(html).toContain(
      e.estimate.revenue.toLocaleString('en-US', {
        style: 'currency',
        currency: 'USD',
        maximumFractionDigits: 0,
      }),
    );
  });

  // util-linux's `script` (Debian's essential bsdutils) gives the command a pseudo-terminal.
  it('on a terminal the progress bar is drawn on stderr, while stdout (a file) receives only the JSON', async () => {
    const out = join(dir, 'on-terminal.json');
    // `script` gives the command a pseudo-terminal for stderr; stdout is redirected to a file.
    const command = [
      process.execPath,
      `${ROOT}bin/reactivate.mjs`,
      'audit',
      '--source',
      'csv',
      '--url',
      paths.csv,
      '--as-of',
      AS_OF,
      '--format',
      'json',
    ]
      .map((word) => `'${word.replaceAll("'", `'\\''`)}'`)
      .join(' ');
    const { code, terminal } = await new Promise<{ code: number | null; terminal: string }>(
      (resolve, reject) => {
        const child = spawn('script', ['-qfec', `${command} > '${out}'`, '/dev/null'], {
          cwd: ROOT,
          env: {
            PATH: process.env.PATH ?? '',
            HOME: process.env.HOME ?? '/tmp',
            NODE_ENV: 'test',
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let terminal = '';
        child.stdout.on('data', (d: Buffer) => (terminal += d.toString()));
        child.on('error', reject);
        child.on('close', (exit) => resolve({ code: exit, terminal }));
      },
    );
    stderrs.push(terminal);
    expect(code, terminal).toBe(0);
    expect(terminal).toContain('Reading patients [');
    expect(terminal).toContain(`${PATIENTS}/${PATIENTS}`);
    const stdout = await readFile(out, 'utf8');
    expect(stdout).not.toContain('Reading patients');
    expect(stdout).not.toContain('\x1b');
    expect(JSON.parse(stdout)).toEqual(expected.report);
  });
});

describe('reactivate audit: bad input', () => {
  it.each([
    [
      'an unknown --source',
      ['--source', 'dentrix', '--url', '/tmp/x'],
      'reactivate: unknown PMS source "dentrix" (expected opendental, csv, fhir)',
    ],
    ['a missing --url', ['--source', 'csv'], 'reactivate: --url is required for --source csv'],
    [
      'a missing --source',
      ['--url', '/tmp/x'],
      'reactivate: a PMS source is required (--source opendental|csv|fhir)',
    ],
  ])('%s: a one-line error on stderr, nothing on stdout, exit code 2', async (_, args, line) => {
    const r = await audit([...args, '--format', 'json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`${line}\n`);
  });

  it.each([
    [
      'nothing listens on the port',
      'mysql://root:secretpw@127.0.0.1:1/nope',
      '127.0.0.1:1',
      'nope',
    ],
    [
      'the server refuses the password',
      'mysql://root:secretpw@127.0.0.1:3306/opendental_x',
      '127.0.0.1:3306',
      'opendental_x',
    ],
  ])(
    'an unusable database (%s): one error naming host and database, never the password; exit 1',
    async (_, url, host, database) => {
      const r = await audit(['--source', 'opendental', '--url', url, '--format', 'json']);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(`database ${database} on ${host}`);
      expect(r.stderr).not.toContain('secretpw');
    },
  );

  it.each([
    ['csv', 'reactivate: --source csv reads a folder, not a mysql:// URL'],
    [
      'fhir',
      'reactivate: --source fhir reads a bundle file or an http(s):// base URL, not a mysql:// URL',
    ],
  ])(
    'a database URL given to --source %s: a one-line usage error without the password, exit code 2',
    async (source, line) => {
      const r = await audit([
        '--source',
        source,
        '--url',
        'mysql://root:secretpw@127.0.0.1:3306/opendental',
        '--format',
        'json',
      ]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`${line}\n`);
    },
  );

  it('malformed CSV rows are reported on stderr with file and line, skipped, counted in `skipped`; exit 0 and the rest of the report unchanged', async () => {
    const folder = await malformedCsvFolder();
    const r = await audit([
      '--source',
      'csv',
      '--url',
      folder.path,
      '--as-of',
      AS_OF,
      '--format',
      'json',
    ]);
    const report = reportOf(r);
    expect(report).toEqual({ ...expected.report, skipped: folder.bad.length });
    const lines = r.stderr.trim().split('\n');
    expect(lines.slice(0, -1).sort()).toEqual(
      folder.bad.map(({ where, reason }) => expect.stringMatching(skippedLine(where, reason))),
    );
    expect(lines.at(-1)).toBe(`${folder.bad.length} record(s) skipped in all`);
    expectNoneOf(r.stderr, FAKE_PATIENT_DATA);
  });

  it.each([
    [
      'an empty folder',
      'empty',
      /^reactivate: patients\.csv is missing from the CSV folder .*empty\n$/,
    ],
    [
      'a folder whose every patient row is malformed',
      'all-malformed',
      /skipped patients\.csv:2: .*\nskipped patients\.csv:3: .*\n2 record\(s\) skipped in all\nreactivate: no patient could be read from the source\n$/,
    ],
  ])(
    '%s: nothing can be read, so the error says so and the exit code is 1',
    async (_, name, stderr) => {
      const folder = join(dir, name);
      await mkdir(folder, { recursive: true });
      if (name === 'all-malformed') {
        const csv = await readFile(join(paths.csv, 'patients.csv'), 'utf8');
        await writeFile(join(folder, 'patients.csv'), `${csv.split('\n')[0]}\n${BAD_PATIENT_ROWS}`);
        const apts = await readFile(join(paths.csv, 'appointments.csv'), 'utf8');
        await writeFile(join(folder, 'appointments.csv'), `${apts.split('\n')[0]}\n`);
      }
      const r = await audit([
        '--source',
        'csv',
        '--url',
        folder,
        '--as-of',
        AS_OF,
        '--format',
        'json',
      ]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(stderr);
    },
  );
});

/** Two patient rows that cannot be read (an impossible birth date, an unknown status). */
const BAD_PATIENT_ROWS = [
  '9001,Zelda,Quux,,1985-13-45,active,+1 617 555 0199,,,zelda.quux@example.org,yes,text,9001,1,en,',
  '9002,Yorick,Quill,,1970-01-01,sleeping,(404) 555-0142,,,y.quill@example.org,yes,text,9002,1,en,',
  '',
].join('\n');
const FAKE_PATIENT_DATA = [
  'Zelda',
  'Quux',
  'Yorick',
  'Quill',
  '1985-13-45',
  '617 555 0199',
  '555-0142',
  'zelda.quux@example.org',
  'y.quill@example.org',
];

function skippedLine(where: string, reason: RegExp): RegExp {
  return new RegExp(`^skipped ${where.replace('.', '\\.')}: ${reason.source}$`);
}

let malformedFolders = 0;

/** The sample's CSV folder plus malformed rows in three files, and where each should be reported. */
async function malformedCsvFolder(): Promise<{
  path: string;
  bad: { where: string; reason: RegExp }[];
}> {
  const path = join(dir, `malformed-csv-${++malformedFolders}`);
  await cp(paths.csv, path, { recursive: true });
  const linesOf = async (file: string) =>
    (await readFile(join(path, file), 'utf8')).trimEnd().split('\n').length;
  const patients = await linesOf('patients.csv');
  const appointments = await linesOf('appointments.csv');
  const recalls = await linesOf('recalls.csv');
  await appendFile(join(path, 'patients.csv'), BAD_PATIENT_ROWS);
  // Rows of real patients (1 and 2): the row is skipped, the patient is not.
  await appendFile(join(path, 'appointments.csv'), '99001,1,completed,next tuesday,true,1\n');
  await appendFile(join(path, 'recalls.csv'), '99001,2,2026-02-30,,,false\n');
  return {
    path,
    bad: [
      { where: `appointments.csv:${appointments + 1}`, reason: /start .*/ },
      { where: `patients.csv:${patients + 1}`, reason: /birth_date.*/ },
      { where: `patients.csv:${patients + 2}`, reason: /status .*/ },
      { where: `recalls.csv:${recalls + 1}`, reason: /due_date.*/ },
    ],
  };
}

function expectNoneOf(text: string, needles: string[]): void {
  for (const needle of needles) expect(text, `stderr holds "${needle}"`).not.toContain(needle);
}

/** The sample's patient data that would identify someone: names, phone numbers, emails. */
function samplePatientData(): { words: Set<string>; phones: Set<string>; emails: Set<string> } {
  const words = new Set<string>();
  const phones = new Set<string>();
  const emails = new Set<string>();
  for (const { patient: p } of records) {
    for (const name of [p.firstName, p.lastName, p.preferredName])
      if (name && name.length >= 2) words.add(name);
    for (const phone of [p.mobilePhone, p.homePhone, p.workPhone]) {
      const digits = phone?.replace(/\D/g, '') ?? '';
      if (digits.length >= 7) phones.add(digits.slice(-7));
    }
    if (p.email?.includes('@')) emails.add(p.email.toLowerCase());
  }
  return { words, phones, emails };
}

describe('reactivate audit and sample: privacy', () => {
  it('no name, phone number or email of the sample’s patients appears on the stderr of any run', async () => {
    // The run most likely to leak (problems reported from rows holding patient data) happens
    // here too, so the check never passes on an empty set when this test runs alone.
    const folder = await malformedCsvFolder();
    const r = await audit(['--source', 'csv', '--url', folder.path, '--as-of', AS_OF]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('record(s) skipped in all');

    const { words, phones, emails } = samplePatientData();
    expect(words.size).toBeGreaterThan(50);
    expect(phones.size).toBeGreaterThan(100);
    expect(emails.size).toBeGreaterThan(100);
    const all = stderrs.join('\n');
    const wordsOnStderr = new Set(all.match(/[\p{L}'-]+/gu) ?? []);
    expect([...words].filter((w) => wordsOnStderr.has(w))).toEqual([]);
    const digitRuns = (all.match(/\+?\d[\d ().-]{5,}\d/g) ?? []).map((s) => s.replace(/\D/g, ''));
    expect([...phones].filter((p) => digitRuns.some((run) => run.includes(p)))).toEqual([]);
    const lower = all.toLowerCase();
    expect([...emails].filter((e) => lower.includes(e))).toEqual([]);
    expectNoneOf(all, FAKE_PATIENT_DATA);
  });
});
