import { z } from 'zod';
import { notFoundError, validationError } from '../http-error.ts';
import { booleanParam, listParam, param, parseBody, stringParam, type RouteDef } from '../route.ts';
import { SCOPES } from '../scopes.ts';
import { objectJson } from '../state/contact-store.ts';
import { checkIdProperty, emitApiChanges, findContact } from './contacts-common.ts';

/** `/crm/v3/objects/contacts[/{contactId}]`: list, read, create, update, archive one contact. */

const BASE = '/crm/v3/objects/contacts';
const propertiesBody = z.record(z.string(), z.unknown());
const createBody = z.object({
  properties: propertiesBody,
  associations: z.array(z.unknown()).optional(),
});
const updateBody = z.object({ properties: propertiesBody });

export const contactBasicRoutes: RouteDef[] = [
  {
    method: 'get',
    path: BASE,
    scopes: SCOPES.contactsRead,
    handle: ({ req, portal, baseUrl }) => {
      const limit = Number(stringParam(req, 'limit') ?? 10);
      // The list endpoint pages by at most 100 (contacts guide).
      if (!Number.isInteger(limit) || limit < 1 || limit > 100)
        throw validationError('limit must be between 1 and 100');
      const after = stringParam(req, 'after');
      const from = after === undefined ? 0 : Number(after);
      if (!Number.isFinite(from)) throw validationError(`Invalid after: ${after}`);
      const pool = booleanParam(req, 'archived')
        ? portal.contacts.archived()
        : portal.contacts.live();
      const start = pool.findIndex((r) => Number(r.id) >= from);
      const page = start < 0 ? [] : pool.slice(start, start + limit);
      const next = start < 0 ? undefined : pool[start + limit];
      const properties = listParam(req, 'properties');
      const history = listParam(req, 'propertiesWithHistory') ?? [];
      const body: Record<string, unknown> = {
        results: page.map((r) => objectJson(r, properties, { withHistory: history })),
      };
      if (next)
        body['paging'] = { next: { after: next.id, link: `${baseUrl}${BASE}?after=${next.id}` } };
      return { status: 200, body };
    },
  },
  {
    method: 'post',
    path: BASE,
    scopes: SCOPES.contactsWrite,
    handle: ({ req, portal }) => {
      const { properties } = parseBody(createBody, req.body);
      const [result] = portal.writer.apply([{ properties }], 'API');
      if (!result) throw new Error('contact write returned nothing');
      return { status: 201, body: objectJson(result.record, Object.keys(properties)) };
    },
  },
  {
    method: 'get',
    path: `${BASE}/:contactId`,
    scopes: SCOPES.contactsRead,
    handle: ({ req, portal }) => {
      const idProperty = checkIdProperty(portal, stringParam(req, 'idProperty'));
      const id = param(req, 'contactId');
      const record = booleanParam(req, 'archived')
        ? portal.contacts.get(id, { archived: true })
        : findContact(portal, id, idProperty);
      if (!record) throw notFoundError();
      return {
        status: 200,
        body: objectJson(record, listParam(req, 'properties'), {
          withHistory: listParam(req, 'propertiesWithHistory') ?? [],
        }),
      };
    },
  },
  {
    method: 'patch',
    path: `${BASE}/:contactId`,
    scopes: SCOPES.contactsWrite,
    handle: ({ req, portal }) => {
      const idProperty = checkIdProperty(portal, stringParam(req, 'idProperty'));
      const id = param(req, 'contactId');
      const target = findContact(portal, id, idProperty);
      if (!target) throw notFoundError();
      const { properties } = parseBody(updateBody, req.body);
      const [result] = portal.writer.apply([{ target, properties, inputId: id }], 'API');
      if (!result) throw new Error('contact write returned nothing');
      emitApiChanges(portal, result.changes);
      return { status: 200, body: objectJson(result.record, Object.keys(properties)) };
    },
  },
  {
    method: 'delete',
    path: `${BASE}/:contactId`,
    scopes: SCOPES.contactsWrite,
    handle: ({ req, portal }) => {
      const id = param(req, 'contactId');
      // HubSpot answers 204 whether or not the contact existed.
      if (portal.contacts.archive(id, portal.clock.now())) {
        portal.webhooks.emit(
          [{ subscriptionType: 'contact.deletion', objectId: Number(id), changeSource: 'API' }],
          true,
        );
      }
      return { status: 204 };
    },
  },
];
