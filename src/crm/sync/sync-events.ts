import { DateTime } from 'luxon';
import type { PracticeFile, Segment } from '../../domain/practice.ts';
import { locationFor } from '../../domain/practice.ts';
import type { ReactivationEvent } from '../../store/event-log.ts';
import { isReminder, type MessageRecord } from '../../store/message-log.ts';
import type { Store } from '../../store/store.ts';
import type { PlannedContact } from './plan.ts';
import type { SyncRecord } from './sync-record.ts';

/**
 * What a sync learns about who came back, as an event for the dashboard (the caller records a
 * batch's events in one go): a patient who enters a segment is `eligible`; one who now has an
 * appointment is `booked`, credited to the last touch (a message or call, or a click on the
 * booking link it carried) within the practice's attribution window — its channel, template
 * variant and workflow; one who completed a visit since is `recovered`, worth the segment's visit
 * value.
 */
export async function syncEventsOf(o: {
  store: Store;
  practice: PracticeFile;
  now: Date;
  contact: PlannedContact;
  previous: SyncRecord | undefined;
  status: string;
  clinicId: string | undefined;
}): Promise<ReactivationEvent | undefined> {
  const { previous, status, contact } = o;
  if (previous?.st === status) return undefined;
  const day = DateTime.fromJSDate(o.now).setZone(o.practice.timeZone).toISODate()!;
  const location = locationFor(o.practice, o.clinicId).name;
  const lastSegment = (
    contact.segmentation.outcome !== 'active' && contact.segmentation.outcome !== 'excluded'
      ? contact.segmentation.outcome
      : previous?.seg?.s
  ) as Segment | undefined;
  const base = {
    at: o.now.toISOString(),
    day,
    patientKey: contact.key,
    location,
    ...(lastSegment ? { segment: lastSegment } : {}),
  };
  if (status === 'eligible') return { ...base, type: 'eligible' };
  if (status !== 'booked' && status !== 'recovered') return undefined;
  const touch = await lastTouch(o.store, contact.key, o.now, o.practice.attributionDays);
  const value = lastSegment ? o.practice.estimate[lastSegment].visitValue : undefined;
  return {
    ...base,
    type: status,
    ...(touch
      ? {
          channel: touch.channel,
          ...(touch.templateId ? { templateId: touch.templateId } : {}),
          ...(touch.variant ? { variant: touch.variant } : {}),
          ...(touch.workflowId ? { workflowId: touch.workflowId } : {}),
        }
      : { channel: 'none' }),
    ...(status === 'recovered' && value !== undefined ? { value } : {}),
  };
}

/**
 * The message or call whose latest touch (sent, or its booking link followed) falls within the
 * window before `now`; the most recent such touch wins. Reminders are no touch: they go out after
 * the booking, so the visit they protect stays credited to the outreach that won it back.
 */
async function lastTouch(
  store: Store,
  patientKey: string,
  now: Date,
  windowDays: number,
): Promise<MessageRecord | undefined> {
  const since = now.getTime() - windowDays * 86_400_000;
  let best: { message: MessageRecord; at: number } | undefined;
  for (const m of await store.messages.forPatient(patientKey, 20)) {
    if (isReminder(m)) continue;
    for (const touch of [m.sentAt, m.clickedAt]) {
      const at = touch === undefined ? NaN : Date.parse(touch);
      if (at >= since && at <= now.getTime() && (!best || at > best.at)) best = { message: m, at };
    }
  }
  return best?.message;
}
