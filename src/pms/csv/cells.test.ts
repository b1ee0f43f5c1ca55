import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../lib/errors.ts';
import { CellReader, RowProblem } from './cells.ts';
import { CSV_LAYOUT } from './layout.ts';

const appointments = CSV_LAYOUT['appointments.csv'];
const header = ['appointment_id', 'patient_id', 'status', 'start', 'is_hygiene', 'clinic_id'];

function reader(cells: Record<string, string>): CellReader {
  const r = new CellReader(header, appointments, undefined, 'appointments.csv');
  r.use(header.map((name) => cells[name] ?? ''));
  return r;
}

function problemOf(read: () => unknown): string {
  try {
    read();
  } catch (error) {
    if (error instanceof RowProblem) return error.message;
    throw error;
  }
  throw new Error('expected a RowProblem');
}

describe('local date-times', () => {
  it.each([
    ['2026-03-08T09:05', '2026-03-08T09:05:00'],
    ['2026-03-08T09:05:30', '2026-03-08T09:05:30'],
    ['2026-03-08 09:05', '2026-03-08T09:05:00'],
    ['  2026-03-08T09:05  ', '2026-03-08T09:05:00'],
  ])('%j reads as %s', (cell, expected) => {
    expect(reader({ start: cell }).dateTime('start')).toBe(expected);
  });

  it.each([
    '2026-02-30T10:00',
    '2026-1-5T10:00',
    '02/03/2026 10:00',
    '2026-03-08',
    '2026-03-08T24:00',
    '2026-03-08T10:00Z',
  ])('%j is an error naming the column, not the value', (cell) => {
    const reason = problemOf(() => reader({ start: cell }).dateTime('start'));
    expect(reason).toMatch(/^start is not a real local date-time/);
    expect(reason).not.toContain(cell.trim());
  });

  it('an empty cell is absent', () => {
    expect(reader({ start: '' }).dateTime('start')).toBeUndefined();
  });
});

describe('booleans', () => {
  it.each([
    ['true', true],
    ['TRUE', true],
    ['1', true],
    ['false', false],
    ['False', false],
    ['0', false],
    ['', false],
  ])('%j is %s', (cell, expected) => {
    expect(reader({ is_hygiene: cell }).boolean('is_hygiene', false)).toBe(expected);
  });

  it.each(['yes', 'Y', '2', 'hygiene'])('%j is an error', (cell) => {
    expect(problemOf(() => reader({ is_hygiene: cell }).boolean('is_hygiene', false))).toBe(
      'is_hygiene is not true, false, 1 or 0',
    );
  });
});

describe('choices', () => {
  it('compares without regard to case and returns our word', () => {
    expect(reader({ status: 'Completed' }).choice('status', ['completed', 'broken'])).toBe(
      'completed',
    );
  });

  it('names the allowed values when the cell holds another', () => {
    expect(problemOf(() => reader({ status: 'done' }).choice('status', ['completed']))).toBe(
      'status is not one of completed',
    );
  });
});

describe('amounts', () => {
  const procedures = CSV_LAYOUT['procedures.csv'];
  const read = (fee: string) => {
    const r = new CellReader(
      ['procedure_id', 'patient_id', 'status', 'fee'],
      procedures,
      undefined,
      'p.csv',
    );
    r.use(['1', '1', 'planned', fee]);
    return r.amount('fee');
  };

  it.each([
    ['120', 120],
    ['120.50', 120.5],
    ['0', 0],
    ['', undefined],
  ])('%j is %s', (cell, expected) => {
    expect(read(cell)).toBe(expected);
  });

  it.each([
    ['-5', 'fee is negative'],
    ['$120', 'fee is not a number'],
    ['1,200', 'fee is not a number'],
    ['12e3', 'fee is not a number'],
  ])('%j: %s', (cell, reason) => {
    expect(problemOf(() => read(cell))).toBe(reason);
  });
});

describe('the header', () => {
  it('finds columns whatever their case and ignores extra ones', () => {
    const r = new CellReader(
      ['Appointment_ID', 'notes', 'PATIENT_ID', 'Status', 'start'],
      appointments,
      undefined,
      'appointments.csv',
    );
    r.use(['A1', 'secret', 'P1', 'completed', '2026-01-01T10:00']);
    expect([r.required('appointment_id'), r.required('patient_id'), r.raw('is_hygiene')]).toEqual([
      'A1',
      'P1',
      undefined,
    ]);
  });

  it('a missing required column is a ValidationError naming file and column', () => {
    const build = () =>
      new CellReader(
        ['appointment_id', 'patient_id', 'status'],
        appointments,
        undefined,
        'appts.csv',
      );
    expect(build).toThrow(ValidationError);
    expect(build).toThrow('appts.csv has no column start');
  });

  it('reads through a mapping, with value maps, and names both columns in problems', () => {
    const r = new CellReader(
      ['ID', 'Pat', 'St', 'When', 'Hyg'],
      appointments,
      {
        columns: {
          appointment_id: 'ID',
          patient_id: 'Pat',
          status: 'St',
          start: 'When',
          is_hygiene: 'Hyg',
        },
        values: { status: { C: 'completed' }, is_hygiene: { Y: 'true', N: '' } },
      },
      'appts.csv',
    );
    r.use(['1', '2', 'C', '2026-01-01T10:00', 'Y']);
    expect(r.choice('status', ['completed'])).toBe('completed');
    expect(r.boolean('is_hygiene', false)).toBe(true);
    r.use(['1', '2', 'X', '2026-01-01T10:00', 'N']);
    expect(r.boolean('is_hygiene', true)).toBe(true);
    expect(problemOf(() => r.choice('status', ['completed']))).toBe(
      'status (column "St") is not one of completed',
    );
  });

  it('a mapped column the file does not have is an error even when optional', () => {
    expect(
      () => new CellReader(header, appointments, { columns: { clinic_id: 'Office' } }, 'appts.csv'),
    ).toThrow('appts.csv has no column Office (mapped from clinic_id)');
  });
});
