import type { Client } from '@hubspot/api-client';
import { AssociationSpecAssociationCategoryEnum as Category } from '@hubspot/api-client/lib/codegen/crm/objects/communications/index.js';
import { FilterOperatorEnum } from '@hubspot/api-client/lib/codegen/crm/contacts/index.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { modelProblems, type ModelRef } from '../src/sandbox/hubspot/model-conformance.ts';
import {
  startHubSpotSandbox,
  type AnsweredRequest,
  type HubSpotSandbox,
} from '../src/sandbox/hubspot/index.ts';
import {
  createReactivationProperties,
  sandboxClient,
} from '../src/sandbox/hubspot/test-support.ts';

/**
 * Conformance: every response the project uses, fetched through `@hubspot/api-client` (deserialized
 * by its own model classes) and as the sandbox sent it (the wire JSON, seen through `onResponse`),
 * carries every attribute the model requires, with the declared types, and (on the wire) nothing
 * the model does not declare. Error bodies are checked in src/sandbox/hubspot/http-error.test.ts.
 */

let sandbox: HubSpotSandbox;
let client: Client;
const ids = { contact: '', communication: '', task: '' };
const answers: AnsweredRequest[] = [];

const toContact = (associationTypeId: number) => [
  {
    to: { id: ids.contact },
    types: [{ associationCategory: Category.HubspotDefined, associationTypeId }],
  },
];

beforeAll(async () => {
  sandbox = await startHubSpotSandbox({
    rateLimit: false,
    searchRateLimit: false,
    onResponse: (a) => answers.push(a),
  });
  client = sandboxClient(sandbox);
  await createReactivationProperties(client);
  for (let i = 0; i < 12; i += 1)
    sandbox.createContact({ pms_patient_id: `seed:0:${i}`, email: `seed${i}@example.com` });
  ids.contact = sandbox.contacts.list()[0]?.id ?? '';
  const sms = {
    hs_timestamp: '2026-11-01T10:00:00Z',
    hs_communication_channel_type: 'SMS',
    hs_communication_body: 'Hi',
  };
  ids.communication = (
    await client.crm.objects.communications.basicApi.create({
      properties: sms,
      associations: toContact(81),
    })
  ).id;
  const task = {
    hs_timestamp: '2026-11-02T10:00:00Z',
    hs_task_subject: 'Call',
    hs_task_status: 'NOT_STARTED',
    hs_task_type: 'CALL',
  };
  ids.task = (
    await client.crm.objects.tasks.basicApi.create({
      properties: task,
      associations: toContact(204),
    })
  ).id;
});
afterAll(() => sandbox.close());

const contacts = (model: string): ModelRef => ({ module: 'crm/contacts', model });
const props = (model: string): ModelRef => ({ module: 'crm/properties', model });
const comms = (model: string): ModelRef => ({ module: 'crm/objects/communications', model });
// sms_consent cleared: an upsert result must still give a string (its model has no null).
const upsert = {
  inputs: [
    {
      id: 'conf:0:1',
      idProperty: 'pms_patient_id',
      properties: {
        reactivation_segment: 'dormant',
        last_visit_date: '2024-01-31',
        sms_consent: '',
      },
    },
  ],
};
const search = {
  filterGroups: [
    { filters: [{ propertyName: 'email', operator: FilterOperatorEnum.HasProperty }] },
  ],
  properties: ['email'],
  limit: 5,
  after: '0',
  sorts: [],
};
const stringText = { type: 'string' as never, fieldType: 'text' as never };

