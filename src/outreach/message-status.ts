import { deliveryRank, isDeliveryFailure, isFinalDelivery } from '../domain/delivery-status.ts';
import { recordEvent } from './events.ts';
import { dimensionsOf } from './event-dimensions.ts';
import { failureOfErrorCode } from '../messaging/messaging-errors.ts';
import { isReminder } from '../store/message-log.ts';
import type { MessageStatusUpdate } from './doors.ts';
import type { OutreachDeps } from './outreach-deps.ts';
import { optOutEverywhere } from './opt-out.ts';
import { timelineBody } from './timeline-text.ts';
import { schedulePriceLookup } from './message-cost.ts';

/**
 * A Twilio status callback. Callbacks come more than once and out of order: the message log moves a
 * status forward only (a late `sent` never overwrites `delivered`), atomically, so each change is
 * acted on once. A final status updates the timeline entry; Twilio's 21610 (the number said STOP)
 * is an opt-out on every channel.
 */
export async function handleMessageStatus(
  deps: OutreachDeps,
  u: MessageStatusUpdate,
): Promise<void> {
  const rank = deliveryRank(u.status);
  if (rank === undefined) return;
  const updated = await deps.store.messages.advance(u.messageSid, u.status, rank, {
    ...(u.errorCode !== undefined ? { errorCode: u.errorCode } : {}),
    ...(u.price ? { price: u.price } : {}),
    ...(u.priceUnit ? { priceUnit: u.priceUnit } : {}),
  });
  if (!updated) return; // stale, duplicate, or not ours
  deps.logger.info(
    { messageSid: u.messageSid, status: u.status, errorCode: u.errorCode },
    'message status',
  );
  if (failureOfErrorCode(u.errorCode) === 'opted_out') {
    await optOutEverywhere(deps, {
      patientKey: updated.patientKey,
      contactId: updated.contactId,
      ...(u.to ? { phone: u.to.replace(/^whatsapp:/, '') } : {}),
      source: 'twilio_21610',
    });
  }
  if (isFinalDelivery(u.status) && u.status !== 'read') {
    const cost = u.price ? Math.abs(Number(u.price)) : undefined;
    const outcome = isDeliveryFailure(u.status) ? 'failed' : 'delivered';
    // A reminder is no outreach: it must not swell the funnel's delivered stage.
    const reminder = isReminder(updated);
    await recordEvent(deps, {
      type: reminder ? `reminder_${outcome}` : outcome,
      patientKey: updated.patientKey,
      ...dimensionsOf(updated),
      ...(cost && Number.isFinite(cost) ? { cost } : {}),
    });
    // Twilio's callbacks carry no price; the message resource has it a little later.
    if (!u.price) await schedulePriceLookup(deps, u.messageSid);
  }
  if (isFinalDelivery(u.status) && updated.timelineId && updated.body !== undefined) {
    await deps.timeline.updateMessage(
      updated.timelineId,
      timelineBody(updated.body, {
        ...(updated.templateId ? { templateId: updated.templateId } : {}),
        status: u.status,
        ...(u.errorCode ? { errorCode: u.errorCode } : {}),
      }),
    );
  }
}
