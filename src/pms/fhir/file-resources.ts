import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import { SourceUnavailableError, ValidationError } from '../../lib/errors.ts';
import type { ReadProblem } from '../source.ts';
import type { RawResource } from './assemble.ts';
import { BundleScanner } from './bundle-scanner.ts';

export interface ReadFileOptions {
  onResource: (raw: RawResource) => void;
  onProblem: (problem: ReadProblem) => void;
  signal?: AbortSignal;
}

/** `.ndjson` (FHIR Bulk Data) and `.jsonl` hold one resource per line; anything else a Bundle. */
export function isNdjson(path: string): boolean {
  return /\.(ndjson|jsonl)$/i.test(path);
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

async function readNdjson(path: string, label: string, options: ReadFileOptions): Promise<void> {
  const lines = createInterface({
    input: createReadStream(path, { encoding: 'utf8' }),
    crlfDelay: Infinity,
  });
  let n = 0;
  try {
    for await (const line of lines) {
      n++;
      if (n % 1024 === 0) options.signal?.throwIfAborted();
      const text = line.trim();
      if (text === '') continue;
      const where = `${label}:${n}`;
      const parsed = parseJson(text);
      if (!parsed.ok) options.onProblem({ where, reason: 'the line is not valid JSON' });
      else options.onResource({ resource: parsed.value, fallbackWhere: where });
    }
  } finally {
    lines.close();
  }
}

async function readBundle(path: string, label: string, options: ReadFileOptions): Promise<void> {
  const scanner = new BundleScanner();
  const input = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
  try {
    for await (const chunk of input) {
      options.signal?.throwIfAborted();
      for (const entry of scanner.push(chunk as string)) {
        const fallbackWhere = `Bundle.entry[${entry.index}]`;
        const parsed = parseJson(entry.text);
        const value = parsed.ok
          ? (parsed.value as { resource?: unknown; fullUrl?: unknown })
          : undefined;
        if (value === undefined || typeof value.resource !== 'object' || value.resource === null) {
          const reason = parsed.ok ? 'the entry has no resource' : 'the entry is not valid JSON';
          options.onProblem({ where: fallbackWhere, reason });
          continue;
        }
        const fullUrl = typeof value.fullUrl === 'string' ? value.fullUrl : undefined;
        options.onResource({
          resource: value.resource,
          fallbackWhere,
          ...(fullUrl ? { fullUrl } : {}),
        });
      }
    }
  } finally {
    input.destroy();
  }
  const problem = scanner.problem();
  if (problem !== undefined)
    throw new ValidationError(`the FHIR file ${label} ${problem}`, 'location');
}

/**
 * Reads every resource of a Bundle JSON file or an NDJSON file, streaming: the file is never one
 * string. A file that cannot be opened is a SourceUnavailableError; one that is not a Bundle, a
 * ValidationError; an entry or line that is not JSON, a reported problem.
 */
export async function readFhirFile(path: string, options: ReadFileOptions): Promise<void> {
  const label = basename(path);
  try {
    if (!(await stat(path)).isFile()) throw new Error('not a file');
  } catch (error) {
    throw new SourceUnavailableError(`cannot read the FHIR file ${path}`, error);
  }
  try {
    await (isNdjson(path) ? readNdjson(path, label, options) : readBundle(path, label, options));
  } catch (error) {
    if (
      error instanceof ValidationError ||
      (error instanceof Error && error.name === 'AbortError')
    ) {
      throw error;
    }
    if (error instanceof Error && 'code' in error) {
      throw new SourceUnavailableError(`cannot read the FHIR file ${path}`, error);
    }
    throw error;
  }
}
