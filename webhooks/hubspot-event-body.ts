import { z } from 'zod';
import type { CrmEvent } from '../src/outreach/doors.ts';
import { NumericId, NumericIdNumber } from './hubspot-action-body.ts';

/**
 * HubSpot's CRM webhook payload: a JSON array of events
 * `{ eventId, subscriptionId, portalId, appId, occurredAt, subscriptionType, attemptNumber,
 *    objectId, propertyName?, propertyValue?, changeSource? }`. Keys HubSpot adds are ignored.
 */

/** HubSpot batches at most 100 events per request today; 1,000 leaves room and bounds the work. */
export const MAX_EVENTS_PER_REQUEST = 1000;

const CrmEventBody = z.object({
  eventId: NumericId,
  subscriptionId: NumericId,
  portalId: NumericIdNumber.pipe(z.number().positive()),
  appId: NumericId,
  occurredAt: NumericIdNumber,
  subscriptionType: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9_.-]+$/, 'expected a subscription type such as contact.propertyChange'),
  attemptNumber: NumericIdNumber,
  objectId: NumericId,
  propertyName: z.string().max(200).nullish(),
  // Property values are strings in HubSpot's payloads; numbers and booleans are read as text.
  propertyValue: z.union([z.string(), z.number(), z.boolean()]).transform(String).nullish(),
  changeSource: z.string().max(100).nullish(),
});

export const CrmEventBatch = z.array(CrmEventBody).max(MAX_EVENTS_PER_REQUEST);
export type CrmEventBatch = z.infer<typeof CrmEventBatch>;

/** The events the service receives, each eventId once even when a batch repeats one. */
export function toCrmEvents(batch: CrmEventBatch): CrmEvent[] {
  const byId = new Map<string, CrmEvent>();
  for (const e of batch) {
    if (byId.has(e.eventId)) continue;
    byId.set(e.eventId, {
      eventId: e.eventId,
      subscriptionType: e.subscriptionType,
      portalId: e.portalId,
      objectId: e.objectId,
      occurredAt: e.occurredAt,
      attemptNumber: e.attemptNumber,
      ...(e.propertyName == null ? {} : { propertyName: e.propertyName }),
      ...(e.propertyValue == null ? {} : { propertyValue: e.propertyValue }),
      ...(e.changeSource == null ? {} : { changeSource: e.changeSource }),
    });
  }
  return [...byId.values()];
}
