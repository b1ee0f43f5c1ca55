import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelProblems } from './model-conformance.ts';
import { startHubSpotSandbox, type HubSpotSandbox } from './sandbox.ts';
import { apiError, sandboxClient } from './test-support.ts';

let sandbox: HubSpotSandbox;
beforeAll(async () => {
  sandbox = await startHubSpotSandbox({ rateLimit: false });
  sandbox.createContact({ email: 'taken@example.com' });
});
afterAll(() => sandbox.close());

const ERROR = { module: 'crm/contacts', model: 'ModelError' };

// The api-client hands error bodies over raw (it deserializes them as "Error", a type its
// serializer does not know), so they are checked as wire JSON.
describe('error bodies', () => {
  it.each([
    [
      '400',
      () =>
        sandboxClient(sandbox).crm.contacts.basicApi.create({
          properties: { nope: 'x' },
          associations: [],
        }),
    ],
    ['401', () => sandboxClient(sandbox, 'wrong').crm.contacts.basicApi.getPage()],
    [
      '403',
      async () => sandboxClient(await startScoped()).crm.properties.coreApi.getAll('contacts'),
    ],
    ['404', () => sandboxClient(sandbox).crm.contacts.basicApi.getById('1')],
    [
      '409',
      () =>
        sandboxClient(sandbox).crm.contacts.basicApi.create({
          properties: { email: 'TAKEN@example.com' },
          associations: [],
        }),
    ],
  ])('%s follows the Error model', async (status, call) => {
    const error = await apiError(call());
    expect(String(error.code)).toBe(status);
    expect(modelProblems(error.body, ERROR, { mode: 'json' })).toEqual([]);
    expect(error.body['status']).toBe('error');
  });

  it('429 has HubSpot own shape, without the category the Error model requires', async () => {
    sandbox.faults.fail429(1);
    const error = await apiError(sandboxClient(sandbox).crm.contacts.basicApi.getPage());
    expect(modelProblems(error.body, ERROR, { mode: 'json' })).toEqual([
      'ModelError.category: required by ModelError but missing',
    ]);
  });
});

const scoped: HubSpotSandbox[] = [];
async function startScoped(): Promise<HubSpotSandbox> {
  const s = await startHubSpotSandbox({ scopes: ['crm.objects.contacts.read'] });
  scoped.push(s);
  return s;
}
afterAll(() => Promise.all(scoped.map((s) => s.close())));
