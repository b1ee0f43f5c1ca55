import { z } from 'zod';
import { validationError } from '../http-error.ts';
import { batchTimes, checkBatchSize, parseBody, type RouteDef } from '../route.ts';
import { SCOPES } from '../scopes.ts';
import { objectJson, type ContactRecord } from '../state/contact-store.ts';
import type { ContactWrite } from '../state/contact-writes.ts';
import {
  checkIdProperty,
  emitApiChanges,
  findContact,
  rejectDuplicateIds,
} from './contacts-common.ts';

/**
 * `/crm/v3/objects/contacts/batch/*`. Writes are all-or-nothing on a bad value or a conflict;
 * ids that name no contact (read, update) come back as a 207 with HubSpot's OBJECT_NOT_FOUND error.
 */

const BASE = '/crm/v3/objects/contacts/batch';
const props = z.record(z.string(), z.unknown());
const upsertBody = z.object({
  inputs: z.array(
    z.object({ id: z.string(), idProperty: z.string().optional(), properties: props }),
  ),
});
const readBody = z.object({
  inputs: z.array(z.object({ id: z.string() })),
  properties: z.array(z.string()).optional(),
  propertiesWithHistory: z.array(z.string()).optional(),
  idProperty: z.string().optional(),
});
const updateBody = z.object({
  inputs: z.array(
    z.object({ id: z.string(), idProperty: z.string().optional(), properties: props }),
  ),
});
const createBody = z.object({
  inputs: z.array(z.object({ properties: props, associations: z.array(z.unknown()).optional() })),
});
const archiveBody = z.object({ inputs: z.array(z.object({ id: z.string() })) });

/**
 * The error HubSpot puts in a 207 for ids it could not find (message and context as HubSpot sends
 * them; `links` and `errors` added because the api-client's StandardError model requires them).
 */
function notFound(ids: string[]): Record<string, unknown> {
  return {
    status: 'error',
    category: 'OBJECT_NOT_FOUND',
    message:
      'Could not get some CONTACT objects, they may be deleted or not exist. Check that ids are valid.',
    context: { ids },
    links: {},
    errors: [],
  };
}

function batchBody(results: unknown[], missing: string[], startedAt: Date, completedAt: Date) {
  const body: Record<string, unknown> = {
    status: 'COMPLETE',
    results,
    ...batchTimes(startedAt, completedAt),
  };
  if (missing.length > 0) {
    body['numErrors'] = 1;
    body['errors'] = [notFound(missing)];
  }
  return { status: missing.length > 0 ? 207 : 200, body };
}

export const contactBatchRoutes: RouteDef[] = [
  {
    method: 'post',
    path: `${BASE}/upsert`,
    scopes: SCOPES.contactsWrite,
    handle: ({ req, portal }) => {
      const startedAt = portal.clock.now();
      const { inputs } = parseBody(upsertBody, req.body);
      checkBatchSize(inputs.length);
      const idProperties = inputs.map((input) => {
        // An upsert is keyed by email or a unique-value property, never by record id.
        if (input.idProperty === undefined || input.idProperty === 'hs_object_id') {
          throw validationError('Unable to perform update/upsert by non-unique 0-1 property', {
            context: { idProperty: [input.idProperty ?? 'hs_object_id'] },
          });
        }
        return checkIdProperty(portal, input.idProperty);
      });
      rejectDuplicateIds(
        inputs.map((i) => i.id),
        idProperties.includes('email'),
      );
      const writes: ContactWrite[] = inputs.map((input, i) => {
        const idProperty = idProperties[i] ?? 'email';
        const target = findContact(portal, input.id, idProperty);
        const properties = target
          ? input.properties
          : { ...input.properties, [idProperty]: input.id };
        return { ...(target ? { target } : {}), properties, inputId: input.id };
      });
      const results = portal.writer.apply(writes, 'API');
      emitApiChanges(
        portal,
        results.flatMap((r) => r.changes),
      );
      const json = results.map((r, i) => ({
        ...objectJson(r.record, Object.keys(writes[i]?.properties ?? {}), { missing: '' }),
        new: r.created,
      }));
      return {
        status: 200,
        body: { status: 'COMPLETE', results: json, ...batchTimes(startedAt, portal.clock.now()) },
      };
    },
  },
  {
    method: 'post',
    path: `${BASE}/read`,
    scopes: SCOPES.contactsRead,
    handle: ({ req, portal }) => {
      const startedAt = portal.clock.now();
      const body = parseBody(readBody, req.body);
      checkBatchSize(body.inputs.length);
      const idProperty = checkIdProperty(portal, body.idProperty);
      const found: ContactRecord[] = [];
      const missing: string[] = [];
      const seen = new Set<string>();
      for (const { id } of body.inputs) {
        const record = findContact(portal, id, idProperty);
        if (!record) missing.push(id);
        else if (!seen.has(record.id)) {
          seen.add(record.id);
          found.push(record);
        }
      }
      const results = found.map((r) =>
        objectJson(r, body.properties, { withHistory: body.propertiesWithHistory ?? [] }),
      );
      return batchBody(results, missing, startedAt, portal.clock.now());
    },
  },
  {
    method: 'post',
    path: `${BASE}/update`,
    scopes: SCOPES.contactsWrite,
    handle: ({ req, portal }) => {
      const startedAt = portal.clock.now();
      const { inputs } = parseBody(updateBody, req.body);
      checkBatchSize(inputs.length);
      rejectDuplicateIds(inputs.map((i) => i.id));
      const missing: string[] = [];
      const writes: ContactWrite[] = [];
      for (const input of inputs) {
        const target = findContact(portal, input.id, checkIdProperty(portal, input.idProperty));
        if (target) writes.push({ target, properties: input.properties, inputId: input.id });
        else missing.push(input.id);
      }
      const results = portal.writer.apply(writes, 'API');
      emitApiChanges(
        portal,
        results.flatMap((r) => r.changes),
      );
      const json = results.map((r, i) =>
        objectJson(r.record, Object.keys(writes[i]?.properties ?? {})),
      );
      return batchBody(json, missing, startedAt, portal.clock.now());
    },
  },
  {
    method: 'post',
    path: `${BASE}/create`,
    scopes: SCOPES.contactsWrite,
    handle: ({ req, portal }) => {
      const startedAt = portal.clock.now();
      const { inputs } = parseBody(createBody, req.body);
      checkBatchSize(inputs.length);
      const results = portal.writer.apply(
        inputs.map((input) => ({ properties: input.properties })),
        'API',
      );
      const json = results.map((r, i) =>
        objectJson(r.record, Object.keys(inputs[i]?.properties ?? {})),
      );
      return {
        status: 201,
        body: { status: 'COMPLETE', results: json, ...batchTimes(startedAt, portal.clock.now()) },
      };
    },
  },
  {
    method: 'post',
    path: `${BASE}/archive`,
    scopes: SCOPES.contactsWrite,
    handle: ({ req, portal }) => {
      const { inputs } = parseBody(archiveBody, req.body);
      checkBatchSize(inputs.length);
      const at = portal.clock.now();
      // Unknown ids are ignored: HubSpot answers 204 either way.
      for (const { id } of inputs) {
        if (portal.contacts.archive(id, at)) {
          portal.webhooks.emit(
            [{ subscriptionType: 'contact.deletion', objectId: Number(id), changeSource: 'API' }],
            true,
          );
        }
      }
      return { status: 204 };
    },
  },
];
