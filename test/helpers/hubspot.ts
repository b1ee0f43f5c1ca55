import {
  startHubSpotSandbox,
  type HubSpotSandbox,
  type HubSpotSandboxOptions,
} from '../../src/sandbox/hubspot/index.ts';
import {
  createHubSpotClient,
  HUBSPOT_BUCKET,
  HUBSPOT_SEARCH_BUCKET,
} from '../../src/crm/hubspot-client.ts';
import { setupProperties } from '../../src/crm/setup-properties.ts';
import { redisStore, type Store } from '../../src/store/store.ts';
import type { Client } from '@hubspot/api-client';
import { testRedis } from './redis.ts';

export interface HubSpotHarness {
  sandbox: HubSpotSandbox;
  store: Store;
  client: Client;
  calls(): number;
  cleanup(): Promise<void>;
}

/**
 * The HubSpot sandbox, a Redis store with a key prefix of its own and the real api-client through
 * the service's own factory (shared limiter, request counter). `setup` runs `reactivate setup`'s code.
 */
export async function hubspotHarness(
  options: {
    sandbox?: HubSpotSandboxOptions;
    limits?: { perTenSeconds?: number; searchPerSecond?: number };
    setup?: boolean;
  } = {},
): Promise<HubSpotHarness> {
  const sandbox = await startHubSpotSandbox({
    rateLimit: false,
    searchRateLimit: false,
    ...options.sandbox,
  });
  const redis = await testRedis();
  const store = redisStore(redis.redis, redis.prefix, {
    [HUBSPOT_BUCKET]: { limit: options.limits?.perTenSeconds ?? 100_000, windowMs: 10_000 },
    [HUBSPOT_SEARCH_BUCKET]: { limit: options.limits?.searchPerSecond ?? 1000, windowMs: 1_000 },
  });
  let calls = 0;
  const client = createHubSpotClient({
    accessToken: sandbox.accessToken,
    basePath: sandbox.baseUrl,
    limiter: store.limiter,
    onRequest: () => calls++,
  });
  if (options.setup !== false) await setupProperties(client);
  return {
    sandbox,
    store,
    client,
    calls: () => calls,
    async cleanup() {
      await sandbox.close();
      await redis.cleanup();
    },
  };
}
