import { normalizeLocalDateTime } from '../../domain/dates.ts';
import { ValidationError } from '../../lib/errors.ts';
import type { CsvFileMapping } from './column-mapping.ts';
import type { CsvFileLayout } from './layout.ts';

/**
 * Reading the cells of one CSV file by our column names, whatever the practice's header calls
 * them. A cell that does not parse throws a RowProblem whose message names the column, never the
 * cell's content: the row may hold a patient's name or phone.
 */

export class RowProblem extends Error {}

const AMOUNT_RE = /^-?\d+(?:\.\d+)?$/;

export class CellReader {
  private readonly positions = new Map<string, number>();
  private readonly values = new Map<string, Record<string, string>>();
  private readonly headers = new Map<string, string>();
  private cells: string[] = [];
  /** Dates repeat across a million rows; each distinct one is kept once. */
  private readonly interned = new Map<string, string>();
  /** How many fields the header has; a row with another count is misaligned. */
  readonly width: number;

  /**
   * Finds our columns in `header`, through the mapping when given. A required column that is
   * missing, or a mapped column the file does not have, is a ValidationError naming both.
   */
  constructor(
    header: string[],
    layout: CsvFileLayout,
    mapping: CsvFileMapping | undefined,
    label: string,
  ) {
    this.width = header.length;
    const byName = new Map<string, number>();
    header.forEach((name, i) => {
      const key = name.trim().toLowerCase();
      if (!byName.has(key)) byName.set(key, i);
    });
    for (const column of layout.columns) {
      const theirs = mapping?.columns?.[column];
      const position = byName.get((theirs ?? column).toLowerCase());
      if (position === undefined) {
        if (theirs !== undefined || layout.requiredColumns.includes(column)) {
          const named = theirs === undefined ? column : `${theirs} (mapped from ${column})`;
          throw new ValidationError(`${label} has no column ${named}`, column, {
            file: label,
            column: theirs ?? column,
          });
        }
        continue;
      }
      this.positions.set(column, position);
      if (theirs !== undefined) this.headers.set(column, theirs);
      const values = mapping?.values?.[column];
      if (values) this.values.set(column, values);
    }
  }

  /** Points the reader at the next row. */
  use(cells: string[]): void {
    this.cells = cells;
  }

  /** Our column name, with theirs when the mapping renamed it (for problem reasons). */
  describe(column: string): string {
    const theirs = this.headers.get(column);
    return theirs === undefined ? column : `${column} (column ${JSON.stringify(theirs)})`;
  }

  /** The trimmed, value-mapped cell; undefined when the column is absent or the cell is empty. */
  raw(column: string): string | undefined {
    const position = this.positions.get(column);
    if (position === undefined) return undefined;
    let value = (this.cells[position] ?? '').trim();
    const map = this.values.get(column);
    if (map !== undefined && Object.hasOwn(map, value)) value = (map[value] ?? '').trim();
    return value === '' ? undefined : value;
  }

  /** A cell that must hold something. */
  required(column: string): string {
    const value = this.raw(column);
    if (value === undefined) throw new RowProblem(`${this.describe(column)} is empty`);
    return value;
  }

  /** A date; the canonical schema checks that it is a real one (and names the column if not). */
  date(column: string): string | undefined {
    const value = this.raw(column);
    return value === undefined ? undefined : this.intern(value);
  }

  /** A local date-time; a space in place of the `T` is accepted (what SQL exports write). */
  dateTime(column: string): string | undefined {
    const value = this.raw(column);
    if (value === undefined) return undefined;
    const normalized = normalizeLocalDateTime(value.replace(' ', 'T'));
    if (normalized === undefined) {
      throw new RowProblem(
        `${this.describe(column)} is not a real local date-time written YYYY-MM-DDTHH:MM[:SS]`,
      );
    }
    return this.intern(normalized);
  }

  private intern(value: string): string {
    const known = this.interned.get(value);
    if (known !== undefined) return known;
    this.interned.set(value, value);
    return value;
  }

  /** `true`/`false`/`1`/`0` in any case; an empty cell is `fallback`. */
  boolean(column: string, fallback: boolean): boolean {
    const value = this.raw(column)?.toLowerCase();
    if (value === undefined) return fallback;
    if (value === 'true' || value === '1') return true;
    if (value === 'false' || value === '0') return false;
    throw new RowProblem(`${this.describe(column)} is not true, false, 1 or 0`);
  }

  /** One of `allowed`, compared without regard to case. */
  choice<T extends string>(column: string, allowed: readonly T[]): T | undefined {
    const value = this.raw(column)?.toLowerCase();
    if (value === undefined) return undefined;
    const index = (allowed as readonly string[]).indexOf(value);
    if (index === -1) {
      throw new RowProblem(`${this.describe(column)} is not one of ${allowed.join(', ')}`);
    }
    // The shared constant, not the cell's own copy: a million rows share one string.
    return allowed[index]!;
  }

  /** A non-negative amount written with a dot for decimals and no currency sign. */
  amount(column: string): number | undefined {
    const value = this.raw(column);
    if (value === undefined) return undefined;
    if (!AMOUNT_RE.test(value)) throw new RowProblem(`${this.describe(column)} is not a number`);
    const amount = Number(value);
    if (amount < 0) throw new RowProblem(`${this.describe(column)} is negative`);
    return amount;
  }
}
