import type { Client } from '@hubspot/api-client';
import { FilterOperatorEnum } from '@hubspot/api-client/lib/codegen/crm/contacts/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelProblems } from '../model-conformance.ts';
import { startHubSpotSandbox, type HubSpotSandbox } from '../sandbox.ts';
import { apiError, createReactivationProperties, sandboxClient } from '../test-support.ts';

let sandbox: HubSpotSandbox;
let client: Client;
const TOTAL = 10_050;

beforeAll(async () => {
  sandbox = await startHubSpotSandbox({ rateLimit: false, searchRateLimit: false });
  client = sandboxClient(sandbox);
  await createReactivationProperties(client);
  const segments = ['no_show', 'dormant', 'overdue_recall'];
  for (let i = 0; i < TOTAL; i += 1) {
    sandbox.createContact({
      pms_patient_id: `csv:0:${i}`,
      reactivation_segment: segments[i % 3] ?? 'none',
      ...(i < 3 ? { email: `p${i}@example.com`, last_visit_date: `2024-0${i + 1}-15` } : {}),
    });
  }
});
afterAll(() => sandbox.close());

const search = (body: Parameters<Client['crm']['contacts']['searchApi']['doSearch']>[0]) =>
  client.crm.contacts.searchApi.doSearch(body);

describe('contact search', () => {
  it('filters, sorts and returns HubSpot shapes', async () => {
    const found = await search({
      filterGroups: [
        {
          filters: [
            {
              propertyName: 'last_visit_date',
              operator: FilterOperatorEnum.Lt,
              value: '2024-03-01',
            },
          ],
        },
      ],
      sorts: ['-last_visit_date'],
      properties: ['email', 'last_visit_date'],
      limit: 10,
      after: '0',
    });
    expect(
      modelProblems(found, {
        module: 'crm/contacts',
        model: 'CollectionResponseWithTotalSimplePublicObjectForwardPaging',
      }),
    ).toEqual([]);
    expect(found.total).toBe(2);
    expect(found.results.map((r) => r.properties['email'])).toEqual([
      'p1@example.com',
      'p0@example.com',
    ]);
    expect(found.paging).toBeUndefined();
  });

  it('finds by email whatever the case and by IN over an enumeration', async () => {
    const byEmail = await search({
      filterGroups: [
        {
          filters: [
            { propertyName: 'email', operator: FilterOperatorEnum.Eq, value: 'P2@EXAMPLE.COM' },
          ],
        },
      ],
      limit: 1,
    });
    expect(byEmail.total).toBe(1);
    const noShows = await search({
      filterGroups: [
        {
          filters: [
            {
              propertyName: 'reactivation_segment',
              operator: FilterOperatorEnum.In,
              values: ['no_show'],
            },
          ],
        },
      ],
      limit: 0,
    });
    expect(noShows.total).toBe(TOTAL / 3);
  });

  it('pages up to the 10,000th result, then answers 400 like HubSpot', async () => {
    const page = await search({ limit: 200, after: '9800' });
    expect(page.results).toHaveLength(200);
    expect(page.total).toBe(TOTAL);
    expect(page.paging?.next?.after).toBe('10000');
    const error = await apiError(search({ limit: 200, after: page.paging?.next?.after ?? '' }));
    expect(error.code).toBe(400);
    expect(error.body['category']).toBe('VALIDATION_ERROR');
  });

  it('refuses pages over 200 and unknown properties', async () => {
    expect((await apiError(search({ limit: 201 }))).code).toBe(400);
    const unknown = await apiError(
      search({
        filterGroups: [
          { filters: [{ propertyName: 'tooth', operator: FilterOperatorEnum.HasProperty }] },
        ],
      }),
    );
    expect(unknown.code).toBe(400);
  });
});

describe('the search rate limit', () => {
  it('answers HubSpot secondly 429 past 4 searches a second, counting searches in the general limit', async () => {
    const limited = await startHubSpotSandbox({ rateLimit: { requests: 100, windowMs: 10_000 } });
    try {
      const c = sandboxClient(limited);
      const calls = Array.from({ length: 6 }, () =>
        apiError(c.crm.contacts.searchApi.doSearch({ limit: 1 })).catch(() => undefined),
      );
      const outcomes = await Promise.all(calls);
      const refused = outcomes.filter((o) => o?.code === 429);
      expect(refused).toHaveLength(2);
      expect(refused[0]?.body).toMatchObject({
        status: 'error',
        message: 'You have reached your secondly limit.',
        errorType: 'RATE_LIMIT',
        policyName: 'SECONDLY',
      });
      expect(refused[0]?.headers['x-hubspot-ratelimit-remaining']).toBe('96');
      expect(limited.stats.rateLimited).toBe(2);
    } finally {
      await limited.close();
    }
  });
});
