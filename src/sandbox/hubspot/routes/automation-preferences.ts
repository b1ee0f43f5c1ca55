import { z } from 'zod';
import { validationError } from '../http-error.ts';
import {
  batchTimes,
  booleanParam,
  checkBatchSize,
  param,
  parseBody,
  stringParam,
  type RouteDef,
} from '../route.ts';
import { SCOPES } from '../scopes.ts';
import { unsubscribeFromAll } from '../state/opt-out.ts';
import type { Portal } from '../state/portal.ts';

/**
 * Workflow action callbacks (`/automation/v4/actions/callbacks/…/complete`, 204) and the v4
 * communication preferences (`/communication-preferences/v4/statuses/{email}…`, whose shapes follow
 * HubSpot's API reference: a batch envelope with `results` of public statuses).
 */

const outputFields = z.record(z.string(), z.unknown());
const singleBody = z.object({ outputFields });
const batchBody = z.object({
  inputs: z.array(z.object({ callbackId: z.string().min(1), outputFields })),
});
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * What HubSpot answers to a second completion of one callback is unconfirmed: the sandbox accepts
 * it (204) and records it with `duplicate: true`, so a test can see that it happened.
 */
function complete(
  portal: Portal,
  callbackId: string,
  fields: Record<string, unknown>,
  via: 'single' | 'batch',
) {
  const duplicate = portal.callbacks.some((c) => c.callbackId === callbackId);
  portal.callbacks.push({
    callbackId,
    outputFields: fields,
    completedAt: portal.clock.now(),
    duplicate,
    via,
  });
}

function emailChannel(req: Parameters<RouteDef['handle']>[0]['req']): string {
  const email = param(req, 'subscriberIdString');
  if (stringParam(req, 'channel') !== 'EMAIL')
    throw validationError('channel is required and must be EMAIL');
  if (!EMAIL.test(email))
    throw validationError(`Invalid subscriberIdString: ${email} is not an email address`);
  return email;
}

export const automationAndPreferenceRoutes: RouteDef[] = [
  {
    method: 'post',
    path: '/automation/v4/actions/callbacks/complete',
    scopes: SCOPES.automation,
    handle: ({ req, portal }) => {
      const { inputs } = parseBody(batchBody, req.body);
      checkBatchSize(inputs.length);
      for (const input of inputs) complete(portal, input.callbackId, input.outputFields, 'batch');
      return { status: 204 };
    },
  },
  {
    method: 'post',
    path: '/automation/v4/actions/callbacks/:callbackId/complete',
    scopes: SCOPES.automation,
    handle: ({ req, portal }) => {
      const { outputFields: fields } = parseBody(singleBody, req.body);
      complete(portal, param(req, 'callbackId'), fields, 'single');
      return { status: 204 };
    },
  },
  {
    method: 'post',
    path: '/communication-preferences/v4/statuses/:subscriberIdString/unsubscribe-all',
    scopes: SCOPES.preferencesWrite,
    handle: ({ req, portal }) => {
      const startedAt = portal.clock.now();
      const email = emailChannel(req);
      const changed = unsubscribeFromAll(portal, email, {
        source: 'API',
        changeSource: 'API',
        fromApi: true,
      });
      // Without verbose=true HubSpot answers with empty results (API reference).
      const results = booleanParam(req, 'verbose')
        ? portal.subscriptions.statuses(email).map((s) => ({
            channel: 'EMAIL',
            source: s.source ?? 'API',
            status: s.status,
            subscriberIdString: email,
            subscriptionId: s.type.id,
            subscriptionName: s.type.name,
            timestamp: (s.timestamp ?? startedAt).toISOString(),
            businessUnitId: 0,
            // Reason names beyond NO_STATUS_CHANGE are unconfirmed.
            setStatusSuccessReason: changed ? 'UNSUBSCRIBE_FROM_ALL_OCCURRED' : 'NO_STATUS_CHANGE',
          }))
        : [];
      return {
        status: 200,
        body: { status: 'COMPLETE', results, ...batchTimes(startedAt, portal.clock.now()) },
      };
    },
  },
  {
    method: 'get',
    path: '/communication-preferences/v4/statuses/:subscriberIdString/unsubscribe-all',
    scopes: SCOPES.preferencesRead,
    handle: ({ req, portal }) => {
      const startedAt = portal.clock.now();
      const email = emailChannel(req);
      const out = portal.subscriptions.get(email)?.unsubscribedFromAll;
      // Empty results when the contact has not opted out of everything (API reference).
      const results = out
        ? [
            {
              channel: 'EMAIL',
              status: 'NOT_SUBSCRIBED',
              subscriberIdString: email,
              timestamp: out.toISOString(),
              wideStatusType: 'PORTAL_WIDE',
              businessUnitId: 0,
            },
          ]
        : [];
      return {
        status: 200,
        body: { status: 'COMPLETE', results, ...batchTimes(startedAt, portal.clock.now()) },
      };
    },
  },
  {
    method: 'get',
    path: '/communication-preferences/v4/statuses/:subscriberIdString',
    scopes: SCOPES.preferencesRead,
    handle: ({ req, portal }) => {
      const startedAt = portal.clock.now();
      const email = emailChannel(req);
      const results = portal.subscriptions.statuses(email).map((s) => ({
        channel: 'EMAIL',
        source: s.source ?? 'PORTAL',
        status: s.status,
        subscriberIdString: email,
        subscriptionId: s.type.id,
        subscriptionName: s.type.name,
        timestamp: (s.timestamp ?? startedAt).toISOString(),
        businessUnitId: 0,
      }));
      return {
        status: 200,
        body: { status: 'COMPLETE', results, ...batchTimes(startedAt, portal.clock.now()) },
      };
    },
  },
];