const CASES: [string, ModelRef, () => Promise<unknown>][] = [
  [
    'properties getAll',
    props('CollectionResponsePropertyNoPaging'),
    () => client.crm.properties.coreApi.getAll('contacts'),
  ],
  [
    'property getByName',
    props('Property'),
    () => client.crm.properties.coreApi.getByName('contacts', 'pms_patient_id'),
  ],
  [
    'property update',
    props('Property'),
    () =>
      client.crm.properties.coreApi.update('contacts', 'reactivation_segment', {
        label: 'Segment',
      }),
  ],
  [
    'property create',
    props('Property'),
    () =>
      client.crm.properties.coreApi.create('contacts', {
        name: 'conf_prop',
        label: 'x',
        groupName: 'patient_reactivation',
        ...stringText,
      }),
  ],
  [
    'groups getAll',
    props('CollectionResponsePropertyGroupNoPaging'),
    () => client.crm.properties.groupsApi.getAll('contacts'),
  ],
  [
    'group create',
    props('PropertyGroup'),
    () =>
      client.crm.properties.groupsApi.create('contacts', {
        name: 'conformance',
        label: 'Conformance',
      }),
  ],
  [
    'group getByName',
    props('PropertyGroup'),
    () => client.crm.properties.groupsApi.getByName('contacts', 'patient_reactivation'),
  ],
  [
    'contacts batch upsert',
    contacts('BatchResponseSimplePublicUpsertObject'),
    () => client.crm.contacts.batchApi.upsert(upsert),
  ],
  [
    'contacts batch read (207)',
    contacts('BatchResponseSimplePublicObjectWithErrors'),
    () =>
      client.crm.contacts.batchApi.read({
        inputs: [{ id: ids.contact }, { id: '99999999' }],
        properties: ['email'],
        propertiesWithHistory: ['email'],
      }),
  ],
  [
    'contacts batch update',
    contacts('BatchResponseSimplePublicObject'),
    () =>
      client.crm.contacts.batchApi.update({
        inputs: [{ id: ids.contact, properties: { reactivation_status: 'eligible' } }],
      }),
  ],
  [
    'contacts batch create',
    contacts('BatchResponseSimplePublicObject'),
    () =>
      client.crm.contacts.batchApi.create({
        inputs: [{ properties: { email: 'conf2@example.com' }, associations: [] }],
      }),
  ],
  [
    'contacts search',
    contacts('CollectionResponseWithTotalSimplePublicObjectForwardPaging'),
    () => client.crm.contacts.searchApi.doSearch(search),
  ],
  [
    'contacts getPage',
    contacts('CollectionResponseSimplePublicObjectWithAssociationsForwardPaging'),
    () => client.crm.contacts.basicApi.getPage(5, undefined, ['email']),
  ],
  [
    'contact getById',
    contacts('SimplePublicObjectWithAssociations'),
    () => client.crm.contacts.basicApi.getById(ids.contact, ['email'], ['email']),
  ],
  [
    'contact create',
    contacts('SimplePublicObject'),
    () =>
      client.crm.contacts.basicApi.create({
        properties: { email: 'conf@example.com' },
        associations: [],
      }),
  ],
  [
    'contact update',
    contacts('SimplePublicObject'),
    () => client.crm.contacts.basicApi.update(ids.contact, { properties: { sms_consent: 'yes' } }),
  ],
  [
    'communication update',
    comms('SimplePublicObject'),
    () =>
      client.crm.objects.communications.basicApi.update(ids.communication, {
        properties: { hs_communication_body: 'Hi again' },
      }),
  ],
  [
    'communication getById',
    comms('SimplePublicObjectWithAssociations'),
    () =>
      client.crm.objects.communications.basicApi.getById(ids.communication, undefined, undefined, [
        'contacts',
      ]),
  ],
  [
    'call create',
    { module: 'crm/objects/calls', model: 'SimplePublicObject' },
    () =>
      client.crm.objects.calls.basicApi.create({
        properties: { hs_timestamp: '2026-11-01T00:00:00Z' },
        associations: [],
      }),
  ],
  [
    'tasks batch read',
    { module: 'crm/objects/tasks', model: 'BatchResponseSimplePublicObject' },
    () =>
      client.crm.objects.tasks.batchApi.read({
        inputs: [{ id: ids.task }],
        properties: [],
        propertiesWithHistory: [],
      }),
  ],
  [
    'association labels',
    {
      module: 'crm/associations/v4/schema',
      model: 'CollectionResponseAssociationSpecWithLabelNoPaging',
    },
    () => client.crm.associations.v4.schema.definitionsApi.getAll('communications', 'contacts'),
  ],
  [
    'owners getPage',
    { module: 'crm/owners', model: 'CollectionResponsePublicOwnerForwardPaging' },
    () => client.crm.owners.ownersApi.getPage(),
  ],
];

it.each(CASES)(
  '%s matches the api-client model, deserialized and on the wire',
  async (_name, ref, call) => {
    answers.length = 0;
    expect(modelProblems(await call(), ref)).toEqual([]);
    expect(answers).toHaveLength(1);
    const wire: unknown = JSON.parse(JSON.stringify(answers[0]?.body));
    expect(modelProblems(wire, ref, { mode: 'json', strict: true })).toEqual([]);
  },
);
