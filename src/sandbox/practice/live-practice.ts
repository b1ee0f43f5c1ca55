import type { DateTime } from 'luxon';
import { normalizePhone } from '../../domain/contact-details.ts';
import type { PatientRecords } from '../../domain/records.ts';

/**
 * The sample practice's PMS while the embedded default runs. Simulated patients book, come in or
 * miss their visit here, as the front desk would record it in the PMS; the sync reads a snapshot,
 * so it never sees half a change. A visit does what a PMS does after one: the appointment is
 * completed, the recall moves on by the recall interval, the planned treatment is done.
 */
export class LivePractice {
  private readonly byId = new Map<string, PatientRecords>();
  private readonly byPhone = new Map<string, string>();
  private nextAppointment = 1;

  constructor(
    records: readonly PatientRecords[],
    private readonly o: { defaultRegion: string; recallIntervalMonths: number },
  ) {
    for (const r of records) {
      this.byId.set(r.patient.id, structuredClone(r));
      const mobile = normalizePhone(r.patient.mobilePhone, o.defaultRegion);
      // A number shared by a family reaches the first patient listed, as a reply would.
      if (mobile && !this.byPhone.has(mobile)) this.byPhone.set(mobile, r.patient.id);
    }
  }

  /** Every patient as the PMS holds them now (copies). */
  snapshot(): PatientRecords[] {
    return [...this.byId.values()].map((r) => structuredClone(r));
  }

  /** The patient a mobile number (E.164) belongs to. */
  patientIdOfPhone(e164: string): string | undefined {
    return this.byPhone.get(e164);
  }

  /** Whether the patient has an appointment still to come. */
  hasScheduled(patientId: string): boolean {
    return !!this.byId.get(patientId)?.appointments.some((a) => a.status === 'scheduled');
  }

  /** The front desk books the patient: a scheduled appointment at `start` (local date-time). */
  book(patientId: string, start: DateTime): string | undefined {
    const r = this.byId.get(patientId);
    if (!r || this.hasScheduled(patientId)) return undefined;
    const id = `sim-${this.nextAppointment++}`;
    r.appointments.push({
      id,
      patientId,
      status: 'scheduled',
      start: start.toFormat("yyyy-MM-dd'T'HH:mm"),
      isHygiene: true,
      ...(r.patient.clinicId ? { clinicId: r.patient.clinicId } : {}),
    });
    for (const recall of r.recalls) if (!recall.disabled) recall.scheduledDate = start.toISODate()!;
    return id;
  }

  /** The patient came in on `day` (their scheduled appointment, whenever it was set for). */
  attend(patientId: string, day: DateTime): boolean {
    const r = this.byId.get(patientId);
    const appointment = r?.appointments.find((a) => a.status === 'scheduled');
    if (!r || !appointment) return false;
    appointment.status = 'completed';
    appointment.start = day.set({ hour: 9, minute: 0 }).toFormat("yyyy-MM-dd'T'HH:mm");
    const date = day.toISODate()!;
    for (const recall of r.recalls) {
      if (recall.disabled) continue;
      recall.previousDate = date;
      recall.dueDate = day.plus({ months: this.o.recallIntervalMonths }).toISODate()!;
      delete recall.scheduledDate;
    }
    for (const p of r.procedures) {
      if (p.status !== 'planned') continue;
      p.status = 'completed';
      p.completedDate = date;
      p.appointmentId = appointment.id;
    }
    return true;
  }

  /** The patient did not come on `day`: the appointment is broken, as a no-show is recorded. */
  miss(patientId: string, day: DateTime): boolean {
    const r = this.byId.get(patientId);
    const appointment = r?.appointments.find((a) => a.status === 'scheduled');
    if (!r || !appointment) return false;
    appointment.status = 'broken';
    appointment.start = day.set({ hour: 9, minute: 0 }).toFormat("yyyy-MM-dd'T'HH:mm");
    for (const recall of r.recalls) delete recall.scheduledDate;
    return true;
  }
}
