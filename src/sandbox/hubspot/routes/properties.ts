import { z } from 'zod';
import { notFoundError } from '../http-error.ts';
import { booleanParam, param, parseBody, type RouteDef } from '../route.ts';
import { SCOPES } from '../scopes.ts';
import { groupJson, propertyJson } from '../state/property-definitions.ts';

/** `/crm/v3/properties/contacts`: property and group definitions (the api-client's CoreApi, GroupsApi). */

const option = z.object({
  label: z.string(),
  value: z.string(),
  description: z.string().optional(),
  displayOrder: z.number().int().optional(),
  hidden: z.boolean().default(false),
});

const propertyCreate = z.object({
  name: z.string(),
  label: z.string().min(1),
  type: z.string(),
  fieldType: z.string(),
  groupName: z.string(),
  description: z.string().optional(),
  options: z.array(option).optional(),
  displayOrder: z.number().int().optional(),
  hasUniqueValue: z.boolean().optional(),
  hidden: z.boolean().optional(),
  formField: z.boolean().optional(),
});

const propertyUpdate = z.object({
  label: z.string().min(1).optional(),
  type: z.string().optional(),
  fieldType: z.string().optional(),
  groupName: z.string().optional(),
  description: z.string().optional(),
  options: z.array(option).optional(),
  displayOrder: z.number().int().optional(),
  hidden: z.boolean().optional(),
  formField: z.boolean().optional(),
});

const groupCreate = z.object({
  name: z.string(),
  label: z.string().min(1),
  displayOrder: z.number().int().optional(),
});
const groupUpdate = z.object({
  label: z.string().min(1).optional(),
  displayOrder: z.number().int().optional(),
});

const BASE = '/crm/v3/properties/contacts';

export const propertyRoutes: RouteDef[] = [
  {
    method: 'get',
    path: BASE,
    scopes: SCOPES.schemasRead,
    handle: ({ req, portal }) => ({
      status: 200,
      body: {
        results: portal.properties
          .list({ archived: booleanParam(req, 'archived') })
          .map(propertyJson),
      },
    }),
  },
  {
    method: 'post',
    path: BASE,
    scopes: SCOPES.schemasWrite,
    handle: ({ req, portal }) => {
      const def = portal.properties.create(parseBody(propertyCreate, req.body));
      if (def.hasUniqueValue) portal.contacts.trackUnique(def.name);
      return { status: 201, body: propertyJson(def) };
    },
  },
  // Group routes come before `/:propertyName` so that "groups" is not read as a property name.
  {
    method: 'get',
    path: `${BASE}/groups`,
    scopes: SCOPES.schemasRead,
    handle: ({ portal }) => ({
      status: 200,
      body: { results: portal.properties.listGroups().map(groupJson) },
    }),
  },
  {
    method: 'post',
    path: `${BASE}/groups`,
    scopes: SCOPES.schemasWrite,
    handle: ({ req, portal }) => ({
      status: 201,
      body: groupJson(portal.properties.createGroup(parseBody(groupCreate, req.body))),
    }),
  },
  {
    method: 'get',
    path: `${BASE}/groups/:groupName`,
    scopes: SCOPES.schemasRead,
    handle: ({ req, portal }) => {
      const group = portal.properties.getGroup(param(req, 'groupName'));
      if (!group || group.archived)
        throw notFoundError(`Group ${param(req, 'groupName')} does not exist`);
      return { status: 200, body: groupJson(group) };
    },
  },
  {
    method: 'patch',
    path: `${BASE}/groups/:groupName`,
    scopes: SCOPES.schemasWrite,
    handle: ({ req, portal }) => ({
      status: 200,
      body: groupJson(
        portal.properties.updateGroup(param(req, 'groupName'), parseBody(groupUpdate, req.body)),
      ),
    }),
  },
  {
    method: 'get',
    path: `${BASE}/:propertyName`,
    scopes: SCOPES.schemasRead,
    handle: ({ req, portal }) => {
      const name = param(req, 'propertyName');
      const def = booleanParam(req, 'archived')
        ? portal.properties.list({ archived: true }).find((p) => p.name === name)
        : portal.properties.get(name);
      if (!def) throw notFoundError(`Property ${name} does not exist`);
      return { status: 200, body: propertyJson(def) };
    },
  },
  {
    method: 'patch',
    path: `${BASE}/:propertyName`,
    scopes: SCOPES.schemasWrite,
    handle: ({ req, portal }) => ({
      status: 200,
      body: propertyJson(
        portal.properties.update(param(req, 'propertyName'), parseBody(propertyUpdate, req.body)),
      ),
    }),
  },
  {
    method: 'delete',
    path: `${BASE}/:propertyName`,
    scopes: SCOPES.schemasWrite,
    handle: ({ req, portal }) => {
      portal.properties.archive(param(req, 'propertyName'));
      return { status: 204 };
    },
  },
];
