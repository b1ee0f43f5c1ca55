import { AsyncLocalStorage } from 'node:async_hooks';
import { Client } from '@hubspot/api-client';
import type { Logger } from '../lib/logger.ts';
import { silentLogger } from '../lib/logger.ts';
import type { RateLimiter } from '../store/rate-limiter.ts';
import { retryAfterMs } from './hubspot-errors.ts';

/** The limiter buckets of HubSpot calls: every call counts in `hubspot`, searches also in their own. */
export const HUBSPOT_BUCKET = 'hubspot';
export const HUBSPOT_SEARCH_BUCKET = 'hubspot-search';

export interface HubSpotClientOptions {
  accessToken: string;
  /** `https://api.hubapi.com`, or a local stand-in. */
  basePath: string;
  limiter: RateLimiter;
  logger?: Logger;
  /** Called for every request sent (after the limiter let it go): counts API calls. */
  onRequest?: (method: string) => void;
}

/** True when a 429's body names the account's ten-second rolling limit. */
function isAccountLimit(body: unknown): boolean {
  const text = typeof body === 'string' ? body : JSON.stringify(body ?? {});
  return /TEN_SECONDLY_ROLLING|ten_secondly_rolling/.test(text);
}

/** The parts of the client whose methods are HTTP requests, one request per call. */
const API_NAMESPACES = new Set([
  'crm',
  'automation',
  'communicationPreferences',
  'settings',
  'events',
  'marketing',
  'webhooks',
  'files',
  'cms',
  'conversations',
]);

/**
 * The real `@hubspot/api-client`, with every API call passing the shared limiter first. The
 * client's own retry and limiter stay off: its retry waits fixed times and ignores `Retry-After`,
 * and its limiter counts one process only. Its configurable middleware cannot be used instead:
 * in 13.x the generated API classes drop the configured middleware unless options are passed on
 * every call. So the API objects are wrapped: a method call is one HTTP request (the project never
 * uses the client's multi-request `getAll` helpers). A 429 that slips through makes the limiter
 * back off for every process; retries are `withHubSpotRetry`'s job.
 */
export function createHubSpotClient(options: HubSpotClientOptions): Client {
  const logger = options.logger ?? silentLogger;
  const client = new Client({
    accessToken: options.accessToken,
    basePath: options.basePath.replace(/\/$/, ''),
    numberOfApiCallRetries: 0,
  });
  const proxies = new WeakMap<object, object>();
  const insideCall = new AsyncLocalStorage<boolean>();

  const call = async (method: string, run: () => Promise<unknown>): Promise<unknown> => {
    // The client's promise API calls into its own objects: count the outermost call only.
    if (insideCall.getStore()) return run();
    return insideCall.run(true, () => limited(method, run));
  };

  const limited = async (method: string, run: () => Promise<unknown>): Promise<unknown> => {
    const settleSearch =
      method === 'doSearch' ? await options.limiter.acquire(HUBSPOT_SEARCH_BUCKET) : undefined;
    const settle = await options.limiter.acquire(HUBSPOT_BUCKET);
    options.onRequest?.(method);
    try {
      return await run();
    } catch (error) {
      const e = error as { code?: unknown; headers?: Record<string, string>; body?: unknown };
      if (e.code === 429) {
        const wait = retryAfterMs(e.headers) ?? 1000;
        // HubSpot names the limit it applied: the account's rolling one, or the search one.
        const bucket =
          method === 'doSearch' && !isAccountLimit(e.body) ? HUBSPOT_SEARCH_BUCKET : HUBSPOT_BUCKET;
        logger.warn(
          { waitMs: wait, method, bucket },
          'HubSpot rate limit reached; every process backs off',
        );
        await options.limiter.penalize(bucket, wait);
      }
      throw error;
    } finally {
      // HubSpot counts the call when it arrives, somewhere before its answer: from the answer on,
      // our window is never ahead of HubSpot's (src/store/rate-limiter.ts, Settle).
      await Promise.all([settle(), settleSearch?.()]);
    }
  };

  const wrap = <T extends object>(target: T): T => {
    const cached = proxies.get(target);
    if (cached) return cached as T;
    const proxy = new Proxy(target, {
      get(obj, prop, receiver) {
        const value = Reflect.get(obj, prop, receiver);
        if (typeof value === 'function') {
          return (...args: unknown[]) => call(String(prop), () => value.apply(obj, args));
        }
        if (value !== null && typeof value === 'object' && !(value instanceof Date))
          return wrap(value);
        return value;
      },
    });
    proxies.set(target, proxy);
    return proxy;
  };

  return new Proxy(client, {
    get(obj, prop, receiver) {
      const value = Reflect.get(obj, prop, receiver);
      if (prop === 'apiRequest')
        return (...args: Parameters<Client['apiRequest']>) =>
          call('apiRequest', () => obj.apiRequest(...args));
      if (
        typeof prop === 'string' &&
        API_NAMESPACES.has(prop) &&
        value !== null &&
        typeof value === 'object'
      )
        return wrap(value);
      return value;
    },
  });
}
