import { createReadStream } from 'node:fs';
import { Transform, pipeline } from 'node:stream';
import { Parser } from 'csv-parse';
import { SourceUnavailableError } from '../../lib/errors.ts';
import type { ReadProblem } from '../source.ts';

/** One CSV record and the line it starts on (the header is line 1). */
export interface CsvRow {
  line: number;
  cells: string[];
}

export interface ReadRowsOptions {
  /** The file's name as the practice knows it, for `where`. */
  label: string;
  onProblem: (problem: ReadProblem) => void;
}

/**
 * CR LF and lone CR become LF before csv-parse sees the text: its line counter counts a CR LF
 * inside a quoted field twice, and line numbers are what a practice needs to find a bad row.
 */
function normalizeLineEnds(): Transform {
  let pendingCr = false;
  return new Transform({
    decodeStrings: false,
    encoding: 'utf8',
    transform(chunk: string, _encoding, done) {
      let text = pendingCr ? `\r${chunk}` : chunk;
      pendingCr = text.endsWith('\r');
      if (pendingCr) text = text.slice(0, -1);
      done(null, text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text);
    },
    flush(done) {
      done(null, pendingCr ? '\n' : '');
    },
  });
}

function countNewlines(cells: string[]): number {
  let n = 0;
  for (const cell of cells) {
    for (let i = cell.indexOf('\n'); i !== -1; i = cell.indexOf('\n', i + 1)) n++;
  }
  return n;
}

/**
 * csv-parse's parser, pushing each record with the line it starts on. The parser's live `info`
 * says which line it has reached when a record is pushed; `on_record` would give the same figure
 * but copies the whole info object per record, which costs seconds on a million rows.
 */
class LineNumberingParser extends Parser {
  lastLine = 0;

  override push(record: unknown, encoding?: BufferEncoding): boolean {
    if (!Array.isArray(record)) return super.push(record, encoding);
    const cells = record as string[];
    this.lastLine = this.info.lines;
    // info.lines is the line the record ends on; a quoted line break moves its start back.
    const row: CsvRow = { line: this.lastLine - countNewlines(cells), cells };
    return super.push(row, encoding);
  }
}

/**
 * The rows the parser holds, in batches: one promise per batch rather than per row, which on a
 * million rows is most of the difference between a few seconds and a dozen.
 */
async function* batches(parser: LineNumberingParser): AsyncGenerator<CsvRow[]> {
  let failure: unknown;
  let ended = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    const resolve = wake;
    wake = undefined;
    resolve?.();
  };
  parser.on('readable', notify);
  parser.on('end', () => {
    ended = true;
    notify();
  });
  parser.on('error', (error) => {
    failure = error;
    notify();
  });
  for (;;) {
    const batch: CsvRow[] = [];
    let row: CsvRow | null;
    while (batch.length < 1024 && (row = parser.read() as CsvRow | null) !== null) batch.push(row);
    if (batch.length > 0) {
      yield batch;
      continue;
    }
    if (failure !== undefined) throw failure;
    if (ended || parser.readableEnded) return;
    await new Promise<void>((resolve) => (wake = resolve));
  }
}

/**
 * Streams the records of a UTF-8 CSV file (a BOM is stripped) in batches, the header first.
 * Quoted fields may hold commas, quotes and line breaks. What csv-parse cannot read is reported
 * and skipped; an unreadable file is a SourceUnavailableError.
 */
export async function* readCsvRows(
  path: string,
  options: ReadRowsOptions,
): AsyncGenerator<CsvRow[]> {
  const parser: LineNumberingParser = new LineNumberingParser({
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (error) => {
      const unclosed = error?.code === 'CSV_QUOTE_NOT_CLOSED';
      options.onProblem({
        where: `${options.label}:${parser.lastLine + 1}`,
        reason: unclosed
          ? 'a quoted field is never closed, so the rest of the file could not be read'
          : `the CSV could not be read here (${error?.code ?? 'unknown error'})`,
      });
      return undefined;
    },
  });
  const input = createReadStream(path, { encoding: 'utf8' });
  // Errors reach the loop below through the parser; pipeline destroys every stream on early exit.
  pipeline(input, normalizeLineEnds(), parser, () => {});
  try {
    yield* batches(parser);
  } catch (error) {
    throw new SourceUnavailableError(`cannot read ${options.label} (${path})`, error);
  } finally {
    parser.destroy();
    input.destroy();
  }
}
