import type { Client } from '@hubspot/api-client';
import { createBatcher } from '../lib/batcher.ts';
import { withHubSpotRetry } from './hubspot-errors.ts';

/** The properties outreach reads of a contact: ours and HubSpot's standard ones it needs. */
export const OUTREACH_PROPERTIES = [
  'firstname',
  'email',
  'mobilephone',
  'hs_language',
  'hubspot_owner_id',
  'pms_patient_id',
  'reactivation_segment',
  'reactivation_status',
  'reactivation_booking_link',
  'sms_consent',
  'whatsapp_consent',
  'preferred_channel',
  'practice_location',
  'last_visit_date',
  'recall_due_date',
  'next_appointment_date',
  'hs_email_optout',
] as const;

export interface ContactView {
  id: string;
  properties: Partial<Record<(typeof OUTREACH_PROPERTIES)[number], string>>;
}

/**
 * Reading and updating contacts one at a time from the outreach workers, sent to HubSpot 100 at a
 * time: a worker asks for its contact, and the batcher folds the asks of the next few
 * milliseconds into one batch read (or update).
 */
export function createContactAccess(client: Client, options: { maxWaitMs?: number } = {}) {
  const maxWaitMs = options.maxWaitMs ?? 15;
  const reader = createBatcher<string, ContactView | undefined>({
    maxSize: 100,
    // Under HubSpot's limit, batches grow instead of calls multiplying (src/lib/batcher.ts).
    maxInFlight: 1,
    maxWaitMs,
    run: async (ids) => {
      const unique = [...new Set(ids)];
      const response = await withHubSpotRetry(() =>
        client.crm.contacts.batchApi.read({
          inputs: unique.map((id) => ({ id })),
          properties: [...OUTREACH_PROPERTIES],
          propertiesWithHistory: [],
        }),
      );
      const found = new Map(
        response.results.map((c) => [c.id, { id: c.id, properties: clean(c.properties) }]),
      );
      return ids.map((id) => found.get(id));
    },
  });
  const updater = createBatcher<{ id: string; properties: Record<string, string> }, void>({
    maxSize: 100,
    // Under HubSpot's limit, batches grow instead of calls multiplying (src/lib/batcher.ts).
    maxInFlight: 1,
    maxWaitMs,
    run: async (inputs) => {
      // One input per contact in a batch: later updates of the same contact win.
      const merged = new Map<string, Record<string, string>>();
      for (const i of inputs) merged.set(i.id, { ...merged.get(i.id), ...i.properties });
      await withHubSpotRetry(() =>
        client.crm.contacts.batchApi.update({
          inputs: [...merged].map(([id, properties]) => ({ id, properties })),
        }),
      );
      return inputs.map(() => undefined);
    },
  });
  return {
    /** The contact, or undefined when it no longer exists. */
    read: (contactId: string) => reader.submit(contactId),
    update: (contactId: string, properties: Record<string, string>) =>
      updater.submit({ id: contactId, properties }),
  };
}

export type ContactAccess = ReturnType<typeof createContactAccess>;

function clean(properties: Record<string, string | null>): ContactView['properties'] {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(properties)) if (v !== null && v !== '') out[k] = v;
  return out;
}
