import { UsageError } from '../lib/errors.ts';
import { openCsvFolder } from './csv/index.ts';
import type { CsvColumnMapping } from './csv/index.ts';
import { openFhir } from './fhir/index.ts';
import { openOpenDental } from './opendental/index.ts';
import { PMS_SOURCES, type PmsSource } from './source.ts';

export interface OpenSourceOptions {
  source: string | undefined;
  url: string | undefined;
  /** The practice's time zone: FHIR instants are converted to it. */
  timeZone: string;
  csvColumns?: CsvColumnMapping;
  fhirToken?: string;
}

/** The scheme of a `scheme://…` location (`mysql:`), or undefined for a file or folder path. */
function urlScheme(location: string): string | undefined {
  return /^([a-z][a-z0-9+.-]*:)\/\//i.exec(location.trim())?.[1]?.toLowerCase();
}

/**
 * A location of the wrong kind for the source (a database URL given to the CSV connector) would
 * otherwise end up in a "file not found" message, password and all: it is a usage error that
 * names only the URL's scheme.
 */
function wrongKindOfLocation(source: string, url: string): UsageError | undefined {
  const scheme = urlScheme(url);
  if (scheme === undefined) return undefined;
  if (source === 'csv') return new UsageError(`--source csv reads a folder, not a ${scheme}// URL`);
  if (source === 'fhir' && scheme !== 'http:' && scheme !== 'https:')
    return new UsageError(
      `--source fhir reads a bundle file or an http(s):// base URL, not a ${scheme}// URL`,
    );
  return undefined;
}

/** Opens the PMS connector a command or the service names. */
export function openPmsSource(options: OpenSourceOptions): PmsSource {
  const { source, url } = options;
  if (source === undefined)
    throw new UsageError(`a PMS source is required (--source ${PMS_SOURCES.join('|')})`);
  if (url === undefined || url.trim() === '')
    throw new UsageError(`--url is required for --source ${source}`);
  const wrongKind = wrongKindOfLocation(source, url);
  if (wrongKind) throw wrongKind;
  switch (source) {
    case 'opendental':
      return openOpenDental({ url });
    case 'csv':
      return openCsvFolder({
        folder: url,
        ...(options.csvColumns ? { columns: options.csvColumns } : {}),
      });
    case 'fhir':
      return openFhir({
        location: url,
        timeZone: options.timeZone,
        ...(options.fhirToken ? { bearerToken: options.fhirToken } : {}),
      });
    default:
      throw new UsageError(`unknown PMS source "${source}" (expected ${PMS_SOURCES.join(', ')})`);
  }
}
