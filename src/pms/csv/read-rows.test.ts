import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SourceUnavailableError } from '../../lib/errors.ts';
import type { ReadProblem } from '../source.ts';
import { readCsvRows, type CsvRow } from './read-rows.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'csv-rows-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function rowsOf(text: string): Promise<{ rows: CsvRow[]; problems: ReadProblem[] }> {
  const path = join(dir, `f${Math.random().toString(36).slice(2)}.csv`);
  await writeFile(path, text);
  const rows: CsvRow[] = [];
  const problems: ReadProblem[] = [];
  for await (const batch of readCsvRows(path, {
    label: 'x.csv',
    onProblem: (p) => problems.push(p),
  })) {
    rows.push(...batch);
  }
  return { rows, problems };
}

it('numbers lines from the header, across quoted line breaks, blank lines and CR LF', async () => {
  const text = '\uFEFFa,b,c\r\n1,"x, ""y""\r\nz",3\r\n\r\n4,5,6\r\n"7\n\n8",9,10\n11,12,13';
  const { rows, problems } = await rowsOf(text);
  expect(problems).toEqual([]);
  expect(rows).toEqual([
    { line: 1, cells: ['a', 'b', 'c'] },
    { line: 2, cells: ['1', 'x, "y"\nz', '3'] },
    { line: 5, cells: ['4', '5', '6'] },
    { line: 6, cells: ['7\n\n8', '9', '10'] },
    { line: 9, cells: ['11', '12', '13'] },
  ]);
});

it('a lone CR ends a line too', async () => {
  const { rows } = await rowsOf('a,b\r1,2\r3,4\r');
  expect(rows.map((r) => r.line)).toEqual([1, 2, 3]);
});

it('reports a quote that is never closed, keeping what came before', async () => {
  const { rows, problems } = await rowsOf('a,b\n1,2\n3,"never closed\n5,6\n');
  expect(rows.map((r) => r.cells)).toEqual([
    ['a', 'b'],
    ['1', '2'],
  ]);
  expect(problems).toEqual([
    {
      where: 'x.csv:3',
      reason: 'a quoted field is never closed, so the rest of the file could not be read',
    },
  ]);
});

it('keeps a stray quote inside an unquoted field rather than losing the file', async () => {
  const { rows, problems } = await rowsOf('a,b\n1,2 "inch"\n3,4\n');
  expect(problems).toEqual([]);
  expect(rows.map((r) => r.cells)).toEqual([
    ['a', 'b'],
    ['1', '2 "inch"'],
    ['3', '4'],
  ]);
});

it('streams a large file in batches with exact line numbers', async () => {
  const lines = ['id,name'];
  for (let i = 1; i <= 5000; i++) lines.push(i % 1000 === 0 ? `${i},"two\nlines"` : `${i},n${i}`);
  const { rows } = await rowsOf(lines.join('\n'));
  expect(rows).toHaveLength(5001);
  expect(rows[999]).toEqual({ line: 1000, cells: ['999', 'n999'] });
  expect(rows[1000]).toEqual({ line: 1001, cells: ['1000', 'two\nlines'] });
  expect(rows[1001]).toEqual({ line: 1003, cells: ['1001', 'n1001'] });
  expect(rows[5000]!.line).toBe(5005);
});

it('an empty file is no rows', async () => {
  expect(await rowsOf('')).toEqual({ rows: [], problems: [] });
});

it('a file that cannot be opened is a SourceUnavailableError', async () => {
  const missing = readCsvRows(join(dir, 'missing.csv'), {
    label: 'missing.csv',
    onProblem: () => {},
  });
  await expect(missing.next()).rejects.toThrow(SourceUnavailableError);
});
