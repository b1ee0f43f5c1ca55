import type { Client } from '@hubspot/api-client';
import { AssociationSpecAssociationCategoryEnum } from '@hubspot/api-client/lib/codegen/crm/objects/communications/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelProblems } from '../model-conformance.ts';
import { startHubSpotSandbox, type HubSpotSandbox } from '../sandbox.ts';
import { apiError, sandboxClient } from '../test-support.ts';

let sandbox: HubSpotSandbox;
let client: Client;
let contactId: string;

beforeAll(async () => {
  sandbox = await startHubSpotSandbox({ rateLimit: false });
  client = sandboxClient(sandbox);
  contactId = sandbox.createContact({ email: 'pat@example.com' }).id;
});
afterAll(() => sandbox.close());

const toContact = (typeId: number, id = contactId) => [
  {
    to: { id },
    types: [
      {
        associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined,
        associationTypeId: typeId,
      },
    ],
  },
];

describe('association labels and owners', () => {
  it('gives the communication→contact type id HubSpot uses (81)', async () => {
    const labels = await client.crm.associations.v4.schema.definitionsApi.getAll(
      'communications',
      'contacts',
    );
    expect(
      modelProblems(labels, {
        module: 'crm/associations/v4/schema',
        model: 'CollectionResponseAssociationSpecWithLabelNoPaging',
      }),
    ).toEqual([]);
    expect(labels.results).toEqual([
      expect.objectContaining({ category: 'HUBSPOT_DEFINED', typeId: 81 }),
    ]);
    const tasks = await client.crm.associations.v4.schema.definitionsApi.getAll(
      'tasks',
      'contacts',
    );
    expect(tasks.results[0]?.typeId).toBe(204);
  });

  it('lists owners and finds one by id', async () => {
    const page = await client.crm.owners.ownersApi.getPage();
    expect(
      modelProblems(page, {
        module: 'crm/owners',
        model: 'CollectionResponsePublicOwnerForwardPaging',
      }),
    ).toEqual([]);
    const owner = page.results[0];
    expect(owner).toMatchObject({ type: 'PERSON', archived: false });
    expect((await client.crm.owners.ownersApi.getById(Number(owner?.id))).email).toBe(owner?.email);
  });
});

describe('timeline objects', () => {
  it('logs an SMS as a communication on the contact, then updates it', async () => {
    const created = await client.crm.objects.communications.basicApi.create({
      properties: {
        hs_communication_channel_type: 'SMS',
        hs_communication_logged_from: 'CRM',
        hs_communication_body: 'Reminder sent',
        hs_timestamp: '2026-11-01T10:00:00Z',
      },
      associations: toContact(81),
    });
    expect(
      modelProblems(created, { module: 'crm/objects/communications', model: 'SimplePublicObject' }),
    ).toEqual([]);
    expect(created.properties['hs_timestamp']).toBe('2026-11-01T10:00:00.000Z');
    expect(sandbox.communications.get(created.id)?.contactIds).toEqual([contactId]);

    await client.crm.objects.communications.basicApi.update(created.id, {
      properties: { hs_communication_body: 'Reply: yes' },
    });
    const read = await client.crm.objects.communications.basicApi.getById(
      created.id,
      ['hs_communication_body'],
      undefined,
      ['contacts'],
    );
    expect(
      modelProblems(read, {
        module: 'crm/objects/communications',
        model: 'SimplePublicObjectWithAssociations',
      }),
    ).toEqual([]);
    expect(read.properties['hs_communication_body']).toBe('Reply: yes');
    expect(read.associations?.['contacts']?.results).toEqual([
      expect.objectContaining({ id: contactId, type: 'communication_to_contact' }),
    ]);
  });

  it('creates a front-desk task (contact association 204) and a call (194), and reads them in batch', async () => {
    const task = await client.crm.objects.tasks.basicApi.create({
      properties: {
        hs_timestamp: String(Date.UTC(2026, 10, 2, 14)),
        hs_task_subject: 'Call back',
        hs_task_body: 'Patient replied CALL',
        hs_task_status: 'NOT_STARTED',
        hs_task_priority: 'HIGH',
        hs_task_type: 'CALL',
        hubspot_owner_id: '70000001',
      },
      associations: toContact(204),
    });
    expect(sandbox.tasks.get(task.id)).toMatchObject({
      contactIds: [contactId],
      properties: expect.objectContaining({ hs_task_type: 'CALL' }),
    });
    const call = await client.crm.objects.calls.basicApi.create({
      properties: {
        hs_timestamp: '2026-11-02T15:00:00Z',
        hs_call_title: 'Reactivation call',
        hs_call_direction: 'OUTBOUND',
        hs_call_status: 'COMPLETED',
      },
      associations: toContact(194),
    });
    expect(sandbox.calls.list().map((c) => c.id)).toEqual([call.id]);

    const batch = await client.crm.objects.tasks.batchApi.read({
      inputs: [{ id: task.id }, { id: '1' }],
      properties: ['hs_task_subject'],
      propertiesWithHistory: [],
    });
    expect(
      modelProblems(batch, {
        module: 'crm/objects/tasks',
        model: 'BatchResponseSimplePublicObjectWithErrors',
      }),
    ).toEqual([]);
    expect(batch.results[0]?.properties['hs_task_subject']).toBe('Call back');
    expect('errors' in batch && batch.errors?.[0]?.message).toBe(
      'Could not get some TASK objects, they may be deleted or not exist. Check that ids are valid.',
    );
  });

  it.each([
    ['a wrong association type', { hs_timestamp: '2026-11-01T10:00:00Z' }, toContact(204)],
    [
      'an association to no contact',
      { hs_timestamp: '2026-11-01T10:00:00Z' },
      toContact(81, '999'),
    ],
    ['no hs_timestamp', { hs_communication_body: 'x' }, toContact(81)],
    [
      'an unknown channel',
      { hs_timestamp: '2026-11-01T10:00:00Z', hs_communication_channel_type: 'PIGEON' },
      toContact(81),
    ],
    ['an unknown property', { hs_timestamp: '2026-11-01T10:00:00Z', note: 'x' }, toContact(81)],
    [
      'an owner the portal does not have',
      { hs_timestamp: '2026-11-01T10:00:00Z', hubspot_owner_id: '1' },
      toContact(81),
    ],
  ])('refuses %s with 400', async (_label, properties, associations) => {
    const error = await apiError(
      client.crm.objects.communications.basicApi.create({ properties, associations }),
    );
    expect(error.code).toBe(400);
    expect(error.body['category']).toBe('VALIDATION_ERROR');
  });
});
