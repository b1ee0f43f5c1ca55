import type { Client } from '@hubspot/api-client';
import type { Logger } from '../../lib/logger.ts';
import { HubSpotRejectedError, withHubSpotRetry } from '../hubspot-errors.ts';

/** One contact to write: its upsert key and the final properties. */
export interface ContactInput {
  key: string;
  properties: Record<string, string>;
}

export interface WriteResult {
  /** Keys HubSpot accepted, with the contact id and whether HubSpot created it. */
  written: Map<string, { id: string; created: boolean }>;
  /** Keys HubSpot refused, with why (no patient data in the reason). */
  failed: Map<string, string>;
}

export interface ContactWriterOptions {
  client: Client;
  logger: Logger;
  /** Whether the contact `key` should carry `email` according to the sync plan. */
  shouldCarry(key: string, email: string): boolean;
}

const ID_PROPERTY = 'pms_patient_id';
/** Statuses the sync never overwrites or keeps while they still apply (domain/reactivation-status.ts). */
const KEPT_STATUSES = [
  'opted_out',
  'do_not_contact',
  'paused',
  'in_sequence',
  'contacted',
  'replied',
  'confirmed',
] as const;

/**
 * Writes contacts in batches of at most 100 (one upsert call each) and never lets one bad input
 * lose the rest: a batch HubSpot refuses is first checked for emails that already belong to
 * another contact (a web-form contact is adopted, a family member who should no longer carry the
 * email gives it up, a stranger's email is left off), then split in halves until the inputs at
 * fault stand alone.
 */
