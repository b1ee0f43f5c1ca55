import { createServer } from 'node:net';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { format } from 'mysql2';
import { createConnection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditTally } from '../src/domain/audit.ts';
import { segmentContext, segmentPatient } from '../src/domain/segment.ts';
import type { PatientRecords, Procedure } from '../src/domain/records.ts';
import { SourceUnavailableError } from '../src/lib/errors.ts';
import {
  connectReadOnly,
  parseOpenDentalUrl,
  queryRows,
} from '../src/pms/opendental/connection.ts';
import { openOpenDental } from '../src/pms/opendental/index.ts';
import type { ReadProblem } from '../src/pms/source.ts';
import { generatePractice } from '../src/sandbox/practice/generate.ts';
import { openDentalDdl } from '../src/sandbox/practice/opendental-schema.ts';
import { writeOpenDentalSql } from '../src/sandbox/practice/write-opendental-sql.ts';
import {
  createThrowawayDatabase,
  MARIADB_HOST,
  type ThrowawayDatabase,
} from './helpers/mariadb.ts';
import {
  expectedFixtureRecords,
  FIXTURE_PROBLEMS,
  fixtureRows,
  handMadeRecords,
} from './helpers/opendental-fixture.ts';

/**
 * The Open Dental connector against a real MariaDB holding Open Dental's own tables (with the
 * columns the connector never reads): every enum code, zero dates, empty strings, language codes,
 * malformed rows, orphans, early exits, unreachable servers, and round trips through the writer.
 */

async function readAll(
  url: string,
  procedures: 'all' | 'planned' = 'all',
): Promise<{ records: PatientRecords[]; problems: ReadProblem[] }> {
  const source = openOpenDental({ url });
  const records: PatientRecords[] = [];
  const problems: ReadProblem[] = [];
  try {
    for await (const r of source.readPatients({ onProblem: (p) => problems.push(p), procedures }))
      records.push(r);
  } finally {
    await source.close();
  }
  return { records, problems };
}

