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

/** Opens the PMS connector a command or the service names. */
export function openPmsSource(options: OpenSourceOptions): PmsSource {
  const { source, url } = options;
  if (source === undefined)
    throw new UsageError(`a PMS source is required (--source ${PMS_SOURCES.join('|')})`);
  if (url === undefined || url.trim() === '')
    throw new UsageError(`--url is required for --source ${source}`);
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
