import { DateTime } from 'luxon';
import type { OpenDentalApi } from './client.ts';

/**
 * The service's outreach and the patients' replies, written back into Open Dental so the front desk
 * sees them in the chart: a commlog per message or reply, the confirmation on the appointment. Only
 * patients read from Open Dental (keys `opendental:<clinic>:<PatNum>`) can be written back.
 */
export interface WriteBackOptions {
  api: OpenDentalApi;
  timeZone: string;
  /**
   * Appointment ids by patient key (the reminder plan knows it), for confirmations that do not
   * carry their own id.
   */
  appointmentOf(patientKey: string): Promise<string | undefined>;
}

export function patNumOf(patientKey: string): number | undefined {
  const [source, , id] = patientKey.split(':');
  const n = Number(id);
  return source === 'opendental' && Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

export function createOpenDentalWriteBack(o: WriteBackOptions) {
  const logCommunication = async (e: {
    patientKey: string;
    at: Date;
    mode: 'text' | 'phone' | 'email';
    direction: 'sent' | 'received';
    note: string;
  }): Promise<void> => {
    const patNum = patNumOf(e.patientKey);
    if (patNum === undefined) return;
    await o.api.createCommlog({
      patNum,
      commDateTime: DateTime.fromJSDate(e.at).setZone(o.timeZone).toFormat('yyyy-LL-dd HH:mm:ss'),
      mode: e.mode === 'text' ? 'Text' : e.mode === 'phone' ? 'Phone' : 'Email',
      sentOrReceived: e.direction === 'sent' ? 'Sent' : 'Received',
      note: e.note,
    });
  };
  return {
    logCommunication,
    async confirmAppointment(e: {
      patientKey: string;
      start: string;
      at?: Date;
      appointmentId?: string;
    }): Promise<void> {
      if (patNumOf(e.patientKey) === undefined) return;
      // The id the plan carried when the patient answered; the plan may have moved on since.
      const aptNum = Number(e.appointmentId ?? (await o.appointmentOf(e.patientKey)));
      if (!Number.isSafeInteger(aptNum) || aptNum <= 0) return;
      await o.api.confirmAppointment(aptNum);
      await logCommunication({
        patientKey: e.patientKey,
        at: e.at ?? new Date(),
        mode: 'text',
        direction: 'received',
        note: `Patient confirmed the appointment of ${e.start.replace('T', ' ')} by text (patient reactivation).`,
      });
    },
  };
}
