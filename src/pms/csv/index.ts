/**
 * The CSV export connector: `openCsvFolder({ folder, columns })` streams canonical records from
 * the four-file folder of domain.md; `CsvColumnMapping` (loaded from `--columns FILE`) maps a
 * practice's own export onto it.
 */
export { openCsvFolder, type CsvFolderOptions } from './csv-source.ts';
export {
  CsvColumnMapping,
  CsvFileMapping,
  parseCsvColumnMapping,
  readCsvColumnMapping,
} from './column-mapping.ts';
export { CSV_FILE_NAMES, CSV_LAYOUT, type CsvFileName } from './layout.ts';
