import type { Client } from '@hubspot/api-client';
import type { PropertyCreate } from '@hubspot/api-client/lib/codegen/crm/properties/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelProblems } from '../model-conformance.ts';
import { startHubSpotSandbox, type HubSpotSandbox } from '../sandbox.ts';
import { apiError, sandboxClient } from '../test-support.ts';

let sandbox: HubSpotSandbox;
let client: Client;

beforeAll(async () => {
  sandbox = await startHubSpotSandbox({ rateLimit: false });
  client = sandboxClient(sandbox);
  await client.crm.properties.groupsApi.create('contacts', {
    name: 'patient_reactivation',
    label: 'Patient reactivation',
  });
});
afterAll(() => sandbox.close());

const create = (input: Record<string, unknown>) =>
  client.crm.properties.coreApi.create('contacts', {
    groupName: 'patient_reactivation',
    ...input,
  } as unknown as PropertyCreate);

describe('contact properties', () => {
  it('seeds HubSpot standard properties in contactinformation', async () => {
    const all = await client.crm.properties.coreApi.getAll('contacts');
    expect(
      modelProblems(all, { module: 'crm/properties', model: 'CollectionResponsePropertyNoPaging' }),
    ).toEqual([]);
    const names = all.results.map((p) => p.name);
    for (const name of [
      'firstname',
      'lastname',
      'email',
      'mobilephone',
      'phone',
      'hs_language',
      'hs_object_id',
      'createdate',
      'lastmodifieddate',
      'hubspot_owner_id',
    ]) {
      expect(names).toContain(name);
    }
    const language = all.results.find((p) => p.name === 'hs_language');
    expect(language).toMatchObject({
      type: 'enumeration',
      fieldType: 'select',
      groupName: 'contactinformation',
      hubspotDefined: true,
    });
    expect(language?.options.map((o) => o.value)).toEqual(expect.arrayContaining(['en', 'es']));
  });

  it('creates a unique string property and reads it back', async () => {
    const created = await create({
      name: 'pms_patient_id',
      label: 'PMS patient id',
      type: 'string',
      fieldType: 'text',
      hasUniqueValue: true,
    });
    expect(modelProblems(created, { module: 'crm/properties', model: 'Property' })).toEqual([]);
    expect(created).toMatchObject({
      name: 'pms_patient_id',
      hasUniqueValue: true,
      hubspotDefined: false,
      archived: false,
    });
    const read = await client.crm.properties.coreApi.getByName('contacts', 'pms_patient_id');
    expect(read.name).toBe('pms_patient_id');
    expect(sandbox.properties.get('pms_patient_id')?.hasUniqueValue).toBe(true);
  });

  it('creates an enumeration with its options', async () => {
    const created = await create({
      name: 'reactivation_segment',
      label: 'Reactivation segment',
      type: 'enumeration',
      fieldType: 'select',
      options: ['no_show', 'unscheduled_treatment', 'overdue_recall', 'dormant', 'none'].map(
        (value, i) => ({ label: value, value, hidden: false, displayOrder: i }),
      ),
    });
    expect(created.options.map((o) => o.value)).toEqual([
      'no_show',
      'unscheduled_treatment',
      'overdue_recall',
      'dormant',
      'none',
    ]);
  });

  it('answers 409 for a property that exists, like HubSpot (creation is not idempotent)', async () => {
    const error = await apiError(
      create({ name: 'pms_patient_id', label: 'Again', type: 'string', fieldType: 'text' }),
    );
    expect(error.code).toBe(409);
    expect(error.body).toMatchObject({ status: 'error', category: 'OBJECT_ALREADY_EXISTS' });
    // The client hands error bodies over raw (it looks up "Error", a type its serializer lacks).
    expect(
      modelProblems(
        error.body,
        { module: 'crm/properties', model: 'ModelError' },
        { mode: 'json' },
      ),
    ).toEqual([]);
  });

  it.each([
    [
      'a type/fieldType pair HubSpot refuses',
      { name: 'bad_pair', label: 'x', type: 'date', fieldType: 'text' },
    ],
    ['an unknown type', { name: 'bad_type', label: 'x', type: 'text', fieldType: 'text' }],
    ['a name with capitals', { name: 'BadName', label: 'x', type: 'string', fieldType: 'text' }],
    [
      'a group that does not exist',
      { name: 'lost', label: 'x', type: 'string', fieldType: 'text', groupName: 'nowhere' },
    ],
    [
      'unique values on a date',
      { name: 'uniq_date', label: 'x', type: 'date', fieldType: 'date', hasUniqueValue: true },
    ],
    [
      'duplicate option values',
      {
        name: 'dup_opt',
        label: 'x',
        type: 'enumeration',
        fieldType: 'radio',
        options: [
          { label: 'A', value: 'a', hidden: false },
          { label: 'B', value: 'a', hidden: false },
        ],
      },
    ],
  ])('refuses %s with 400 VALIDATION_ERROR', async (_label, input) => {
    const error = await apiError(create(input));
    expect(error.code).toBe(400);
    expect(error.body['category']).toBe('VALIDATION_ERROR');
  });

  it.each([
    ['string', 'text'],
    ['enumeration', 'checkbox'],
    ['date', 'date'],
    ['datetime', 'date'],
    ['number', 'number'],
    ['bool', 'booleancheckbox'],
  ])('accepts %s/%s', async (type, fieldType) => {
    const created = await create({
      name: `combo_${type}_${fieldType}`,
      label: 'combo',
      type,
      fieldType,
      options: [],
    });
    expect(created).toMatchObject({ type, fieldType });
  });

  it('updates and archives a custom property; a HubSpot one cannot be archived', async () => {
    const updated = await client.crm.properties.coreApi.update('contacts', 'combo_string_text', {
      label: 'Renamed',
    });
    expect(updated.label).toBe('Renamed');
    await client.crm.properties.coreApi.archive('contacts', 'combo_string_text');
    expect(
      (await apiError(client.crm.properties.coreApi.getByName('contacts', 'combo_string_text')))
        .code,
    ).toBe(404);
    expect((await apiError(client.crm.properties.coreApi.archive('contacts', 'email'))).code).toBe(
      400,
    );
  });
});

