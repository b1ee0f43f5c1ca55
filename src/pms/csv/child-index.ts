import type { Appointment, Procedure, Recall } from '../../domain/records.ts';

/**
 * The child rows (appointments, recalls, procedures) of every patient, held in memory while
 * patients.csv streams by. Each record keeps only the line it came from, packed into one number,
 * so a child whose patient never shows up can still be reported as `appointments.csv:42`.
 */

export const APPOINTMENTS = 0;
export const RECALLS = 1;
export const PROCEDURES = 2;
export type ChildKind = typeof APPOINTMENTS | typeof RECALLS | typeof PROCEDURES;

export interface Children {
  patientId: string;
  appointments: Appointment[];
  recalls: Recall[];
  procedures: Procedure[];
  /** `line * 4 + kind` per record, in the order they were added. */
  origins: number[];
}

export interface Orphan {
  kind: ChildKind;
  line: number;
  patientId: string;
}

export class ChildIndex {
  private readonly byPatient = new Map<string, Children>();

  /** The patient's bucket; its records then share one patient id string, not one each. */
  private bucket(patientId: string): Children {
    let children = this.byPatient.get(patientId);
    if (children === undefined) {
      children = { patientId, appointments: [], recalls: [], procedures: [], origins: [] };
      this.byPatient.set(patientId, children);
    }
    return children;
  }

  addAppointment(record: Appointment, line: number): void {
    const children = this.bucket(record.patientId);
    record.patientId = children.patientId;
    children.appointments.push(record);
    children.origins.push(line * 4 + APPOINTMENTS);
  }

  addRecall(record: Recall, line: number): void {
    const children = this.bucket(record.patientId);
    record.patientId = children.patientId;
    children.recalls.push(record);
    children.origins.push(line * 4 + RECALLS);
  }

  addProcedure(record: Procedure, line: number): void {
    const children = this.bucket(record.patientId);
    record.patientId = children.patientId;
    children.procedures.push(record);
    children.origins.push(line * 4 + PROCEDURES);
  }

  /** The patient's children, removed from the index (each patient is read once). */
  take(patientId: string): Children | undefined {
    const children = this.byPatient.get(patientId);
    if (children !== undefined) this.byPatient.delete(patientId);
    return children;
  }

  /** What no patient took: children whose patient does not exist or was skipped. */
  *orphans(): Generator<Orphan> {
    for (const [patientId, children] of this.byPatient) {
      for (const origin of children.origins) {
        yield { kind: (origin % 4) as ChildKind, line: Math.floor(origin / 4), patientId };
      }
    }
  }
}
