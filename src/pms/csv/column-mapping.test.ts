import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SourceUnavailableError, ValidationError } from '../../lib/errors.ts';
import { parseCsvColumnMapping, readCsvColumnMapping } from './column-mapping.ts';

describe('parseCsvColumnMapping', () => {
  it('accepts renamed files, columns and value maps', () => {
    const mapping = {
      'patients.csv': {
        file: 'Patients Export.csv',
        columns: { patient_id: 'PatID', first_name: 'First' },
        values: { status: { A: 'active', I: 'Inactive' }, sms_consent: { '': 'unknown' } },
      },
      'recalls.csv': { values: { disabled: { Y: 'true', N: '0', '?': '' } } },
    };
    expect(parseCsvColumnMapping(mapping)).toEqual(mapping);
  });

  it.each([
    [{ 'patient.csv': {} }, /patient\.csv/],
    [{ 'patients.csv': { columns: { patient_number: 'PatNum' } } }, /patients\.csv\.columns/],
    [{ 'patients.csv': { colums: {} } }, /colums/],
    [{ 'patients.csv': { columns: { patient_id: '' } } }, /patients\.csv\.columns\.patient_id/],
    [
      { 'appointments.csv': { values: { status: { C: 'done' } } } },
      /appointments\.csv\.values\.status\.C: maps to "done", which is not one of scheduled/,
    ],
    [{ 'recalls.csv': { values: { disabled: { Y: 'yes' } } } }, /not one of true, false, 1, 0/],
  ])('rejects %j', (mapping, message) => {
    expect(() => parseCsvColumnMapping(mapping)).toThrow(ValidationError);
    expect(() => parseCsvColumnMapping(mapping)).toThrow(message);
  });
});

describe('readCsvColumnMapping', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'csv-mapping-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a JSON file', async () => {
    const path = join(dir, 'ok.json');
    await writeFile(path, JSON.stringify({ 'patients.csv': { columns: { status: 'Status' } } }));
    expect(await readCsvColumnMapping(path)).toEqual({
      'patients.csv': { columns: { status: 'Status' } },
    });
  });

  it('a missing file cannot be read; a broken one is invalid', async () => {
    await expect(readCsvColumnMapping(join(dir, 'nope.json'))).rejects.toThrow(
      SourceUnavailableError,
    );
    const path = join(dir, 'broken.json');
    await writeFile(path, '{ "patients.csv": ');
    await expect(readCsvColumnMapping(path)).rejects.toThrow(/not valid JSON/);
  });
});
