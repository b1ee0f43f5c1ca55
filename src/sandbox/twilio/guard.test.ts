import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalTwilioHttpClient } from '../../messaging/local-http-client.ts';
import { startTwilioSandbox, type TwilioSandbox } from './index.ts';

let sandbox: TwilioSandbox;
let client: twilio.Twilio;
const send = () => client.messages.create({ to: '+14155552671', from: '+15005550006', body: 'x' });

beforeAll(async () => {
  sandbox = await startTwilioSandbox({ maxConcurrentRequests: 2, deliverAfterMs: 60_000 });
  client = twilio(sandbox.accountSid, sandbox.authToken, {
    httpClient: createLocalTwilioHttpClient(sandbox.baseUrl),
  });
});

afterAll(() => sandbox.stop());

describe('fault switches and limits', () => {
  it('fail429 refuses the next requests; twilio-node autoRetry gets through', async () => {
    sandbox.fail429(2, { retryAfterSeconds: 1 });
    const retrying = twilio(sandbox.accountSid, sandbox.authToken, {
      httpClient: createLocalTwilioHttpClient(sandbox.baseUrl, {
        autoRetry: true,
        maxRetries: 3,
        maxRetryDelay: 20,
      }),
    });
    const before = sandbox.stats.tooManyRequests;
    const message = await retrying.messages.create({
      to: '+14155552671',
      from: '+15005550006',
      body: 'x',
    });
    expect(message.status).toBe('queued');
    expect(sandbox.stats.tooManyRequests - before).toBe(2);
  });

  it('fail5xx answers 500 / 20500 or 503 / 20503', async () => {
    sandbox.fail5xx(1);
    expect(await send().catch((e: unknown) => e)).toMatchObject({ status: 500, code: 20500 });
    sandbox.fail5xx(1, 503);
    expect(await send().catch((e: unknown) => e)).toMatchObject({ status: 503, code: 20503 });
    await expect(send()).resolves.toBeDefined();
    expect(sandbox.stats.serverErrors).toBe(2);
  });

  it('latency delays every answer; beyond the concurrency limit requests get 429', async () => {
    sandbox.latency(150);
    try {
      const started = Date.now();
      const results = await Promise.allSettled([send(), send(), send(), send()]);
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
      const refused = results.filter((r) => r.status === 'rejected');
      expect(refused).toHaveLength(2);
      expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({
        status: 429,
        code: 20429,
      });
    } finally {
      sandbox.latency(0);
    }
  });

  it('401 / 20003 for another account in the path or a wrong token', async () => {
    const other = twilio('AC' + 'b'.repeat(32), sandbox.authToken, {
      httpClient: createLocalTwilioHttpClient(sandbox.baseUrl),
    });
    expect(await other.messages.list().catch((e: unknown) => e)).toMatchObject({
      status: 401,
      code: 20003,
    });
    expect(sandbox.stats.authFailures).toBe(1);
    expect(sandbox.stats.errors[20003]).toBe(1);
  });

  it('counts every request', () => {
    expect(sandbox.stats.requests).toBeGreaterThanOrEqual(11);
  });
});