export function createContactWriter(o: ContactWriterOptions) {
  const { client, logger } = o;

  /** One upsert call. Returns the inputs HubSpot refused one by one (a 207 answer), with why. */
  async function upsert(inputs: ContactInput[], result: WriteResult): Promise<Map<string, string>> {
    const response = await withHubSpotRetry(() =>
      client.crm.contacts.batchApi.upsert({
        inputs: inputs.map((i) => ({
          idProperty: ID_PROPERTY,
          id: i.key,
          objectWriteTraceId: i.key,
          properties: i.properties,
        })),
      }),
    );
    for (const r of response.results) {
      const key = r.objectWriteTraceId ?? r.properties[ID_PROPERTY];
      if (key) result.written.set(key, { id: r.id, created: r._new });
    }
    // A 207 answer: HubSpot wrote the others and names each failure by its trace id.
    const refused = new Map<string, string>();
    for (const e of 'errors' in response ? (response.errors ?? []) : []) {
      const key = e.id ?? e.context?.objectWriteTraceId?.[0];
      if (key && !result.written.has(key)) refused.set(key, `${e.status} ${e.category}`);
    }
    return refused;
  }

  /** Writes `inputs`, isolating whatever HubSpot refuses. */
  async function isolate(
    inputs: ContactInput[],
    result: WriteResult,
    conflictsChecked: boolean,
  ): Promise<void> {
    if (inputs.length === 0) return;
    let refused: Map<string, string>;
    try {
      refused = await upsert(inputs, result);
    } catch (error) {
      if (!(error instanceof HubSpotRejectedError)) throw error;
      refused = new Map(
        inputs.map((i) => [i.key, `${error.httpStatus} ${error.category ?? 'rejected'}`]),
      );
    }
    if (refused.size === 0) return;
    const failing = inputs.filter((i) => refused.has(i.key));
    if (!conflictsChecked && failing.some((i) => i.properties.email)) {
      return isolate(await resolveEmailConflicts(failing, result), result, true);
    }
    if (failing.length === 1) {
      const key = failing[0]!.key;
      result.failed.set(key, refused.get(key)!);
      logger.warn(
        { key, reason: refused.get(key) },
        'HubSpot refused a contact; it will be tried again on the next sync',
      );
      return;
    }
    // Only some failed (a 207): try those again; all failed: split them.
    if (failing.length < inputs.length) return isolate(failing, result, true);
    const half = Math.ceil(failing.length / 2);
    await isolate(failing.slice(0, half), result, true);
    await isolate(failing.slice(half), result, true);
  }

  /** Looks up who holds the batch's emails and settles each clash; returns what is left to upsert. */
  async function resolveEmailConflicts(
    inputs: ContactInput[],
    result: WriteResult,
  ): Promise<ContactInput[]> {
    const emails = [
      ...new Set(inputs.map((i) => i.properties.email).filter((e): e is string => !!e)),
    ];
    const found = await withHubSpotRetry(() =>
      client.crm.contacts.batchApi.read({
        idProperty: 'email',
        inputs: emails.map((id) => ({ id })),
        properties: ['email', ID_PROPERTY],
        propertiesWithHistory: [],
      }),
    );
    const holders = new Map(
      found.results.map((c) => [
        String(c.properties.email ?? '').toLowerCase(),
        { id: c.id, key: c.properties[ID_PROPERTY] ?? '' },
      ]),
    );
    const remaining: ContactInput[] = [];
    const adopt: { id: string; input: ContactInput }[] = [];
    const release: string[] = [];
    for (const input of inputs) {
      const email = input.properties.email;
      const holder = email ? holders.get(email.toLowerCase()) : undefined;
      if (!holder || holder.key === input.key) {
        remaining.push(input);
      } else if (holder.key === '') {
        adopt.push({ id: holder.id, input }); // created outside the sync (a web form): make it this patient's
      } else if (!o.shouldCarry(holder.key, email!)) {
        release.push(holder.id); // a family member who should no longer carry it
        remaining.push(input);
      } else {
        const { email: _dropped, ...rest } = input.properties;
        logger.warn(
          { key: input.key, holder: holder.key },
          'email belongs to another patient’s contact; left off',
        );
        remaining.push({ key: input.key, properties: rest });
      }
    }
    if (release.length > 0) {
      await withHubSpotRetry(() =>
        client.crm.contacts.batchApi.update({
          inputs: release.map((id) => ({ id, properties: { email: '' } })),
        }),
      );
    }
    if (adopt.length > 0) {
      const updated = await withHubSpotRetry(() =>
        client.crm.contacts.batchApi.update({
          inputs: adopt.map((a) => ({ id: a.id, properties: a.input.properties })),
        }),
      );
      for (const u of updated.results) {
        const key = u.properties[ID_PROPERTY] ?? adopt.find((a) => a.id === u.id)?.input.key;
        if (key) result.written.set(key, { id: u.id, created: false });
      }
    }
    return remaining;
  }

  return {
    /**
     * Every contact with a PMS key whose status a sync must not overwrite or may keep (see
     * mergeStatus), found by search: what a first sync (or one after the store was lost) needs so
     * that an opt-out set in HubSpot survives. Undefined when there are more than search can page
     * (10,000): the caller then reads statuses batch by batch.
     */
    async searchKeptStatuses(): Promise<Map<string, string> | undefined> {
      const kept = new Map<string, string>();
      let after: string | undefined;
      do {
        const page = await withHubSpotRetry(() =>
          client.crm.contacts.searchApi.doSearch({
            filterGroups: [
              {
                filters: [
                  { propertyName: ID_PROPERTY, operator: 'HAS_PROPERTY' as never },
                  {
                    propertyName: 'reactivation_status',
                    operator: 'IN' as never,
                    values: [...KEPT_STATUSES],
                  },
                ],
              },
            ],
            properties: [ID_PROPERTY, 'reactivation_status'],
            limit: 200,
            ...(after ? { after } : {}),
            sorts: [],
          }),
        );
        if (page.total > 10_000) return undefined;
        for (const c of page.results) {
          const key = c.properties[ID_PROPERTY];
          const status = c.properties.reactivation_status;
          if (key && status) kept.set(key, status);
        }
        after = page.paging?.next?.after;
      } while (after);
      return kept;
    },

    /** Writes up to 100 contacts. */
    async write(inputs: ContactInput[]): Promise<WriteResult> {
      if (inputs.length > 100) throw new Error('at most 100 contacts per batch');
      const result: WriteResult = { written: new Map(), failed: new Map() };
      await isolate(inputs, result, false);
      return result;
    },

    /** The `reactivation_status` HubSpot holds now for up to 100 keys (absent: no contact or none set). */
    async readStatuses(keys: string[]): Promise<Map<string, string>> {
      const statuses = new Map<string, string>();
      if (keys.length === 0) return statuses;
      const response = await withHubSpotRetry(() =>
        client.crm.contacts.batchApi.read({
          idProperty: ID_PROPERTY,
          inputs: keys.map((id) => ({ id })),
          properties: [ID_PROPERTY, 'reactivation_status'],
          propertiesWithHistory: [],
        }),
      );
      for (const c of response.results) {
        const key = c.properties[ID_PROPERTY];
        const status = c.properties.reactivation_status;
        if (key && status) statuses.set(key, status);
      }
      return statuses;
    },
  };
}

export type ContactWriter = ReturnType<typeof createContactWriter>;
