import type { Appointment, PatientRecords, Procedure, Recall } from '../../domain/records.ts';
import type { ReadOptions, ReadProblem } from '../source.ts';
import {
  connectReadOnly,
  queryRows,
  release,
  unavailable,
  type Connection,
  type OpenDentalTarget,
} from './connection.ts';
import {
  APPOINTMENT_SQL,
  PATIENT_SQL,
  PLANNED_PROCEDURE_SQL,
  PROCEDURE_CODE_SQL,
  PROCEDURE_SQL,
  RECALL_SQL,
} from './queries.ts';
import { mapAppointment, mapPatient, mapProcedure, mapRecall, type Row } from './row-mappers.ts';
import { RowSource } from './row-source.ts';

/**
 * The merge join at the heart of the connector: four queries (patient, appointment, recall,
 * procedurelog), each ordered by PatNum on its own connection, read side by side so that each
 * patient is yielded with all their records while no table is ever held whole in memory.
 */

/** Connections a source has open, so that `close()` can release those of an abandoned read. */
export type ConnectionRegistry = Set<Connection>;

interface Child<T> {
  source: RowSource;
  table: string;
  key: string;
  map: (row: Row, patientId: string) => T | string | null;
}

/**
 * Moves `child` past every row whose PatNum is at most `patNum`, collecting the current patient's
 * records into `into` (null when the patient itself was skipped). Rows of a lower PatNum have no
 * patient. Returns false when the buffer ran dry before the next patient's rows: fill and retry.
 */
function take<T>(
  child: Child<T>,
  patNum: number,
  patientId: string,
  into: T[] | null,
  report: (p: ReadProblem) => void,
): boolean {
  const source = child.source;
  for (;;) {
    const row = source.peek();
    if (row === undefined) return source.done;
    const owner = row[1] as number;
    if (owner > patNum) return true;
    source.skip();
    if (owner < patNum) {
      report({
        where: `${child.table} ${child.key}=${String(row[0])}`,
        reason: `its patient PatNum=${owner} does not exist`,
      });
      continue;
    }
    if (into === null) continue;
    const record = child.map(row, patientId);
    if (typeof record === 'string')
      report({ where: `${child.table} ${child.key}=${String(row[0])}`, reason: record });
    else if (record !== null) into.push(record);
  }
}

async function procedureCodes(
  connection: Connection,
  target: OpenDentalTarget,
): Promise<Map<number, string>> {
  try {
    const codes = new Map<number, string>();
    for (const row of await queryRows(connection, PROCEDURE_CODE_SQL))
      codes.set(row[0] as number, row[1] as string);
    return codes;
  } catch (error) {
    throw unavailable(target, error, 'reading procedure codes');
  }
}

async function openConnections(
  target: OpenDentalTarget,
  count: number,
  registry: ConnectionRegistry,
): Promise<Connection[]> {
  const settled = await Promise.allSettled(
    Array.from({ length: count }, () => connectReadOnly(target)),
  );
  const opened: Connection[] = [];
  for (const result of settled) if (result.status === 'fulfilled') opened.push(result.value);
  for (const connection of opened) registry.add(connection);
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    for (const connection of opened) {
      registry.delete(connection);
      connection.destroy();
    }
    throw failed.reason;
  }
  return opened;
}

/** Streams every patient in PatNum order with their records. See `openOpenDental`. */
export async function* readOpenDentalPatients(
  target: OpenDentalTarget,
  options: ReadOptions,
  registry: ConnectionRegistry,
): AsyncGenerator<PatientRecords> {
  const report = options.onProblem ?? (() => undefined);
  const signal = options.signal;
  signal?.throwIfAborted();
  const connections = await openConnections(target, 4, registry);
  let completed = false;
  try {
    const [c0, c1, c2, c3] = connections as [Connection, Connection, Connection, Connection];
    const codes = await procedureCodes(c3, target);
    const patients = new RowSource(c0, PATIENT_SQL);
    const appointments: Child<Appointment> = {
      source: new RowSource(c1, APPOINTMENT_SQL),
      table: 'appointment',
      key: 'AptNum',
      map: mapAppointment,
    };
    const recalls: Child<Recall> = {
      source: new RowSource(c2, RECALL_SQL),
      table: 'recall',
      key: 'RecallNum',
      map: mapRecall,
    };
    const procedures: Child<Procedure> = {
      source: new RowSource(
        c3,
        options.procedures === 'planned' ? PLANNED_PROCEDURE_SQL : PROCEDURE_SQL,
      ),
      table: 'procedurelog',
      key: 'ProcNum',
      map: (row, patientId) => mapProcedure(row, patientId, codes),
    };

    for (;;) {
      const row = patients.peek();
      if (row === undefined) {
        if (patients.done) break;
        await patients.fill();
        continue;
      }
      patients.skip();
      if (signal?.aborted) signal.throwIfAborted();
      const patNum = row[0] as number;
      const patient = mapPatient(row);
      const usable = typeof patient !== 'string';
      if (!usable) {
        const reason = `${patient} (the patient's records are skipped too)`;
        report({ where: `patient PatNum=${patNum}`, reason });
      }
      // A skipped patient's records are passed over (into null) without a report of their own.
      const id = usable ? patient.id : '';
      const a: Appointment[] | null = usable ? [] : null;
      const r: Recall[] | null = usable ? [] : null;
      const p: Procedure[] | null = usable ? [] : null;
      while (!take(appointments, patNum, id, a, report)) await appointments.source.fill();
      while (!take(recalls, patNum, id, r, report)) await recalls.source.fill();
      while (!take(procedures, patNum, id, p, report)) await procedures.source.fill();
      if (usable) yield { patient, appointments: a!, recalls: r!, procedures: p! };
    }
    // Whatever is left belongs to PatNums after the last patient: none of them exists.
    while (!take(appointments, Infinity, '', null, report)) await appointments.source.fill();
    while (!take(recalls, Infinity, '', null, report)) await recalls.source.fill();
    while (!take(procedures, Infinity, '', null, report)) await procedures.source.fill();
    completed = true;
  } catch (error) {
    throw unavailable(target, error, 'reading');
  } finally {
    // A query still streaming cannot be ended politely: destroying the socket stops the server too.
    for (const connection of connections) registry.delete(connection);
    await Promise.all(connections.map((connection) => release(connection, completed)));
  }
}
