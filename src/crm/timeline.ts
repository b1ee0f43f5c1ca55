import type { Client } from '@hubspot/api-client';
import { createBatcher } from '../lib/batcher.ts';
import { withHubSpotRetry } from './hubspot-errors.ts';

/** HubSpot-defined association type ids to contacts, used when the labels cannot be read. */
const COMMUNICATION_TO_CONTACT = 81;
const TASK_TO_CONTACT = 204;
const CALL_TO_CONTACT = 194;

export interface TimelineMessage {
  contactId: string;
  channel: 'sms' | 'whatsapp';
  body: string;
  at: Date;
}

export interface FrontDeskTask {
  contactId: string;
  ownerId?: string;
  subject: string;
  body: string;
  type: 'CALL' | 'TODO';
  dueAt: Date;
  /** HIGH (the default) for a patient waiting for a person; LOW for bookkeeping. */
  priority?: 'LOW' | 'MEDIUM' | 'HIGH';
}

export interface TimelineCall {
  contactId: string;
  title: string;
  body: string;
  at: Date;
  /** hs_call_status: COMPLETED, NO_ANSWER, BUSY, FAILED… */
  status: string;
}

const association = (contactId: string, typeId: number) => [
  {
    to: { id: contactId },
    types: [{ associationCategory: 'HUBSPOT_DEFINED' as never, associationTypeId: typeId }],
  },
];

/**
 * The contact's timeline: every message as a Communication (SMS / WhatsApp), every automated call
 * as a Call, every hand-off as a Task. Messages are created and updated in batches.
 */
export function createTimeline(client: Client) {
  let typeId: Promise<number> | undefined;
  const communicationType = (): Promise<number> => {
    typeId ??= withHubSpotRetry(() =>
      client.crm.associations.v4.schema.definitionsApi.getAll('communications', 'contacts'),
    )
      .then(
        (r) =>
          r.results.find((l) => l.category === 'HUBSPOT_DEFINED')?.typeId ??
          COMMUNICATION_TO_CONTACT,
      )
      .catch(() => COMMUNICATION_TO_CONTACT);
    return typeId;
  };
  const creator = createBatcher<TimelineMessage, string>({
    maxSize: 100,
    // Under HubSpot's limit, batches grow instead of calls multiplying (src/lib/batcher.ts).
    maxInFlight: 1,
    maxWaitMs: 20,
    run: async (messages) => {
      const type = await communicationType();
      const response = await withHubSpotRetry(() =>
        client.crm.objects.communications.batchApi.create({
          inputs: messages.map((m) => ({
            properties: {
              hs_communication_channel_type: m.channel === 'sms' ? 'SMS' : 'WHATS_APP',
              hs_communication_logged_from: 'CRM',
              hs_communication_body: m.body,
              hs_timestamp: m.at.toISOString(),
            },
            associations: association(m.contactId, type),
          })),
        }),
      );
      // HubSpot returns the created objects in input order.
      return messages.map(
        (_, i) =>
          response.results[i]?.id ?? new Error('HubSpot created fewer communications than asked'),
      );
    },
  });
  const updater = createBatcher<{ id: string; body: string }, void>({
    maxSize: 100,
    // Under HubSpot's limit, batches grow instead of calls multiplying (src/lib/batcher.ts).
    maxInFlight: 1,
    maxWaitMs: 50,
    run: async (updates) => {
      const merged = new Map(updates.map((u) => [u.id, u.body]));
      await withHubSpotRetry(() =>
        client.crm.objects.communications.batchApi.update({
          inputs: [...merged].map(([id, body]) => ({
            id,
            properties: { hs_communication_body: body },
          })),
        }),
      );
      return updates.map(() => undefined);
    },
  });
  return {
    logMessage: (m: TimelineMessage) => creator.submit(m),
    updateMessage: (id: string, body: string) => updater.submit({ id, body }),
    async createTask(t: FrontDeskTask): Promise<string> {
      const created = await withHubSpotRetry(() =>
        client.crm.objects.tasks.basicApi.create({
          properties: {
            hs_timestamp: t.dueAt.toISOString(),
            hs_task_subject: t.subject,
            hs_task_body: t.body,
            hs_task_status: 'NOT_STARTED',
            hs_task_priority: t.priority ?? 'HIGH',
            hs_task_type: t.type,
            ...(t.ownerId ? { hubspot_owner_id: t.ownerId } : {}),
          },
          associations: association(t.contactId, TASK_TO_CONTACT),
        }),
      );
      return created.id;
    },
    async logCall(c: TimelineCall): Promise<string> {
      const created = await withHubSpotRetry(() =>
        client.crm.objects.calls.basicApi.create({
          properties: {
            hs_timestamp: c.at.toISOString(),
            hs_call_title: c.title,
            hs_call_body: c.body,
            hs_call_status: c.status,
            hs_call_direction: 'OUTBOUND',
          },
          associations: association(c.contactId, CALL_TO_CONTACT),
        }),
      );
      return created.id;
    },
  };
}

export type Timeline = ReturnType<typeof createTimeline>;
