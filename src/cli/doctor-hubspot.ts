import type { Client } from '@hubspot/api-client';
import type { Environment } from '../config.ts';
import { silentLogger } from '../lib/logger.ts';
import type { Store } from '../store/store.ts';
import { fail, networkReason, ok, skip, within, type CheckResult } from './doctor-result.ts';
import { openHubSpot } from './wiring.ts';

/**
 * A request per scope the app needs (extensions/app/app-hsmeta.json, `requiredScopes`). HubSpot
 * checks the token's scopes before it reads the request, so a 403 means the scope is missing and
 * any other answer means it is there. The writes are ones HubSpot must refuse or that change
 * nothing (an empty batch, a group without a name, an address that is not an email): the doctor
 * proves a scope without touching the portal.
 */
export const SCOPE_PROBES: {
  scope: string;
  method: 'GET' | 'POST';
  path: string;
  body?: object;
}[] = [
  { scope: 'crm.objects.contacts.read', method: 'GET', path: '/crm/v3/objects/contacts?limit=1' },
  {
    scope: 'crm.objects.contacts.write',
    method: 'POST',
    path: '/crm/v3/objects/contacts/batch/update',
    body: { inputs: [] },
  },
  { scope: 'crm.schemas.contacts.read', method: 'GET', path: '/crm/v3/properties/contacts/groups' },
  {
    scope: 'crm.schemas.contacts.write',
    method: 'POST',
    path: '/crm/v3/properties/contacts/groups',
    body: {},
  },
  { scope: 'crm.objects.owners.read', method: 'GET', path: '/crm/v3/owners?limit=1' },
  {
    scope: 'automation',
    method: 'POST',
    path: '/automation/v4/actions/callbacks/complete',
    body: { inputs: [] },
  },
  {
    scope: 'communication_preferences.read_write',
    method: 'POST',
    path: '/communication-preferences/v4/statuses/doctor-scope-probe/unsubscribe-all?channel=EMAIL',
    body: {},
  },
];

async function status(client: Client, probe: (typeof SCOPE_PROBES)[number]): Promise<number> {
  const [path, query] = probe.path.split('?') as [string, string | undefined];
  const response = await within(
    10_000,
    client.apiRequest({
      method: probe.method,
      path,
      ...(query ? { qs: Object.fromEntries(new URLSearchParams(query)) } : {}),
      ...(probe.body ? { body: probe.body } : {}),
    }),
  );
  return response.status;
}

/** The access token (one cheap read) and every scope the app needs; two lines. */
export async function checkHubSpot(env: Environment, store: Store): Promise<CheckResult[]> {
  const token = 'hubspot token';
  const scopes = 'hubspot scopes';
  if (env.HUBSPOT_ACCESS_TOKEN === undefined)
    return [
      fail(
        token,
        "HUBSPOT_ACCESS_TOKEN: missing; copy the app's access token (HubSpot: Development → your app → Auth)",
      ),
      skip(scopes, 'needs HUBSPOT_ACCESS_TOKEN'),
    ];
  const { client } = openHubSpot(env, store, silentLogger);
  const host = new URL(env.HUBSPOT_API_BASE_URL).host;
  let first: number;
  try {
    first = await status(client, SCOPE_PROBES[0]!);
  } catch (error) {
    return [
      fail(
        token,
        `cannot reach HubSpot at ${host} (${networkReason(error)}); check HUBSPOT_API_BASE_URL and the network`,
      ),
      skip(scopes, 'needs HubSpot to answer'),
    ];
  }
  if (first === 401)
    return [
      fail(
        token,
        "HUBSPOT_ACCESS_TOKEN: HubSpot refused it (401); copy the app's current access token (HubSpot: Development → your app → Auth)",
      ),
      skip(scopes, 'needs a valid HUBSPOT_ACCESS_TOKEN'),
    ];
  if (first >= 500)
    return [
      fail(token, `HubSpot answered ${first}; try again in a minute (status.hubspot.com)`),
      skip(scopes, 'needs HubSpot to answer'),
    ];
  const tokenResult = ok(token, `accepted by ${host}`);
  const missing: string[] = [];
  try {
    if (first === 403) missing.push(SCOPE_PROBES[0]!.scope);
    for (const probe of SCOPE_PROBES.slice(1))
      if ((await status(client, probe)) === 403) missing.push(probe.scope);
  } catch (error) {
    return [
      tokenResult,
      fail(scopes, `could not finish the check (${networkReason(error)}); run it again`),
    ];
  }
  if (missing.length > 0)
    return [
      tokenResult,
      fail(
        scopes,
        `the app lacks ${missing.join(', ')}: add ${missing.length === 1 ? 'it' : 'them'} to requiredScopes in extensions/app/app-hsmeta.json, run hs project upload and re-install the app`,
      ),
    ];
  return [tokenResult, ok(scopes, `all ${SCOPE_PROBES.length} the app needs are granted`)];
}
