import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { PatientRecords } from '../../domain/records.ts';
import { OPEN_DENTAL_TABLES } from './opendental-schema.ts';
import { writeOpenDentalSql } from './write-opendental-sql.ts';

/** Text-level checks; test/pms-opendental.test.ts loads the output into MariaDB and reads it back. */

function sink(options: { slow?: boolean } = {}): { out: Writable; text: () => string } {
  const chunks: string[] = [];
  const out = new Writable({
    highWaterMark: 1024,
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      // A slow consumer makes the writer wait for 'drain'.
      if (options.slow) setTimeout(done, 1);
      else done();
    },
  });
  return { out, text: () => chunks.join('') };
}

function patient(id: string, extra: Partial<PatientRecords['patient']> = {}): PatientRecords {
  return {
    patient: {
      id,
      status: 'active',
      firstName: 'Ann',
      lastName: 'Lee',
      smsConsent: 'yes',
      contactPreference: 'none',
      ...extra,
    },
    appointments: [],
    recalls: [],
    procedures: [],
  };
}

const statements = (sql: string, table: string): string[] =>
  sql.split(';\n').filter((s) => s.startsWith(`INSERT INTO \`${table}\``));

describe('writeOpenDentalSql', () => {
  it('writes the six tables, then the rows, in INSERTs of at most 1,000 rows', async () => {
    const many = patient('1');
    many.appointments = Array.from({ length: 2500 }, (_, i) => ({
      id: String(i + 1),
      patientId: '1',
      status: 'completed' as const,
      start: '2025-03-04T09:15:00',
      isHygiene: i % 2 === 0,
    }));
    const { out, text } = sink();
    await writeOpenDentalSql([many], out);
    const sql = text();
    for (const table of Object.keys(OPEN_DENTAL_TABLES))
      expect(sql).toContain(`CREATE TABLE \`${table}\``);
    const inserts = statements(sql, 'appointment');
    expect(inserts.map((s) => s.split('\n').length - 1)).toEqual([1000, 1000, 500]);
    expect(sql.indexOf('CREATE TABLE')).toBeLessThan(sql.indexOf('INSERT INTO'));
    expect(sql.trimEnd().endsWith('ENABLE KEYS;')).toBe(true);
  });

  it('leaves the DDL out when asked', async () => {
    const { out, text } = sink();
    await writeOpenDentalSql([patient('1')], out, { createTables: false });
    expect(text()).not.toContain('CREATE TABLE');
    expect(text()).not.toContain('DISABLE KEYS');
    expect(statements(text(), 'patient')).toHaveLength(1);
  });

  it('escapes quotes, backslashes and line breaks in text', async () => {
    const { out, text } = sink();
    await writeOpenDentalSql(
      [patient('1', { lastName: "O'Brien \\ Jr\nII", email: "a'b@example.com" })],
      out,
    );
    expect(text()).toContain("'O\\'Brien \\\\ Jr\\nII'");
    expect(text()).toContain("'a\\'b@example.com'");
  });

  it("writes absent dates as Open Dental's 0001-01-01 and the head of a family as their own guarantor", async () => {
    const { out, text } = sink();
    await writeOpenDentalSql([patient('7')], out);
    const row = statements(text(), 'patient')[0]!.split('\n')[1]!;
    expect(row).toContain("'0001-01-01'");
    // PatNum first, Guarantor after the three phones: 7 both times.
    expect(row.startsWith('(7,')).toBe(true);
    expect(row).toMatch(/'','','',7,/);
  });

  it('numbers ids that are not decimal numbers, consistently across tables', async () => {
    const child = patient('p-2', { guarantorId: 'p-1' });
    child.appointments = [
      {
        id: 'a-1',
        patientId: 'p-2',
        status: 'scheduled',
        start: '2027-01-01T08:00:00',
        isHygiene: false,
      },
    ];
    child.procedures = [
      {
        id: 'x',
        patientId: 'p-2',
        status: 'planned',
        appointmentId: 'a-1',
        code: 'D2740',
        fee: 900,
      },
    ];
    const { out, text } = sink();
    await writeOpenDentalSql([patient('p-1'), child], out);
    const sql = text();
    expect(statements(sql, 'patient')[0]).toContain('(900000000002,');
    // The child's guarantor is the first patient's number.
    expect(statements(sql, 'patient')[0]).toMatch(/\(900000000002,[^\n]*,900000000001,/);
    expect(statements(sql, 'procedurelog')[0]).toMatch(/\(900000000001,900000000002,900000000001,/);
    expect(statements(sql, 'procedurecode')[0]).toContain("(1,'D2740',");
  });

  it('writes a clinic row for every clinic used', async () => {
    const { out, text } = sink();
    await writeOpenDentalSql(
      [patient('1', { clinicId: '3' }), patient('2', { clinicId: '5' }), patient('3')],
      out,
    );
    const clinics = statements(text(), 'clinic');
    expect(clinics).toHaveLength(1);
    expect(clinics[0]!.split('\n').slice(1)).toEqual([
      "(3,'Clinic 3','C3',3),",
      "(5,'Clinic 5','C5',5)",
    ]);
  });

  it('waits for a slow stream and loses nothing', async () => {
    const records = Array.from({ length: 3000 }, (_, i) => patient(String(i + 1)));
    const slow = sink({ slow: true });
    await writeOpenDentalSql(records, slow.out);
    const fast = sink();
    await writeOpenDentalSql(records, fast.out);
    expect(slow.text()).toBe(fast.text());
    expect(statements(slow.text(), 'patient')).toHaveLength(3);
  });

  it('accepts an async iterable', async () => {
    async function* stream(): AsyncGenerator<PatientRecords> {
      yield patient('1');
      yield patient('2');
    }
    const { out, text } = sink();
    await writeOpenDentalSql(stream(), out);
    expect(statements(text(), 'patient')[0]!.split('\n')).toHaveLength(3);
  });
});
