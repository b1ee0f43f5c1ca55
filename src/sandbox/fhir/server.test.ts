import { afterEach, describe, expect, it } from 'vitest';
import { startFhirServer, type FhirResource, type FhirServer } from './server.ts';

const patients: FhirResource[] = ['1', '2', '3', '4', '5'].map((id) => ({
  resourceType: 'Patient',
  id,
}));
const requests: FhirResource[] = [
  { resourceType: 'ServiceRequest', id: 's1', status: 'active' },
  { resourceType: 'ServiceRequest', id: 's2', status: 'completed' },
  { resourceType: 'ServiceRequest', id: 's3', status: 'draft' },
];

let server: FhirServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

interface Page {
  total: number;
  entry?: { fullUrl: string; resource: FhirResource }[];
  link: { relation: string; url: string }[];
}

async function get(url: string, token?: string): Promise<{ status: number; body: Page }> {
  const response = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: response.status, body: (await response.json()) as Page };
}

describe('the FHIR server stand-in', () => {
  it('pages a search with next links until the last page', async () => {
    server = await startFhirServer({ resources: patients, pageSize: 2 });
    const ids: string[] = [];
    let url: string | undefined = `${server.baseUrl}/Patient?_count=10`;
    while (url) {
      const { status, body } = await get(url);
      expect(status).toBe(200);
      expect(body.total).toBe(5);
      ids.push(...(body.entry ?? []).map((e) => e.resource.id!));
      url = body.link.find((l) => l.relation === 'next')?.url;
    }
    expect(ids).toEqual(['1', '2', '3', '4', '5']);
    expect(server.requests.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(server.requests[0]!.url).toBe('/fhir/Patient?_count=10');
    expect(server.requests[1]!.url).toMatch(/^\/fhir\/Patient\?_count=10&_cursor=/);
  });

  it('gives full URLs for entries and honours a smaller _count', async () => {
    server = await startFhirServer({ resources: patients });
    const { body } = await get(`${server.baseUrl}/Patient?_count=1`);
    expect(body.entry).toEqual([
      { fullUrl: `${server.baseUrl}/Patient/1`, resource: patients[0], search: { mode: 'match' } },
    ]);
  });

  it('filters on status and counts with _summary=count', async () => {
    server = await startFhirServer({ resources: [...patients, ...requests] });
    const { body } = await get(`${server.baseUrl}/ServiceRequest?status=active,draft`);
    expect(body.entry?.map((e) => e.resource.id)).toEqual(['s1', 's3']);
    expect((await get(`${server.baseUrl}/Patient?_summary=count`)).body).toEqual({
      resourceType: 'Bundle',
      type: 'searchset',
      total: 5,
    });
  });

  it('asks for the bearer token when it has one', async () => {
    server = await startFhirServer({ resources: patients, bearerToken: 's3cret' });
    expect((await get(`${server.baseUrl}/Patient`)).status).toBe(401);
    expect((await get(`${server.baseUrl}/Patient`, 'wrong')).status).toBe(401);
    expect((await get(`${server.baseUrl}/Patient`, 's3cret')).status).toBe(200);
    expect(server.requests.map((r) => [r.status, r.authorization])).toEqual([
      [401, undefined],
      [401, 'Bearer wrong'],
      [200, 'Bearer s3cret'],
    ]);
  });

  it('answers 404 for types it does not serve and 400 for a cursor it did not give', async () => {
    server = await startFhirServer({ resources: patients, resourceTypes: ['Patient'] });
    expect((await get(`${server.baseUrl}/Account`)).status).toBe(404);
    expect((await get(`${server.baseUrl}/Patient?_cursor=bogus`)).status).toBe(400);
  });

  it('asks a resources function again on every request', async () => {
    let list = patients.slice(0, 1);
    server = await startFhirServer({ resources: () => list });
    expect((await get(`${server.baseUrl}/Patient`)).body.total).toBe(1);
    list = patients;
    expect((await get(`${server.baseUrl}/Patient`)).body.total).toBe(5);
  });
});
