import { expect } from 'vitest';
import { startHubSpotSandbox, type HubSpotSandbox } from '../../src/sandbox/hubspot/index.ts';
import { runCli } from './cli.ts';
import { testRedis, REDIS_URL } from './redis.ts';

/** What a `reactivate sync` process test runs against. */
export interface SyncCliWorld {
  sandbox: HubSpotSandbox;
  redis: Awaited<ReturnType<typeof testRedis>>;
  /** The environment of the CLI: the sandbox, a Redis prefix of its own, the CSV practice. */
  env: Record<string, string>;
  close(): Promise<void>;
}

/**
 * A HubSpot sandbox (its limits lifted), a Redis prefix, and the environment that points the CLI
 * at them and at the CSV practice in `folder`; `reactivate setup` has run, and the sandbox's
 * counts start from zero.
 */
export async function startSyncCliWorld(folder: string): Promise<SyncCliWorld> {
  const sandbox = await startHubSpotSandbox({ rateLimit: false, searchRateLimit: false });
  const redis = await testRedis();
  const env = {
    HUBSPOT_ACCESS_TOKEN: sandbox.accessToken,
    HUBSPOT_API_BASE_URL: sandbox.baseUrl,
    REDIS_URL,
    REDIS_PREFIX: redis.prefix,
    PMS_SOURCE: 'csv',
    PMS_URL: folder,
    PUBLIC_BASE_URL: 'https://svc.example.com',
    BOOKING_LINK_SECRET: 'test-secret',
    LOG_LEVEL: 'info',
  };
  expect((await runCli(['setup'], env)).code).toBe(0);
  sandbox.resetStats();
  return {
    sandbox,
    redis,
    env,
    async close() {
      await sandbox.close();
      await redis.cleanup();
    },
  };
}
