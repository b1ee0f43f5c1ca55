import { once } from 'node:events';
import type { PatientRecords } from '../../domain/records.ts';
import { OPEN_DENTAL_TABLES, openDentalDdl } from './opendental-schema.ts';
import {
  APPOINTMENT_INSERT_COLUMNS,
  appointmentValues,
  PATIENT_INSERT_COLUMNS,
  patientValues,
  PROCEDURE_INSERT_COLUMNS,
  procedureValues,
  RECALL_INSERT_COLUMNS,
  recallValues,
  sqlString,
} from './opendental-rows.ts';

/**
 * Writes canonical records as an Open Dental database: the DDL, then multi-row INSERTs. Loads
 * with the `mariadb` client and, for small practices, with one mysql2 `multipleStatements` query.
 * What Open Dental cannot say is lost on the way (a `cancelled` appointment becomes `other`, a
 * zero fee no fee, a completion date on a procedure that is not complete nothing); the rest comes
 * back unchanged through the connector.
 */

export interface WriteOpenDentalSqlOptions {
  /** Write the CREATE TABLE statements first (default true). */
  createTables?: boolean;
}

const ROWS_PER_INSERT = 1000;
const FLUSH_AT = 1 << 20;
const DECIMAL_ID = /^[1-9]\d{0,14}$/;
/** Ids that are not decimal numbers get numbers from here up (Open Dental keys are bigints). */
const FIRST_ASSIGNED = 900_000_000_001;

/** Canonical ids to Open Dental numbers: decimal ids as they are, others numbered on first sight. */
class Numbers {
  private readonly assigned = new Map<string, string>();
  private next = FIRST_ASSIGNED;
  of(id: string): string {
    if (DECIMAL_ID.test(id)) return id;
    let n = this.assigned.get(id);
    if (n === undefined) {
      n = String(this.next++);
      this.assigned.set(id, n);
    }
    return n;
  }
}

class Batches {
  private readonly pending = new Map<string, string[]>();
  private chunks: string[] = [];
  private size = 0;
  constructor(private readonly out: NodeJS.WritableStream) {}

  add(table: string, columns: string, values: string): void {
    let rows = this.pending.get(table);
    if (rows === undefined) this.pending.set(table, (rows = []));
    rows.push(values);
    if (rows.length >= ROWS_PER_INSERT) this.emit(table, columns, rows);
  }

  /** Writes the rows still pending for `table`. */
  finish(table: string, columns: string): void {
    const rows = this.pending.get(table);
    if (rows !== undefined) this.emit(table, columns, rows);
  }

  private emit(table: string, columns: string, rows: string[]): void {
    if (rows.length === 0) return;
    this.text(`INSERT INTO \`${table}\` (${columns}) VALUES\n${rows.join(',\n')};\n`);
    rows.length = 0;
  }

  text(sql: string): void {
    this.chunks.push(sql);
    this.size += sql.length;
  }

  get needsFlush(): boolean {
    return this.size >= FLUSH_AT;
  }

  async flush(): Promise<void> {
    if (this.chunks.length === 0) return;
    const data = this.chunks.join('');
    this.chunks = [];
    this.size = 0;
    if (!this.out.write(data)) await once(this.out, 'drain');
  }
}

const TABLE_COLUMNS: Record<string, string> = {
  patient: PATIENT_INSERT_COLUMNS,
  appointment: APPOINTMENT_INSERT_COLUMNS,
  recall: RECALL_INSERT_COLUMNS,
  procedurelog: PROCEDURE_INSERT_COLUMNS,
};

/**
 * Writes `records` to `out` as SQL for an Open Dental database. Streams: memory holds one batch
 * per table, however many patients there are. Does not end `out`.
 */
