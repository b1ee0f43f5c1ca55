import { describeError } from '../lib/errors.ts';
import type { OutreachDeps, PmsWrite } from './outreach-deps.ts';
import type { JobResult } from './queue.ts';

/**
 * Writes to the PMS when the practice turned write-back on. The PMS being down must not stop a
 * message or a reply (HubSpot and the service keep the record), and must not lose the chart
 * entry either: the write is queued and the pms-writes queue retries it until Open Dental takes
 * it. `id` makes the write once-only (a retried action or a redelivered reply writes one commlog).
 */
export async function writeBack(deps: OutreachDeps, id: string, write: PmsWrite): Promise<void> {
  if (!deps.pmsWriteBack) return;
  if (deps.pmsWrites) {
    try {
      await deps.pmsWrites.add(`pms:${id}`, write);
    } catch (error) {
      // Redis itself failing must not fail the outreach either; the entry is lost and says so.
      deps.logger.error({ id, error: describeError(error) }, 'PMS write-back could not be queued');
    }
    return;
  }
  // No queue (a caller composed the deps by hand): best effort, logged.
  try {
    await applyPmsWrite(deps, write);
  } catch (error) {
    deps.logger.warn({ id, error: describeError(error) }, 'PMS write-back failed');
  }
}

/** Applies one queued write (a failure throws: temporary ones are retried, permanent ones end). */
export async function applyPmsWrite(
  deps: OutreachDeps,
  write: PmsWrite,
): Promise<JobResult<PmsWrite>> {
  const target = deps.pmsWriteBack;
  if (!target) return { kind: 'done' };
  const at = new Date(write.at);
  if (write.kind === 'communication') {
    await target.logCommunication({
      patientKey: write.patientKey,
      at,
      mode: write.mode,
      direction: write.direction,
      note: write.note,
    });
  } else {
    await target.confirmAppointment({
      patientKey: write.patientKey,
      start: write.start,
      at,
      ...(write.appointmentId ? { appointmentId: write.appointmentId } : {}),
    });
  }
  return { kind: 'done' };
}
