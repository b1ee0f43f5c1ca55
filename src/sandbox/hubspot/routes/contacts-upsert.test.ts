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

describe('batch upsert', () => {
  it('creates, then updates, by the unique pms_patient_id, with HubSpot shapes', async () => {
    const first = await upsert([
      patient(1, {
        email: 'Ann@Example.com',
        last_visit_date: '2024-05-01',
        reactivation_segment: 'dormant',
      }),
    ]);
    expect(
      modelProblems(first, { ...CONTACTS, model: 'BatchResponseSimplePublicUpsertObject' }),
    ).toEqual([]);
    expect(first.status).toBe('COMPLETE');
    const created = first.results[0];
    expect(created?._new).toBe(true);
    expect(created?.properties).toMatchObject({
      email: 'ann@example.com',
      pms_patient_id: 'opendental:0:1',
      last_visit_date: '2024-05-01',
      hs_object_id: created?.id,
    });

    const second = await upsert([
      patient(1, {
        reactivation_segment: 'no_show',
        next_appointment_date: String(Date.UTC(2026, 10, 3, 15)),
      }),
    ]);
    expect(second.results[0]).toMatchObject({ id: created?.id, _new: false });
    expect(second.results[0]?.properties['next_appointment_date']).toBe('2026-11-03T15:00:00.000Z');
    expect(sandbox.contacts.count()).toBe(1);
    expect(
      sandbox.contacts.findBy('pms_patient_id', 'opendental:0:1')[0]?.properties[
        'reactivation_segment'
      ],
    ).toBe('no_show');
  });

  it('upserts by email as well', async () => {
    const [contact] = (
      await client.crm.contacts.batchApi.upsert({
        inputs: [{ id: 'bo@example.com', idProperty: 'email', properties: { firstname: 'Bo' } }],
      })
    ).results;
    const again = await client.crm.contacts.batchApi.upsert({
      inputs: [{ id: 'BO@example.com', idProperty: 'email', properties: { lastname: 'Li' } }],
    });
    expect(again.results[0]).toMatchObject({ id: contact?.id, _new: false });
  });

  it('refuses a second contact with an email in use: 409, HubSpot message, and nothing of the batch written', async () => {
    const formLead = sandbox.createContact({ email: 'shared@example.com', firstname: 'Web form' });
    const error = await apiError(
      upsert([
        patient(1, { email: 'fine@example.com' }),
        patient(2, { email: 'SHARED@example.com' }),
      ]),
    );
    expect(error.code).toBe(409);
    expect(error.body).toMatchObject({
      status: 'error',
      category: 'CONFLICT',
      message: `Contact already exists. Existing ID: ${formLead.id}`,
      context: { ids: ['opendental:0:2'] },
    });
    expect(
      modelProblems(error.body, { ...CONTACTS, model: 'ModelError' }, { mode: 'json' }),
    ).toEqual([]);
    expect(sandbox.contacts.count()).toBe(1);
    expect(sandbox.contacts.findBy('email', 'fine@example.com')).toEqual([]);
  });

  it('refuses two new contacts sharing an email within one batch', async () => {
    const error = await apiError(
      upsert([
        patient(1, { email: 'twin@example.com' }),
        patient(2, { email: 'twin@example.com' }),
      ]),
    );
    expect(error.code).toBe(409);
    expect(String(error.body['message'])).toMatch(/^Contact already exists\. Existing ID: \d+$/);
    expect(sandbox.contacts.count()).toBe(0);
  });

  it('lets one contact take an email another gives up in the same batch', async () => {
    await upsert([patient(1, { email: 'move@example.com' }), patient(2)]);
    await upsert([
      patient(1, { email: 'new@example.com' }),
      patient(2, { email: 'move@example.com' }),
    ]);
    expect(
      sandbox.contacts.findBy('email', 'move@example.com')[0]?.properties['pms_patient_id'],
    ).toBe('opendental:0:2');
  });

  it('keeps unique-value properties unique (create and update)', async () => {
    await upsert([patient(1), patient(2)]);
    const create = await apiError(
      client.crm.contacts.batchApi.create({
        inputs: [{ properties: { pms_patient_id: 'opendental:0:1' }, associations: [] }],
      }),
    );
    expect(create.code).toBe(409);
    const [two] = sandbox.contacts.findBy('pms_patient_id', 'opendental:0:2');
    const update = await apiError(
      client.crm.contacts.basicApi.update(two?.id ?? '', {
        properties: { pms_patient_id: 'opendental:0:1' },
      }),
    );
    expect(update.code).toBe(409);
    expect(update.body['category']).toBe('CONFLICT');
  });

  it('takes at most 100 inputs', async () => {
    const hundred = Array.from({ length: 100 }, (_, i) => patient(i));
    expect((await upsert(hundred)).results).toHaveLength(100);
    const error = await apiError(upsert([...hundred, patient(100)]));
    expect(error.code).toBe(400);
    expect(error.body['category']).toBe('VALIDATION_ERROR');
  });

  it.each([
    [
      'an unknown property',
      { favourite_tooth: 'molar' },
      /^Property "favourite_tooth" does not exist$/,
      'PROPERTY_DOESNT_EXIST',
    ],
    [
      'a value outside the enumeration',
      { reactivation_segment: 'lapsed' },
      /lapsed was not one of the allowed options/,
      'INVALID_OPTION',
    ],
    [
      'a date that is not midnight UTC',
      { last_visit_date: String(Date.UTC(2024, 0, 1, 9)) },
      /not midnight/,
      'INVALID_DATE',
    ],
    [
      'a read-only property',
      { lastmodifieddate: '2026-01-01T00:00:00Z' },
      /read only property/,
      'READ_ONLY_VALUE',
    ],
  ])('fails the whole batch with 400 for %s, naming it', async (_label, bad, message, code) => {
    const error = await apiError(upsert([patient(1), patient(2, bad)]));
    expect(error.code).toBe(400);
    expect(error.body['category']).toBe('VALIDATION_ERROR');
    const prefix = 'Property values were not valid: ';
    expect(String(error.body['message']).startsWith(prefix)).toBe(true);
    // HubSpot serialises the list of rejected values into the message.
    const problems = JSON.parse(String(error.body['message']).slice(prefix.length)) as {
      name: string;
      message: string;
      error: string;
    }[];
    expect(problems).toEqual([
      expect.objectContaining({ name: Object.keys(bad)[0], error: code, isValid: false }),
    ]);
    expect(problems[0]?.message).toMatch(message);
    expect(error.body['errors']).toEqual([
      expect.objectContaining({ code, in: Object.keys(bad)[0] }),
    ]);
    expect(sandbox.contacts.count()).toBe(0);
  });

  it('refuses duplicate ids and non-unique id properties', async () => {
    const duplicate = await apiError(upsert([patient(1), patient(1)]));
    expect(duplicate).toMatchObject({
      code: 400,
      body: { message: 'Duplicate IDs found in batch input: [opendental:0:1]. IDs must be unique' },
    });
    const nonUnique = await apiError(
      client.crm.contacts.batchApi.upsert({
        inputs: [{ id: 'Ann', idProperty: 'firstname', properties: {} }],
      }),
    );
    expect(nonUnique.code).toBe(400);
    expect(nonUnique.body['message']).toBe(
      'Unable to perform update/upsert by non-unique 0-1 property',
    );
  });
});
