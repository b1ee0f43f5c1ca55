import { stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { PatientRecords } from '../../domain/records.ts';
import { SourceUnavailableError } from '../../lib/errors.ts';
import type { PmsSource, ReadOptions, ReadProblem } from '../source.ts';
import { ChildIndex } from './child-index.ts';
import { parseCsvColumnMapping, type CsvColumnMapping } from './column-mapping.ts';
import { CSV_FILE_NAMES, CSV_LAYOUT, type CsvFileName } from './layout.ts';
import type { CellReader } from './cells.ts';
import { checkHeader, readRecords, type CsvFile } from './read-records.ts';
import { readCsvRows } from './read-rows.ts';
import { appointmentFromRow, patientFromRow, procedureFromRow, recallFromRow } from './records.ts';

export interface CsvFolderOptions {
  /** The folder holding patients.csv, appointments.csv and optionally recalls.csv, procedures.csv. */
  folder: string;
  /** The practice's own file and column names (validated here; see column-mapping.ts). */
  columns?: CsvColumnMapping;
}

type Files = Record<CsvFileName, CsvFile & { explicit: boolean }>;

function resolveFiles(folder: string, mapping: CsvColumnMapping): Files {
  const entries = CSV_FILE_NAMES.map((name) => {
    const fileMapping = mapping[name];
    const path = join(folder, fileMapping?.file ?? name);
    const file = {
      name,
      path,
      label: basename(path),
      layout: CSV_LAYOUT[name],
      mapping: fileMapping,
      explicit: fileMapping?.file !== undefined,
    };
    return [name, file] as const;
  });
  return Object.fromEntries(entries) as Files;
}

/** Whether the file is there; a required (or explicitly mapped) file that is not is an error. */
async function present(file: Files[CsvFileName], folder: string): Promise<boolean> {
  try {
    if ((await stat(file.path)).isFile()) return true;
  } catch {
    // Missing: decided below.
  }
  if (file.layout.requiredFile || file.explicit) {
    throw new SourceUnavailableError(`${file.label} is missing from the CSV folder ${folder}`);
  }
  return false;
}

/**
 * The CSV export connector (domain.md "CSV export"). The child files are read into memory first,
 * indexed by patient id; then patients.csv streams, each patient with their records. Rows that
 * cannot be read are reported through `onProblem` as `file:line` and skipped.
 */
export function openCsvFolder(options: CsvFolderOptions): PmsSource {
  const mapping = parseCsvColumnMapping(options.columns ?? {});
  const files = resolveFiles(options.folder, mapping);

  async function* readPatients(readOptions: ReadOptions = {}): AsyncGenerator<PatientRecords> {
    const onProblem = readOptions.onProblem ?? (() => {});
    const signal = readOptions.signal;
    signal?.throwIfAborted();
    // Every file there and every header right before anything is read in earnest.
    const here = new Map<CsvFileName, boolean>();
    for (const name of CSV_FILE_NAMES) here.set(name, await present(files[name], options.folder));
    for (const name of CSV_FILE_NAMES) if (here.get(name)) await checkHeader(files[name]);

    const index = new ChildIndex();
    const read = async <T>(
      name: CsvFileName,
      build: (cells: CellReader) => T,
      add: (r: T, line: number) => void,
    ) => {
      if (!here.get(name)) return;
      for await (const batch of readRecords(files[name], { build, onProblem, signal })) {
        for (const r of batch) add(r.record, r.line);
      }
    };
    await read('appointments.csv', appointmentFromRow, (r, line) => index.addAppointment(r, line));
    await read('recalls.csv', recallFromRow, (r, line) => index.addRecall(r, line));
    await read('procedures.csv', procedureFromRow, (r, line) => index.addProcedure(r, line));
    // Indexed by ChildKind.
    const labels = [
      files['appointments.csv'].label,
      files['recalls.csv'].label,
      files['procedures.csv'].label,
    ] as const;

    const patientsLabel = files['patients.csv'].label;
    const seen = new Map<string, number>();
    const rejected = new Map<string, number>();
    const patients = readRecords(files['patients.csv'], {
      build: patientFromRow,
      onProblem,
      signal,
      onRejected: (cells, line) => {
        const id = cells.raw('patient_id');
        if (id !== undefined && !seen.has(id)) rejected.set(id, line);
      },
    });
    for await (const batch of patients) {
      for (const { line, record: patient } of batch) {
        signal?.throwIfAborted();
        const first = seen.get(patient.id);
        if (first !== undefined) {
          onProblem({
            where: `${patientsLabel}:${line}`,
            reason: `patient_id repeats the patient of ${patientsLabel}:${first}`,
          });
          continue;
        }
        seen.set(patient.id, line);
        rejected.delete(patient.id);
        const children = index.take(patient.id);
        yield {
          patient,
          appointments: children?.appointments ?? [],
          recalls: children?.recalls ?? [],
          procedures: children?.procedures ?? [],
        };
      }
    }

    for (const orphan of index.orphans()) {
      const skippedAt = rejected.get(orphan.patientId);
      const problem: ReadProblem = {
        where: `${labels[orphan.kind]}:${orphan.line}`,
        reason:
          skippedAt === undefined
            ? `patient_id matches no patient in ${patientsLabel}`
            : `its patient (${patientsLabel}:${skippedAt}) was skipped`,
      };
      onProblem(problem);
    }
  }

  return {
    name: 'csv',
    async countPatients() {
      await present(files['patients.csv'], options.folder);
      let rows = 0;
      const label = files['patients.csv'].label;
      for await (const batch of readCsvRows(files['patients.csv'].path, {
        label,
        onProblem: () => {},
      })) {
        rows += batch.length;
      }
      return Math.max(0, rows - 1);
    },
    readPatients: (readOptions) => readPatients(readOptions),
    // Each read opens its files and closes them when its loop ends: nothing is held in between.
    async close() {},
  };
}
