import { z } from 'zod';
import { notFoundError } from '../http-error.ts';
import {
  batchTimes,
  checkBatchSize,
  listParam,
  param,
  parseBody,
  type RouteDef,
} from '../route.ts';
import { SCOPES } from '../scopes.ts';
import { objectJson } from '../state/contact-store.ts';
import {
  ENGAGEMENT_TYPES,
  TO_CONTACT_LABEL,
  type EngagementType,
} from '../state/engagement-schemas.ts';
import { ENGAGEMENT_ALWAYS, type EngagementRecord } from '../state/engagement-store.ts';

/**
 * `/crm/v3/objects/{communications|tasks|calls}`: create (with contact associations), update, read
 * one (with `associations=contacts`), batch read.
 */

const props = z.record(z.string(), z.unknown());
const association = z.object({
  to: z.object({ id: z.coerce.string() }),
  types: z.array(
    z.object({ associationCategory: z.string(), associationTypeId: z.number().int() }),
  ),
});
const createBody = z.object({ properties: props, associations: z.array(association).default([]) });
const updateBody = z.object({ properties: props });
const batchCreateBody = z.object({ inputs: z.array(createBody) });
const batchUpdateBody = z.object({
  inputs: z.array(z.object({ id: z.coerce.string(), properties: props })),
});
const readBody = z.object({
  inputs: z.array(z.object({ id: z.string() })),
  properties: z.array(z.string()).optional(),
  propertiesWithHistory: z.array(z.string()).optional(),
});

function json(
  record: EngagementRecord,
  requested: readonly string[] | undefined,
  history: readonly string[] = [],
) {
  return objectJson(record, requested, {
    withHistory: history,
    defaults: ENGAGEMENT_ALWAYS,
    always: ENGAGEMENT_ALWAYS,
  });
}

function routesFor(type: EngagementType): RouteDef[] {
  const base = `/crm/v3/objects/${type}`;
  const objectName = type.slice(0, -1).toUpperCase();
  return [
    {
      method: 'post',
      path: base,
      scopes: SCOPES.contactsWrite,
      handle: ({ req, portal }) => {
        const body = parseBody(createBody, req.body);
        const record = portal.engagements[type].create(body.properties, body.associations);
        return { status: 201, body: json(record, Object.keys(body.properties)) };
      },
    },
    {
      // The timeline batch writes the service uses to stay within HubSpot's rate limit.
      method: 'post',
      path: `${base}/batch/create`,
      scopes: SCOPES.contactsWrite,
      handle: ({ req, portal }) => {
        const startedAt = portal.clock.now();
        const body = parseBody(batchCreateBody, req.body);
        checkBatchSize(body.inputs.length);
        const records = body.inputs.map((i) =>
          portal.engagements[type].create(i.properties, i.associations),
        );
        return {
          status: 201,
          body: {
            status: 'COMPLETE',
            results: records.map((r, i) => json(r, Object.keys(body.inputs[i]!.properties))),
            ...batchTimes(startedAt, portal.clock.now()),
          },
        };
      },
    },
    {
      method: 'post',
      path: `${base}/batch/update`,
      scopes: SCOPES.contactsWrite,
      handle: ({ req, portal }) => {
        const startedAt = portal.clock.now();
        const body = parseBody(batchUpdateBody, req.body);
        checkBatchSize(body.inputs.length);
        for (const i of body.inputs) if (!portal.engagements[type].get(i.id)) throw notFoundError();
        const records = body.inputs.map((i) => portal.engagements[type].update(i.id, i.properties));
        return {
          status: 200,
          body: {
            status: 'COMPLETE',
            results: records.map((r, i) => json(r, Object.keys(body.inputs[i]!.properties))),
            ...batchTimes(startedAt, portal.clock.now()),
          },
        };
      },
    },
    {
      method: 'post',
      path: `${base}/batch/read`,
      scopes: SCOPES.contactsRead,
      handle: ({ req, portal }) => {
        const startedAt = portal.clock.now();
        const body = parseBody(readBody, req.body);
        checkBatchSize(body.inputs.length);
        const store = portal.engagements[type];
        const found = body.inputs
          .map((i) => store.get(i.id))
          .filter((r): r is EngagementRecord => r !== undefined);
        const missing = body.inputs.map((i) => i.id).filter((id) => !store.get(id));
        const result: Record<string, unknown> = {
          status: 'COMPLETE',
          results: found.map((r) => json(r, body.properties, body.propertiesWithHistory)),
          ...batchTimes(startedAt, portal.clock.now()),
        };
        if (missing.length > 0) {
          result['numErrors'] = 1;
          result['errors'] = [
            {
              status: 'error',
              category: 'OBJECT_NOT_FOUND',
              message: `Could not get some ${objectName} objects, they may be deleted or not exist. Check that ids are valid.`,
              context: { ids: missing },
              links: {},
              errors: [],
            },
          ];
        }
        return { status: missing.length > 0 ? 207 : 200, body: result };
      },
    },
    {
      method: 'get',
      path: `${base}/:objectId`,
      scopes: SCOPES.contactsRead,
      handle: ({ req, portal }) => {
        const record = portal.engagements[type].get(param(req, 'objectId'));
        if (!record) throw notFoundError();
        const body = json(
          record,
          listParam(req, 'properties'),
          listParam(req, 'propertiesWithHistory') ?? [],
        );
        if (
          (listParam(req, 'associations') ?? []).some(
            (a) => a === 'contacts' || a === 'contact' || a === '0-1',
          )
        ) {
          const results = [...record.contactIds].map((id) => ({
            id,
            type: TO_CONTACT_LABEL[type],
          }));
          body['associations'] = { contacts: { results } };
        }
        return { status: 200, body };
      },
    },
    {
      method: 'patch',
      path: `${base}/:objectId`,
      scopes: SCOPES.contactsWrite,
      handle: ({ req, portal }) => {
        const { properties } = parseBody(updateBody, req.body);
        const record = portal.engagements[type].update(param(req, 'objectId'), properties);
        return { status: 200, body: json(record, Object.keys(properties)) };
      },
    },
  ];
}

export const engagementRoutes: RouteDef[] = ENGAGEMENT_TYPES.flatMap(routesFor);
