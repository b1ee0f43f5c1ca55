import { Client } from '@hubspot/api-client';
import type { HubSpotSandbox } from './sandbox.ts';

/**
 * Helpers for tests that drive the sandbox through `@hubspot/api-client`, the way the service does.
 */

/** The real client pointed at the sandbox, without the client's own retries. */
export function sandboxClient(sandbox: HubSpotSandbox, accessToken = sandbox.accessToken): Client {
  return new Client({ accessToken, basePath: sandbox.baseUrl, numberOfApiCallRetries: 0 });
}

/** What the client threw for an error status: its `ApiException` code, body and headers. */
export interface CaughtApiError {
  code: number;
  body: Record<string, unknown>;
  headers: Record<string, string>;
}

/** Awaits a call that must fail with an HTTP error and returns what the client reported. */
export async function apiError(call: Promise<unknown>): Promise<CaughtApiError> {
  try {
    await call;
  } catch (error) {
    const e = error as Partial<CaughtApiError>;
    if (typeof e.code !== 'number') throw error;
    return {
      code: e.code,
      body: (e.body ?? {}) as Record<string, unknown>,
      headers: e.headers ?? {},
    };
  }
  throw new Error('expected the call to fail');
}

type Create = Parameters<Client['crm']['properties']['coreApi']['create']>[1];

/**
 * Creates, through the API, the group and a few of the project's contact properties (domain.md):
 * pms_patient_id (unique), reactivation_segment, reactivation_status, last_visit_date,
 * next_appointment_date, sms_consent.
 */
export async function createReactivationProperties(client: Client): Promise<void> {
  await client.crm.properties.groupsApi.create('contacts', {
    name: 'patient_reactivation',
    label: 'Patient reactivation',
  });
  const enumeration = (name: string, values: string[]) => ({
    name,
    label: name,
    type: 'enumeration',
    fieldType: 'select',
    options: values.map((value, i) => ({ value, label: value, hidden: false, displayOrder: i })),
  });
  const definitions = [
    {
      name: 'pms_patient_id',
      label: 'PMS patient id',
      type: 'string',
      fieldType: 'text',
      hasUniqueValue: true,
    },
    enumeration('reactivation_segment', [
      'no_show',
      'unscheduled_treatment',
      'overdue_recall',
      'dormant',
      'none',
    ]),
    enumeration('reactivation_status', [
      'eligible',
      'in_sequence',
      'contacted',
      'replied',
      'booked',
      'confirmed',
      'recovered',
      'opted_out',
      'do_not_contact',
      'paused',
      'not_eligible',
    ]),
    enumeration('sms_consent', ['yes', 'no', 'unknown']),
    { name: 'last_visit_date', label: 'Last visit', type: 'date', fieldType: 'date' },
    {
      name: 'next_appointment_date',
      label: 'Next appointment',
      type: 'datetime',
      fieldType: 'date',
    },
  ];
  for (const definition of definitions) {
    await client.crm.properties.coreApi.create('contacts', {
      groupName: 'patient_reactivation',
      ...definition,
    } as unknown as Create);
  }
}
