import { notFoundError, validationError } from '../http-error.ts';
import { param, stringParam, type RouteDef } from '../route.ts';
import { SCOPES } from '../scopes.ts';
import {
  FROM_CONTACT_TYPE_ID,
  TO_CONTACT_TYPE_ID,
  type EngagementType,
} from '../state/engagement-schemas.ts';
import { ownerJson } from '../state/owners-and-subscriptions.ts';

/** `GET /crm/v4/associations/{from}/{to}/labels` and `GET /crm/v3/owners`. */

// Object type names and their ids (HubSpot's object type ids: contacts 0-1, communications 0-18,
// tasks 0-27, calls 0-48).
const OBJECT_TYPES: Record<string, 'contacts' | EngagementType> = {
  contacts: 'contacts',
  contact: 'contacts',
  '0-1': 'contacts',
  communications: 'communications',
  communication: 'communications',
  '0-18': 'communications',
  tasks: 'tasks',
  task: 'tasks',
  '0-27': 'tasks',
  calls: 'calls',
  call: 'calls',
  '0-48': 'calls',
};

function labelsFor(from: 'contacts' | EngagementType, to: 'contacts' | EngagementType): number[] {
  if (from !== 'contacts' && to === 'contacts') return [TO_CONTACT_TYPE_ID[from]];
  if (from === 'contacts' && to !== 'contacts') return [FROM_CONTACT_TYPE_ID[to]];
  return [];
}

export const associationAndOwnerRoutes: RouteDef[] = [
  {
    method: 'get',
    path: '/crm/v4/associations/:fromObjectType/:toObjectType/labels',
    scopes: SCOPES.contactsRead,
    handle: ({ req }) => {
      const from = OBJECT_TYPES[param(req, 'fromObjectType').toLowerCase()];
      const to = OBJECT_TYPES[param(req, 'toObjectType').toLowerCase()];
      if (!from || !to) throw validationError('Unknown object type');
      // HubSpot's unlabeled default association comes with a null label.
      const results = labelsFor(from, to).map((typeId) => ({
        category: 'HUBSPOT_DEFINED',
        typeId,
        label: null,
      }));
      return { status: 200, body: { results } };
    },
  },
  {
    method: 'get',
    path: '/crm/v3/owners',
    scopes: SCOPES.ownersRead,
    handle: ({ req, portal }) => {
      const email = stringParam(req, 'email')?.toLowerCase();
      const limit = Number(stringParam(req, 'limit') ?? 100);
      if (!Number.isInteger(limit) || limit < 1 || limit > 500)
        throw validationError('limit must be between 1 and 500');
      const after = Number(stringParam(req, 'after') ?? 0);
      const matching = portal.owners.filter(
        (o) => email === undefined || o.email.toLowerCase() === email,
      );
      const page = matching.slice(after, after + limit);
      const body: Record<string, unknown> = {
        results: page.map((o) => ownerJson(o, portal.clock.now())),
      };
      if (after + limit < matching.length)
        body['paging'] = { next: { after: String(after + limit) } };
      return { status: 200, body };
    },
  },
  {
    method: 'get',
    path: '/crm/v3/owners/:ownerId',
    scopes: SCOPES.ownersRead,
    handle: ({ req, portal }) => {
      const byUserId = stringParam(req, 'idProperty') === 'userId';
      const wanted = param(req, 'ownerId');
      const owner = portal.owners.find((o) => (byUserId ? String(o.userId) : o.id) === wanted);
      if (!owner) throw notFoundError();
      return { status: 200, body: ownerJson(owner, portal.clock.now()) };
    },
  },
];
