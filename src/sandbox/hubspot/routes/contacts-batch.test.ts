import type { Client } from '@hubspot/api-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { modelProblems } from '../model-conformance.ts';
import { startHubSpotSandbox, type HubSpotSandbox } from '../sandbox.ts';
import { apiError, createReactivationProperties, sandboxClient } from '../test-support.ts';

let sandbox: HubSpotSandbox;
let client: Client;

beforeEach(async () => {
  sandbox = await startHubSpotSandbox({ rateLimit: false });
  client = sandboxClient(sandbox);
  await createReactivationProperties(client);
});
afterEach(() => sandbox.close());

const CONTACTS = { module: 'crm/contacts' };
const patient = (n: number, properties: Record<string, string> = {}) => ({
  id: `opendental:0:${n}`,
  idProperty: 'pms_patient_id',
  properties: { firstname: `P${n}`, ...properties },
});
const upsert = (inputs: ReturnType<typeof patient>[]) =>
  client.crm.contacts.batchApi.upsert({ inputs });

describe('batch read, update, create, archive', () => {
  it('reads by id and by email; unknown ids come back as a 207 error, as HubSpot does', async () => {
    const { results } = await upsert([patient(1, { email: 'a@example.com' }), patient(2)]);
    const ids = results.map((r) => r.id);
    const read = await client.crm.contacts.batchApi.read({
      inputs: [{ id: ids[0] ?? '' }, { id: '999999' }],
      properties: ['pms_patient_id'],
      propertiesWithHistory: ['firstname'],
    });
    expect(
      modelProblems(read, { ...CONTACTS, model: 'BatchResponseSimplePublicObjectWithErrors' }),
    ).toEqual([]);
    expect(read.results.map((r) => r.id)).toEqual([ids[0]]);
    expect(read.results[0]?.properties).toEqual(
      expect.objectContaining({ pms_patient_id: 'opendental:0:1', hs_object_id: ids[0] }),
    );
    expect(read.results[0]?.propertiesWithHistory?.['firstname']?.[0]).toMatchObject({
      value: 'P1',
      sourceType: 'API',
    });
    expect('errors' in read && read.errors?.[0]).toMatchObject({
      category: 'OBJECT_NOT_FOUND',
      context: { ids: ['999999'] },
    });

    const byEmail = await client.crm.contacts.batchApi.read({
      idProperty: 'email',
      inputs: [{ id: 'A@EXAMPLE.COM' }],
      properties: [],
      propertiesWithHistory: [],
    });
    expect(byEmail.results[0]?.id).toBe(ids[0]);
    expect(Object.keys(byEmail.results[0]?.properties ?? {})).toEqual([
      'createdate',
      'email',
      'firstname',
      'hs_object_id',
      'lastmodifieddate',
      'lastname',
    ]);
  });

  it('updates by record id: missing ids are a 207, a bad value fails everything', async () => {
    const { results } = await upsert([patient(1), patient(2)]);
    const [one, two] = results.map((r) => r.id);
    const updated = await client.crm.contacts.batchApi.update({
      inputs: [
        { id: one ?? '', properties: { reactivation_status: 'eligible' } },
        { id: '424242', properties: { firstname: 'x' } },
      ],
    });
    expect(
      modelProblems(updated, { ...CONTACTS, model: 'BatchResponseSimplePublicObjectWithErrors' }),
    ).toEqual([]);
    expect(updated.results.map((r) => r.properties['reactivation_status'])).toEqual(['eligible']);
    expect('errors' in updated && updated.errors?.[0]?.context).toEqual({ ids: ['424242'] });

    const error = await apiError(
      client.crm.contacts.batchApi.update({
        inputs: [
          { id: one ?? '', properties: { firstname: 'Changed' } },
          { id: two ?? '', properties: { reactivation_status: 'gone' } },
        ],
      }),
    );
    expect(error.code).toBe(400);
    expect(sandbox.contacts.get(one ?? '')?.properties['firstname']).toBe('P1');
  });

  it('creates with 201 and archives with 204, freeing the email', async () => {
    const created = await client.crm.contacts.batchApi.create({
      inputs: [{ properties: { email: 'gone@example.com' }, associations: [] }],
    });
    expect(
      modelProblems(created, { ...CONTACTS, model: 'BatchResponseSimplePublicObject' }),
    ).toEqual([]);
    const id = created.results[0]?.id ?? '';
    await client.crm.contacts.batchApi.archive({ inputs: [{ id }, { id: 'no-such-id' }] });
    expect((await apiError(client.crm.contacts.basicApi.getById(id))).code).toBe(404);
    expect(sandbox.contacts.get(id, { archived: true })?.archived).toBe(true);
    await client.crm.contacts.basicApi.create({
      properties: { email: 'gone@example.com' },
      associations: [],
    });
  });
});
