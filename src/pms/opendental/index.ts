import type { PatientRecords } from '../../domain/records.ts';
import type { PmsSource, ReadOptions } from '../source.ts';
import {
  connectReadOnly,
  parseOpenDentalUrl,
  queryRows,
  release,
  unavailable,
} from './connection.ts';
import { COUNT_PATIENTS_SQL } from './queries.ts';
import { readOpenDentalPatients, type ConnectionRegistry } from './read-patients.ts';

export { AUDIT_STATEMENTS } from './queries.ts';

export interface OpenDentalOptions {
  /** `mysql://user:password@host:port/database` of the Open Dental database (read-only use). */
  url: string;
}

/**
 * The Open Dental connector: reads the practice's MySQL/MariaDB database directly, read-only,
 * with Open Dental's own table and column names and enum codes (domain.md, "Open Dental").
 *
 * `readPatients` streams patients in PatNum order, each with their appointments, recalls and
 * procedures, from four queries merged on PatNum; memory stays flat however large the practice.
 * Rows that cannot be used (an impossible date, an unknown status code, a record whose patient
 * does not exist) go to `onProblem` with their table and key, never their content, and are
 * skipped; a patient row that cannot be used skips the patient's records too.
 *
 * Nothing connects until a method is called. An unreachable server, wrong credentials or a
 * missing database throw SourceUnavailableError naming host and database (never the password).
 */
export function openOpenDental(options: OpenDentalOptions): PmsSource {
  const target = parseOpenDentalUrl(options.url);
  const registry: ConnectionRegistry = new Set();
  return {
    name: 'opendental',

    async countPatients(): Promise<number | undefined> {
      const connection = await connectReadOnly(target);
      registry.add(connection);
      try {
        const count = (await queryRows(connection, COUNT_PATIENTS_SQL))[0]?.[0];
        return typeof count === 'number' ? count : Number(count);
      } catch (error) {
        throw unavailable(target, error, 'counting patients');
      } finally {
        registry.delete(connection);
        await release(connection, true);
      }
    },

    readPatients(readOptions: ReadOptions = {}): AsyncIterable<PatientRecords> {
      return readOpenDentalPatients(target, readOptions, registry);
    },

    async close(): Promise<void> {
      // Reads release their own connections when they end or are broken off; these are the
      // connections of reads that were abandoned without either.
      for (const connection of registry) connection.destroy();
      registry.clear();
    },
  };
}