async function sqlOf(records: Iterable<PatientRecords>): Promise<string> {
  const chunks: string[] = [];
  const out = new Writable({
    write(chunk: Buffer, _e, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  await writeOpenDentalSql(records, out);
  return chunks.join('');
}

/** What Open Dental can say of a canonical record (see write-opendental-sql.ts). */
function asOpenDentalSays(records: PatientRecords[]): PatientRecords[] {
  const procedure = (p: Procedure): Procedure => ({
    ...p,
    fee: p.fee === 0 ? undefined : p.fee,
    completedDate: p.status === 'completed' ? p.completedDate : undefined,
  });
  return records.map((r) => ({
    patient: r.patient,
    appointments: r.appointments.map((a) =>
      a.status === 'cancelled' ? { ...a, status: 'other' as const } : a,
    ),
    recalls: r.recalls,
    procedures: r.procedures.map(procedure),
  }));
}

/** Connections the server holds for a database (to prove none is left behind). */
async function connectionsTo(database: string): Promise<number> {
  const admin = await createConnection({ host: MARIADB_HOST, user: 'root' });
  try {
    const [rows] = await admin.query(
      'SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE DB = ?',
      [database],
    );
    return Number((rows as Array<{ n: number }>)[0]!.n);
  } finally {
    await admin.end();
  }
}

async function eventually(probe: () => Promise<number>, expected: number): Promise<number> {
  let value = await probe();
  for (let i = 0; i < 40 && value !== expected; i++) {
    await new Promise((r) => setTimeout(r, 50));
    value = await probe();
  }
  return value;
}

describe('Open Dental connector, on a hand-made database', () => {
  let db: ThrowawayDatabase;
  let read: Awaited<ReturnType<typeof readAll>>;

  beforeAll(async () => {
    db = await createThrowawayDatabase();
    await db.load(openDentalDdl());
    // Impossible dates are what a damaged Open Dental database holds: let them in.
    const inserts = fixtureRows().map(({ table, row }) =>
      format('INSERT INTO ?? SET ?', [table, row]),
    );
    await db.load(`SET SESSION sql_mode = 'ALLOW_INVALID_DATES';\n${inserts.join(';\n')};`);
    read = await readAll(db.url);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('gives back exactly the canonical records: every enum code, zero dates, empty strings, languages', () => {
    expect(read.records).toEqual(expectedFixtureRecords());
  });

  it('streams patients in PatNum order', () => {
    const ids = read.records.map((r) => Number(r.patient.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  it('reports each unusable row with its place, skips it, and skips the records of a skipped patient', () => {
    expect(read.problems).toEqual(FIXTURE_PROBLEMS);
    // Problems name tables, keys and columns; never a name, phone or date of the row.
    for (const p of read.problems)
      expect(`${p.where} ${p.reason}`).not.toMatch(/Lee|Ann|555|@|\d{4}-\d{2}-\d{2}/);
  });

  it('counts the patients', async () => {
    const source = openOpenDental({ url: db.url });
    expect(await source.countPatients()).toBe(expectedFixtureRecords().length + 4);
    await source.close();
  });

  it("reads in a read-only session: a write through the connector's connection is refused and changes nothing", async () => {
    const connection = await connectReadOnly(parseOpenDentalUrl(db.url));
    try {
      const before = await queryRows(connection, 'SELECT COUNT(*), MAX(LName) FROM patient');
      for (const write of [
        "UPDATE patient SET LName = 'Changed'",
        'DELETE FROM recall',
        "INSERT INTO commlog (PatNum, Note) VALUES (1, 'x')",
      ])
        await expect(connection.promise().query(write)).rejects.toMatchObject({
          code: 'ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION',
        });
      expect(await queryRows(connection, 'SELECT COUNT(*), MAX(LName) FROM patient')).toEqual(
        before,
      );
    } finally {
      connection.destroy();
    }
    expect(await readAll(db.url)).toEqual(read);
  });
});

describe('Open Dental connector, round trips through the SQL writer', () => {
  let db: ThrowawayDatabase;
  let dir: string;
  const AS_OF = '2026-11-28';
  const generated = generatePractice({ patients: 3000, seed: 7, asOf: AS_OF });

  beforeAll(async () => {
    db = await createThrowawayDatabase();
    dir = mkdtempSync(join(tmpdir(), 'pms-opendental-'));
  });
  afterAll(async () => {
    await db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('gives back hand-made records covering everything Open Dental can represent (loaded with mysql2)', async () => {
    const roundTrip = await createThrowawayDatabase();
    try {
      const records = handMadeRecords();
      await roundTrip.load(await sqlOf(records));
      const read = await readAll(roundTrip.url);
      expect(read.problems).toEqual([]);
      expect(read.records).toEqual(asOpenDentalSays(records));
    } finally {
      await roundTrip.drop();
    }
  });

  it('gives back a generated practice of 3,000 patients (loaded with the mariadb client), and the same audit', async () => {
    const file = join(dir, 'practice.sql');
    const out = createWriteStream(file);
    await writeOpenDentalSql(generated.records, out);
    await new Promise<void>((resolve, reject) =>
      out.end((e?: Error | null) => (e ? reject(e) : resolve())),
    );
    await db.load(file);

    const read = await readAll(db.url);
    expect(read.problems).toEqual([]);
    const expected = asOpenDentalSays(generated.records).sort(
      (a, b) => Number(a.patient.id) - Number(b.patient.id),
    );
    expect(read.records).toHaveLength(3000);
    expect(read.records).toEqual(expected);

    const fromMemory = new AuditTally(AS_OF, generated.practice);
    for (const r of generated.records) fromMemory.add(r);
    const fromDatabase = new AuditTally(AS_OF, generated.practice);
    for (const r of read.records) fromDatabase.add(r);
    const report = fromDatabase.finish(0);
    expect(report).toEqual(fromMemory.finish(0));
    expect(report.patients).toBe(3000);

    // The audit and the sync read planned procedures only (segmentation needs nothing else):
    // every patient segments exactly as with all their procedures, and only planned ones come.
    const planned = await readAll(db.url, 'planned');
    expect(planned.problems).toEqual([]);
    const ctx = segmentContext(AS_OF, generated.practice.windows);
    expect(planned.records.map((r) => segmentPatient(r, ctx))).toEqual(
      read.records.map((r) => segmentPatient(r, ctx)),
    );
    const procedures = planned.records.flatMap((r) => r.procedures);
    expect(procedures.length).toBeGreaterThan(0);
    expect(procedures.every((p) => p.status === 'planned')).toBe(true);
    expect(procedures.length).toBe(
      read.records.flatMap((r) => r.procedures).filter((p) => p.status === 'planned').length,
    );
  });

  it('leaves no connection behind when the loop is broken off early, and can read again', async () => {
    const source = openOpenDental({ url: db.url });
    let seen = 0;
    for await (const _ of source.readPatients()) {
      if (++seen === 10) break;
    }
    expect(await eventually(() => connectionsTo(db.name), 0)).toBe(0);
    let again = 0;
    for await (const _ of source.readPatients()) again++;
    expect(again).toBe(3000);
    await source.close();
    expect(await eventually(() => connectionsTo(db.name), 0)).toBe(0);
  });

  it('releases the connections of a read abandoned without break, on close()', async () => {
    const source = openOpenDental({ url: db.url });
    const iterator = source.readPatients()[Symbol.asyncIterator]();
    await iterator.next();
    expect(await connectionsTo(db.name)).toBe(4);
    await source.close();
    expect(await eventually(() => connectionsTo(db.name), 0)).toBe(0);
  });

  it('stops with the abort signal and releases its connections', async () => {
    const source = openOpenDental({ url: db.url });
    const controller = new AbortController();
    let seen = 0;
    await expect(async () => {
      for await (const _ of source.readPatients({ signal: controller.signal })) {
        if (++seen === 5) controller.abort(new Error('stop'));
      }
    }).rejects.toThrow('stop');
    expect(seen).toBe(5);
    expect(await eventually(() => connectionsTo(db.name), 0)).toBe(0);
    await source.close();
  });
});

describe('Open Dental connector, when the database cannot be used', () => {
  const PASSWORD = 'Sup3r-Secret-Passw0rd';

  async function unavailable(url: string, call: 'count' | 'read'): Promise<SourceUnavailableError> {
    const source = openOpenDental({ url });
    try {
      if (call === 'count') await source.countPatients();
      else for await (const _ of source.readPatients()) break;
    } catch (error) {
      expect(error).toBeInstanceOf(SourceUnavailableError);
      return error as SourceUnavailableError;
    } finally {
      await source.close();
    }
    throw new Error('expected SourceUnavailableError');
  }

  async function closedPort(): Promise<number> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return port;
  }

  it('names host and database, never the password, when nothing listens on the port', async () => {
    const port = await closedPort();
    const error = await unavailable(
      `mysql://root:${PASSWORD}@127.0.0.1:${port}/opendental`,
      'read',
    );
    expect(error.message).toContain(`127.0.0.1:${port}`);
    expect(error.message).toContain('opendental');
    expect(error.message).not.toContain(PASSWORD);
    expect(JSON.stringify(error)).not.toContain(PASSWORD);
  });

  it('names host and database, never the password, when the password is wrong', async () => {
    const error = await unavailable(`mysql://root:${PASSWORD}@127.0.0.1:3306/mysql`, 'count');
    expect(error.message).toMatch(/database mysql on 127\.0\.0\.1:3306 .*access denied/);
    expect(error.message).not.toContain(PASSWORD);
    expect(String((error.cause as Error | undefined)?.message)).not.toContain(PASSWORD);
  });

  it('says when the database does not exist', async () => {
    const error = await unavailable('mysql://root@127.0.0.1:3306/no_such_opendental_db', 'read');
    expect(error.message).toContain('no such database');
  });
});