describe('property groups', () => {
  it('lists, reads and updates groups', async () => {
    const all = await client.crm.properties.groupsApi.getAll('contacts');
    expect(
      modelProblems(all, {
        module: 'crm/properties',
        model: 'CollectionResponsePropertyGroupNoPaging',
      }),
    ).toEqual([]);
    expect(all.results.map((g) => g.name)).toEqual(
      expect.arrayContaining(['contactinformation', 'patient_reactivation']),
    );
    const updated = await client.crm.properties.groupsApi.update(
      'contacts',
      'patient_reactivation',
      { label: 'Reactivation', displayOrder: 3 },
    );
    expect(updated).toMatchObject({
      name: 'patient_reactivation',
      label: 'Reactivation',
      displayOrder: 3,
      archived: false,
    });
    expect(modelProblems(updated, { module: 'crm/properties', model: 'PropertyGroup' })).toEqual(
      [],
    );
    expect(
      (await client.crm.properties.groupsApi.getByName('contacts', 'patient_reactivation')).label,
    ).toBe('Reactivation');
  });

  it('answers 409 for an existing group and 400 for a name HubSpot refuses', async () => {
    expect(
      (
        await apiError(
          client.crm.properties.groupsApi.create('contacts', {
            name: 'patient_reactivation',
            label: 'x',
          }),
        )
      ).code,
    ).toBe(409);
    expect(
      (
        await apiError(
          client.crm.properties.groupsApi.create('contacts', {
            name: 'Patient-Reactivation',
            label: 'x',
          }),
        )
      ).code,
    ).toBe(400);
    expect(
      (await apiError(client.crm.properties.groupsApi.getByName('contacts', 'nope'))).code,
    ).toBe(404);
  });
});
