import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/clock.ts';
import { startHubSpotSandbox, type HubSpotSandbox } from './sandbox.ts';
import { apiError, sandboxClient } from './test-support.ts';

const started: HubSpotSandbox[] = [];
async function start(options: Parameters<typeof startHubSpotSandbox>[0] = {}) {
  const sandbox = await startHubSpotSandbox(options);
  started.push(sandbox);
  return sandbox;
}
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.close()));
});

const listContacts = (sandbox: HubSpotSandbox, token?: string) =>
  sandboxClient(sandbox, token).crm.contacts.basicApi.getPage(1);

describe('authentication and scopes', () => {
  it('answers 401 INVALID_AUTHENTICATION to another token', async () => {
    const sandbox = await start({ accessToken: 'pat-na1-good' });
    const error = await apiError(listContacts(sandbox, 'pat-na1-bad'));
    expect(error.code).toBe(401);
    expect(error.body).toMatchObject({ status: 'error', category: 'INVALID_AUTHENTICATION' });
    expect(String(error.body['message'])).toMatch(/^Authentication credentials not found/);
    await listContacts(sandbox, 'pat-na1-good');
  });

  it('answers 403 MISSING_SCOPES naming the scope a call needs', async () => {
    const sandbox = await start({ scopes: ['crm.objects.contacts.read'] });
    await listContacts(sandbox);
    const error = await apiError(sandboxClient(sandbox).crm.properties.coreApi.getAll('contacts'));
    expect(error.code).toBe(403);
    expect(error.body).toMatchObject({
      category: 'MISSING_SCOPES',
      errors: [
        {
          message: 'One or more of the following scopes are required.',
          context: { requiredGranularScopes: ['crm.schemas.contacts.read'] },
        },
      ],
    });
  });
});

describe('the ten-secondly rolling limit', () => {
  it('answers HubSpot 429 body and headers past the limit, per rolling window on the sandbox clock', async () => {
    const clock = new ManualClock('2026-11-01T09:00:00Z');
    const sandbox = await start({ clock, rateLimit: { requests: 3, windowMs: 10_000 } });
    for (let i = 0; i < 3; i += 1) await listContacts(sandbox);
    const error = await apiError(listContacts(sandbox));
    expect(error.code).toBe(429);
    expect(Object.keys(error.body)).toEqual([
      'status',
      'message',
      'errorType',
      'correlationId',
      'policyName',
    ]);
    expect(error.body).toMatchObject({
      status: 'error',
      message: 'You have reached your ten_secondly_rolling limit.',
      errorType: 'RATE_LIMIT',
      policyName: 'TEN_SECONDLY_ROLLING',
    });
    expect(error.headers).toMatchObject({
      'x-hubspot-ratelimit-max': '3',
      'x-hubspot-ratelimit-remaining': '0',
      'x-hubspot-ratelimit-interval-milliseconds': '10000',
      'x-hubspot-ratelimit-daily': '650000',
      'x-hubspot-ratelimit-daily-remaining': '649997',
    });
    clock.advance(10_000);
    await listContacts(sandbox);
    expect(sandbox.stats.rateLimited).toBe(1);
  });

  it('is off with rateLimit: false (no limit, no headers)', async () => {
    const sandbox = await start({ rateLimit: false });
    const response = await fetch(`${sandbox.baseUrl}/crm/v3/objects/contacts`, {
      headers: { Authorization: 'Bearer sandbox-token' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-hubspot-ratelimit-max')).toBeNull();
  });
});

describe('injected faults', () => {
  it('sends a storm of 429s for a count, with Retry-After when asked, then recovers', async () => {
    const sandbox = await start();
    sandbox.faults.fail429({ count: 2, retryAfterSeconds: 3 });
    const first = await apiError(listContacts(sandbox));
    expect(first).toMatchObject({
      code: 429,
      body: { policyName: 'TEN_SECONDLY_ROLLING' },
      headers: { 'retry-after': '3' },
    });
    await apiError(listContacts(sandbox));
    await listContacts(sandbox);
    expect(sandbox.stats.rateLimited).toBe(2);
  });

  it('sends 429s for a span of sandbox time, only on matching routes', async () => {
    const clock = new ManualClock('2026-11-01T09:00:00Z');
    const sandbox = await start({ clock });
    sandbox.faults.fail429({ forMs: 5_000, match: { path: /\/search$/ } });
    const search = () => sandboxClient(sandbox).crm.contacts.searchApi.doSearch({ limit: 1 });
    expect((await apiError(search())).code).toBe(429);
    await listContacts(sandbox);
    clock.advance(5_000);
    await search();
  });

  it('sends 5xx: JSON for 500, the CDN HTML page for 502 (which the client cannot parse)', async () => {
    const sandbox = await start();
    sandbox.faults.fail5xx(1);
    const json = await apiError(listContacts(sandbox));
    expect(json).toMatchObject({
      code: 500,
      body: { status: 'error', category: 'INTERNAL_ERROR' },
    });
    sandbox.faults.fail5xx(1, 502);
    await expect(listContacts(sandbox)).rejects.toThrow(/text\/html/);
    await listContacts(sandbox);
    expect(sandbox.stats.serverErrors).toBe(2);
  });

  it('adds latency until reset', async () => {
    const sandbox = await start({ latencyMs: 20 });
    sandbox.faults.latency(300);
    let t = performance.now();
    await listContacts(sandbox);
    expect(performance.now() - t).toBeGreaterThanOrEqual(315);
    sandbox.faults.reset();
    t = performance.now();
    await listContacts(sandbox);
    expect(performance.now() - t).toBeLessThan(250);
  });
});

describe('stall', () => {
  it('holds every request, counted but unanswered, until released', async () => {
    const sandbox = await start();
    const release = sandbox.faults.stall();
    let answered = false;
    const call = listContacts(sandbox).then(() => (answered = true));
    while (sandbox.stats.total < 1) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 200));
    expect(answered).toBe(false);
    release();
    await call;
    expect(answered).toBe(true);
    // Released means released: the next request goes straight through.
    await listContacts(sandbox);
  });
});

describe('stats', () => {
  it('counts requests per route and method, unmatched ones too, and resets', async () => {
    const sandbox = await start();
    const client = sandboxClient(sandbox);
    await client.crm.contacts.basicApi.getPage(1);
    await client.crm.contacts.basicApi.getPage(1);
    await apiError(client.crm.contacts.basicApi.getById('1'));
    await fetch(`${sandbox.baseUrl}/nowhere`);
    expect(sandbox.stats.count('GET', '/crm/v3/objects/contacts')).toBe(2);
    expect(sandbox.stats.byRoute).toEqual({
      'GET /crm/v3/objects/contacts': 2,
      'GET /crm/v3/objects/contacts/:contactId': 1,
      'GET (unmatched)': 1,
    });
    expect(sandbox.stats.total).toBe(4);
    sandbox.resetStats();
    expect(sandbox.stats.total).toBe(0);
  });
});
