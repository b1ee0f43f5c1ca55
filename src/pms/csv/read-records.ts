import { ValidationError } from '../../lib/errors.ts';
import type { ReadProblem } from '../source.ts';
import { CellReader, RowProblem } from './cells.ts';
import type { CsvFileMapping } from './column-mapping.ts';
import type { CsvFileLayout } from './layout.ts';
import { readCsvRows } from './read-rows.ts';

export interface CsvFile {
  /** Our name for it (`patients.csv`). */
  name: string;
  path: string;
  /** The practice's name for it, used in `where`. */
  label: string;
  layout: CsvFileLayout;
  mapping: CsvFileMapping | undefined;
}

export interface ReadRecordsOptions<T> {
  build: (cells: CellReader) => T;
  onProblem: (problem: ReadProblem) => void;
  /** Called for a row that was reported and skipped, to learn e.g. which patient id it had. */
  onRejected?: (cells: CellReader, line: number) => void;
  signal?: AbortSignal;
}

function emptyFile(file: CsvFile): ValidationError {
  return new ValidationError(`${file.label} is empty: it has no header row`, file.name, {
    file: file.label,
  });
}

/**
 * Checks the file's header (and that it has one) without reading further, so a missing column in
 * patients.csv stops the read before the child files have been read.
 */
export async function checkHeader(file: CsvFile): Promise<void> {
  for await (const batch of readCsvRows(file.path, { label: file.label, onProblem: () => {} })) {
    const header = batch[0];
    if (header === undefined) continue;
    new CellReader(header.cells, file.layout, file.mapping, file.label);
    return;
  }
  throw emptyFile(file);
}

export interface LineRecord<T> {
  line: number;
  record: T;
}

/**
 * The records of one CSV file, in batches, each with the line it starts on. The header is checked
 * first (a missing required column stops everything); then every row that does not make a valid
 * record is reported as `file:line` and skipped.
 */
export async function* readRecords<T>(
  file: CsvFile,
  options: ReadRecordsOptions<T>,
): AsyncGenerator<LineRecord<T>[]> {
  let cells: CellReader | undefined;
  const report = (line: number, reason: string) =>
    options.onProblem({ where: `${file.label}:${line}`, reason });
  const rows = readCsvRows(file.path, { label: file.label, onProblem: options.onProblem });
  for await (const batch of rows) {
    options.signal?.throwIfAborted();
    const records: LineRecord<T>[] = [];
    for (const row of batch) {
      if (cells === undefined) {
        cells = new CellReader(row.cells, file.layout, file.mapping, file.label);
        continue;
      }
      cells.use(row.cells);
      // A row with fewer or more fields has its values under the wrong headers; trailing empty
      // fields (a spreadsheet's stray commas) are harmless.
      const width = row.cells.length;
      if (
        width < cells.width ||
        (width > cells.width && row.cells.slice(cells.width).some(Boolean))
      ) {
        report(row.line, `the row has ${width} fields where the header has ${cells.width}`);
        options.onRejected?.(cells, row.line);
        continue;
      }
      try {
        records.push({ line: row.line, record: options.build(cells) });
      } catch (error) {
        if (!(error instanceof RowProblem)) throw error;
        report(row.line, error.message);
        options.onRejected?.(cells, row.line);
      }
    }
    if (records.length > 0) yield records;
  }
  if (cells === undefined) throw emptyFile(file);
}
