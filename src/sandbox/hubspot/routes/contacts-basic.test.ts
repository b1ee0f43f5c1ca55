import type { Client } from '@hubspot/api-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../lib/clock.ts';
import { modelProblems } from '../model-conformance.ts';
import { startHubSpotSandbox, type HubSpotSandbox } from '../sandbox.ts';
import { apiError, createReactivationProperties, sandboxClient } from '../test-support.ts';

let sandbox: HubSpotSandbox;
let client: Client;
const clock = new ManualClock('2026-11-01T09:00:00Z');
const CONTACTS = { module: 'crm/contacts' };

beforeAll(async () => {
  sandbox = await startHubSpotSandbox({ rateLimit: false, clock });
  client = sandboxClient(sandbox);
  await createReactivationProperties(client);
  for (let i = 1; i <= 25; i += 1)
    sandbox.createContact({ email: `p${i}@example.com`, pms_patient_id: `csv:0:${i}` });
});
afterAll(() => sandbox.close());

describe('one contact at a time', () => {
  it('creates, reads (also by email or a unique property), updates and archives', async () => {
    const created = await client.crm.contacts.basicApi.create({
      properties: { email: 'solo@example.com', firstname: 'Solo' },
      associations: [],
    });
    expect(modelProblems(created, { ...CONTACTS, model: 'SimplePublicObject' })).toEqual([]);
    expect(created.createdAt.toISOString()).toBe('2026-11-01T09:00:00.000Z');

    const byEmail = await client.crm.contacts.basicApi.getById(
      'SOLO@example.com',
      ['firstname'],
      undefined,
      undefined,
      false,
      'email',
    );
    expect(
      modelProblems(byEmail, { ...CONTACTS, model: 'SimplePublicObjectWithAssociations' }),
    ).toEqual([]);
    expect(byEmail.properties).toEqual({
      createdate: '2026-11-01T09:00:00.000Z',
      firstname: 'Solo',
      hs_object_id: created.id,
      lastmodifieddate: '2026-11-01T09:00:00.000Z',
    });

    clock.advance(60_000);
    const updated = await client.crm.contacts.basicApi.update(created.id, {
      properties: { firstname: '', reactivation_status: 'eligible' },
    });
    expect(updated.properties['firstname']).toBeNull();
    expect(updated.updatedAt.toISOString()).toBe('2026-11-01T09:01:00.000Z');
    expect(updated.properties['lastmodifieddate']).toBe('2026-11-01T09:01:00.000Z');

    const byKey = await client.crm.contacts.basicApi.getById(
      'csv:0:3',
      undefined,
      undefined,
      undefined,
      false,
      'pms_patient_id',
    );
    expect(byKey.properties['email']).toBe('p3@example.com');

    await client.crm.contacts.basicApi.archive(created.id);
    expect((await apiError(client.crm.contacts.basicApi.getById(created.id))).code).toBe(404);
    const archived = await client.crm.contacts.basicApi.getById(
      created.id,
      undefined,
      undefined,
      undefined,
      true,
    );
    expect(archived.archived).toBe(true);
  });

  it('answers 404 for an unknown id and 400 for a non-unique idProperty', async () => {
    const missing = await apiError(client.crm.contacts.basicApi.getById('123456789'));
    expect(missing).toMatchObject({
      code: 404,
      body: { status: 'error', category: 'OBJECT_NOT_FOUND' },
    });
    expect(
      (
        await apiError(
          client.crm.contacts.basicApi.getById(
            'x',
            undefined,
            undefined,
            undefined,
            false,
            'firstname',
          ),
        )
      ).code,
    ).toBe(400);
  });
});

describe('listing', () => {
  it('pages with limit and after until paging disappears', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const page = await client.crm.contacts.basicApi.getPage(10, after, ['email']);
      expect(
        modelProblems(page, {
          ...CONTACTS,
          model: 'CollectionResponseSimplePublicObjectWithAssociationsForwardPaging',
        }),
      ).toEqual([]);
      seen.push(...page.results.map((r) => r.properties['email'] ?? ''));
      after = page.paging?.next?.after;
      if (after)
        expect(page.paging?.next?.link).toBe(
          `${sandbox.baseUrl}/crm/v3/objects/contacts?after=${after}`,
        );
      pages += 1;
    } while (after);
    expect(pages).toBe(3);
    expect(seen).toEqual(sandbox.contacts.list().map((c) => c.properties['email']));
  });

  it('refuses a page larger than 100', async () => {
    expect((await apiError(client.crm.contacts.basicApi.getPage(101))).code).toBe(400);
  });
});