export async function writeOpenDentalSql(
  records: Iterable<PatientRecords> | AsyncIterable<PatientRecords>,
  out: NodeJS.WritableStream,
  options: WriteOpenDentalSqlOptions = {},
): Promise<void> {
  const createTables = options.createTables ?? true;
  const batches = new Batches(out);
  const patients = new Numbers();
  const appointments = new Numbers();
  const recalls = new Numbers();
  const procedures = new Numbers();
  const clinics = new Numbers();
  const clinicNums = new Set<string>();
  const codeNums = new Map<string, number>();

  // DateTStamp is a TIMESTAMP: written (and read by the connector) in UTC.
  batches.text("SET NAMES utf8mb4;\nSET time_zone = '+00:00';\n");
  if (createTables) {
    batches.text(openDentalDdl());
    // As mysqldump does: build the MyISAM indexes once, after the rows are in.
    for (const table of Object.keys(OPEN_DENTAL_TABLES))
      batches.text(`ALTER TABLE \`${table}\` DISABLE KEYS;\n`);
  }
  const clinicOf = (id: string | undefined): string => {
    if (id === undefined) return '0';
    const n = clinics.of(id);
    clinicNums.add(n);
    return n;
  };

  for await (const { patient, appointments: apts, recalls: recs, procedures: procs } of records) {
    const patNum = patients.of(patient.id);
    const guarantor = patient.guarantorId === undefined ? patNum : patients.of(patient.guarantorId);
    const nums = { patNum, guarantor, clinicNum: clinicOf(patient.clinicId) };
    batches.add('patient', PATIENT_INSERT_COLUMNS, patientValues(patient, nums));
    for (const a of apts) {
      batches.add(
        'appointment',
        APPOINTMENT_INSERT_COLUMNS,
        appointmentValues(a, appointments.of(a.id), patNum, clinicOf(a.clinicId)),
      );
    }
    for (const r of recs)
      batches.add('recall', RECALL_INSERT_COLUMNS, recallValues(r, recalls.of(r.id), patNum));
    for (const p of procs) {
      let codeNum = 0;
      if (p.code !== undefined) {
        codeNum = codeNums.get(p.code) ?? codeNums.size + 1;
        codeNums.set(p.code, codeNum);
      }
      const aptNum = p.appointmentId === undefined ? '0' : appointments.of(p.appointmentId);
      batches.add(
        'procedurelog',
        PROCEDURE_INSERT_COLUMNS,
        procedureValues(p, { procNum: procedures.of(p.id), patNum, aptNum, codeNum }),
      );
    }
    if (batches.needsFlush) await batches.flush();
  }

  for (const [table, columns] of Object.entries(TABLE_COLUMNS)) batches.finish(table, columns);
  for (const [code, codeNum] of codeNums)
    batches.add('procedurecode', CODE_COLUMNS, codeValues(code, codeNum));
  batches.finish('procedurecode', CODE_COLUMNS);
  for (const n of clinicNums)
    batches.add('clinic', CLINIC_COLUMNS, `(${n},'Clinic ${n}','C${n}',${n})`);
  batches.finish('clinic', CLINIC_COLUMNS);
  if (createTables) {
    for (const table of Object.keys(OPEN_DENTAL_TABLES))
      batches.text(`ALTER TABLE \`${table}\` ENABLE KEYS;\n`);
  }
  await batches.flush();
}

const CODE_COLUMNS = 'CodeNum,ProcCode,Descript,AbbrDesc,ProcCat,IsHygiene';
const CLINIC_COLUMNS = 'ClinicNum,Description,Abbr,ItemOrder';
const HYGIENE_CODES = new Set(['D1110', 'D1120', 'D4910', 'D4341', 'D4342']);

function codeValues(code: string, codeNum: number): string {
  const hygiene = HYGIENE_CODES.has(code);
  return `(${codeNum},${sqlString(code)},${sqlString(`Procedure ${code}`)},${sqlString(code.slice(0, 50))},${hygiene ? 73 : 70},${hygiene ? 1 : 0})`;
}
