import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { PatientRecords } from '../../domain/records.ts';

/**
 * Writes a practice as the CSV export of domain.md (the folder the CSV connector reads), streamed
 * file by file so 100,000 patients never become one string. patients.csv also gets the optional
 * `language` and `updated_at` columns the connector reads.
 */

type Cell = string | number | boolean | undefined;

const FLUSH_AT = 1 << 16;

function cell(value: Cell): string {
  if (value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV file, written in 64 KB pieces that wait for the disk when it falls behind. */
class CsvFileWriter {
  private readonly stream: WriteStream;
  private pending = '';

  constructor(path: string, header: readonly string[]) {
    this.stream = createWriteStream(path, { encoding: 'utf8' });
    this.pending = `${header.join(',')}\n`;
  }

  async row(cells: readonly Cell[]): Promise<void> {
    this.pending += `${cells.map(cell).join(',')}\n`;
    if (this.pending.length >= FLUSH_AT) await this.flush();
  }

  private async flush(): Promise<void> {
    const text = this.pending;
    this.pending = '';
    if (!this.stream.write(text)) await once(this.stream, 'drain');
  }

  async end(): Promise<void> {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'finish');
  }

  destroy(): void {
    this.stream.destroy();
  }
}

/** Writes patients.csv, appointments.csv, recalls.csv and procedures.csv into `folder`. */
export async function writeCsvFolder(
  records: Iterable<PatientRecords>,
  folder: string,
): Promise<void> {
  await mkdir(folder, { recursive: true });
  const patients = new CsvFileWriter(join(folder, 'patients.csv'), [
    'patient_id',
    'first_name',
    'last_name',
    'preferred_name',
    'birth_date',
    'status',
    'mobile_phone',
    'home_phone',
    'work_phone',
    'email',
    'sms_consent',
    'contact_preference',
    'guarantor_id',
    'clinic_id',
    'language',
    'updated_at',
  ]);
  const appointments = new CsvFileWriter(join(folder, 'appointments.csv'), [
    'appointment_id',
    'patient_id',
    'status',
    'start',
    'is_hygiene',
    'clinic_id',
  ]);
  const recalls = new CsvFileWriter(join(folder, 'recalls.csv'), [
    'recall_id',
    'patient_id',
    'due_date',
    'previous_date',
    'scheduled_date',
    'disabled',
  ]);
  const procedures = new CsvFileWriter(join(folder, 'procedures.csv'), [
    'procedure_id',
    'patient_id',
    'status',
    'fee',
    'planned_date',
    'completed_date',
    'appointment_id',
    'code',
  ]);
  const all = [patients, appointments, recalls, procedures];
  try {
    for (const { patient: p, ...children } of records) {
      await patients.row([
        p.id,
        p.firstName,
        p.lastName,
        p.preferredName,
        p.birthDate,
        p.status,
        p.mobilePhone,
        p.homePhone,
        p.workPhone,
        p.email,
        p.smsConsent,
        p.contactPreference,
        p.guarantorId,
        p.clinicId,
        p.language,
        p.updatedAt,
      ]);
      for (const a of children.appointments) {
        await appointments.row([a.id, a.patientId, a.status, a.start, a.isHygiene, a.clinicId]);
      }
      for (const r of children.recalls) {
        await recalls.row([
          r.id,
          r.patientId,
          r.dueDate,
          r.previousDate,
          r.scheduledDate,
          r.disabled,
        ]);
      }
      for (const x of children.procedures) {
        await procedures.row([
          x.id,
          x.patientId,
          x.status,
          x.fee,
          x.plannedDate,
          x.completedDate,
          x.appointmentId,
          x.code,
        ]);
      }
    }
    for (const writer of all) await writer.end();
  } catch (error) {
    for (const writer of all) writer.destroy();
    throw error;
  }
}
