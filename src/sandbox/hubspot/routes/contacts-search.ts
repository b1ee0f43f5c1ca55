import { z } from 'zod';
import { validationError } from '../http-error.ts';
import { parseBody, type RouteDef } from '../route.ts';
import { SCOPES } from '../scopes.ts';
import { objectJson } from '../state/contact-store.ts';
import { checkSearch, runSearch, type SearchRequest } from '../state/search.ts';

/** `POST /crm/v3/objects/contacts/search` (the api-client's SearchApi.doSearch). */

const filter = z.object({
  propertyName: z.string(),
  operator: z.string(),
  value: z.union([z.string(), z.number(), z.boolean()]).optional(),
  highValue: z.union([z.string(), z.number()]).optional(),
  values: z.array(z.union([z.string(), z.number()])).optional(),
});

// Sorts come as "prop" / "-prop" (the api-client's Array<string>) or as HubSpot's documented objects.
const sort = z.union([
  z.string(),
  z.object({
    propertyName: z.string(),
    direction: z.enum(['ASCENDING', 'DESCENDING']).default('ASCENDING'),
  }),
]);

const searchBody = z.object({
  filterGroups: z.array(z.object({ filters: z.array(filter) })).default([]),
  sorts: z.array(sort).default([]),
  query: z.string().optional(),
  properties: z.array(z.string()).optional(),
  limit: z.number().int().default(10),
  after: z.union([z.string(), z.number()]).optional(),
});

// The properties HubSpot's free-text `query` looks at for contacts.
const QUERY_PROPERTIES = ['firstname', 'lastname', 'email', 'phone', 'mobilephone'];

export const contactSearchRoutes: RouteDef[] = [
  {
    method: 'post',
    path: '/crm/v3/objects/contacts/search',
    scopes: SCOPES.contactsRead,
    search: true,
    handle: ({ req, portal }) => {
      const body = parseBody(searchBody, req.body);
      const after = body.after === undefined || body.after === '' ? 0 : Number(body.after);
      if (!Number.isInteger(after) || after < 0)
        throw validationError(`Invalid after: ${String(body.after)}`);
      const request: SearchRequest = {
        filterGroups: body.filterGroups.map((g) => ({
          filters: g.filters.map((f) => ({
            propertyName: f.propertyName,
            operator: f.operator,
            value: f.value === undefined ? undefined : String(f.value),
            highValue: f.highValue === undefined ? undefined : String(f.highValue),
            values: f.values?.map(String),
          })),
        })),
        sorts: body.sorts.map((s) =>
          typeof s === 'string'
            ? {
                propertyName: s.replace(/^-/, ''),
                direction: s.startsWith('-') ? ('DESCENDING' as const) : ('ASCENDING' as const),
              }
            : s,
        ),
        query: body.query,
        limit: body.limit,
        after,
      };
      const typeOf = (name: string) => portal.properties.get(name)?.type;
      checkSearch(request, typeOf);
      const page = runSearch(portal.contacts.live(), request, typeOf, QUERY_PROPERTIES);
      const json: Record<string, unknown> = {
        total: page.total,
        results: page.results.map((r) => objectJson(r, body.properties)),
      };
      if (page.nextAfter !== undefined) json['paging'] = { next: { after: page.nextAfter } };
      return { status: 200, body: json };
    },
  },
];
