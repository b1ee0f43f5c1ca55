import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { SourceUnavailableError, ValidationError } from '../../lib/errors.ts';
import { CSV_LAYOUT, type CsvFileName } from './layout.ts';

/**
 * How a practice's own export maps onto our four files, so it can be fed as it comes out of the
 * PMS. Per file: another file name, their header for any of our columns, and value maps for any
 * column (`{ "status": { "A": "active", "I": "inactive" } }`; mapping a value to `""` makes it
 * absent). Value maps of status, consent, preference and boolean columns must land on our words.
 *
 * ```json
 * { "patients.csv": { "file": "Patients Export.csv",
 *                     "columns": { "patient_id": "PatID", "first_name": "First" },
 *                     "values": { "status": { "A": "active", "I": "inactive" } } } }
 * ```
 */

function fileMapping(file: CsvFileName) {
  const layout = CSV_LAYOUT[file];
  const ourColumn = z.enum(layout.columns as [string, ...string[]]);
  return z
    .strictObject({
      /** Their file name, relative to the folder. */
      file: z.string().min(1).optional(),
      /** Our column name → their header. */
      columns: z.partialRecord(ourColumn, z.string().min(1)).optional(),
      /** Our column name → (their value → our value). */
      values: z.partialRecord(ourColumn, z.record(z.string(), z.string())).optional(),
    })
    .superRefine((mapping, ctx) => {
      for (const [column, map] of Object.entries(mapping.values ?? {})) {
        const allowed = layout.choices[column];
        if (!allowed || !map) continue;
        for (const [theirs, ours] of Object.entries(map)) {
          if (ours === '' || allowed.includes(ours.trim().toLowerCase())) continue;
          ctx.addIssue({
            code: 'custom',
            path: ['values', column, theirs],
            message: `maps to ${JSON.stringify(ours)}, which is not one of ${allowed.join(', ')}`,
          });
        }
      }
    });
}

export const CsvFileMapping = fileMapping('patients.csv');
export type CsvFileMapping = z.infer<typeof CsvFileMapping>;

export const CsvColumnMapping = z.strictObject({
  'patients.csv': fileMapping('patients.csv').optional(),
  'appointments.csv': fileMapping('appointments.csv').optional(),
  'recalls.csv': fileMapping('recalls.csv').optional(),
  'procedures.csv': fileMapping('procedures.csv').optional(),
});
export type CsvColumnMapping = z.infer<typeof CsvColumnMapping>;

/** Validates a column mapping, with every problem named by its path in the JSON. */
export function parseCsvColumnMapping(value: unknown): CsvColumnMapping {
  const result = CsvColumnMapping.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map(
    (issue) => `${issue.path.map(String).join('.') || '(top)'}: ${issue.message}`,
  );
  const first = result.error.issues[0]?.path.map(String).join('.');
  throw new ValidationError(`the CSV column mapping is wrong: ${problems.join('; ')}`, first, {
    problems,
  });
}

/** Reads and validates a column mapping JSON file (what `--columns FILE` points at). */
export async function readCsvColumnMapping(path: string): Promise<CsvColumnMapping> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new SourceUnavailableError(`cannot read the CSV column mapping ${path}`, error);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ValidationError(`the CSV column mapping ${path} is not valid JSON`);
  }
  return parseCsvColumnMapping(json);
}
