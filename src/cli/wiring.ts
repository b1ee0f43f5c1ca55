import { resolve } from 'node:path';
import type { Client } from '@hubspot/api-client';
import type { Environment } from '../config.ts';
import {
  createHubSpotClient,
  HUBSPOT_BUCKET,
  HUBSPOT_SEARCH_BUCKET,
} from '../crm/hubspot-client.ts';
import type { PracticeFile } from '../domain/practice.ts';
import { ConfigError } from '../lib/errors.ts';
import type { Logger } from '../lib/logger.ts';
import { openPmsSource } from '../pms/open-pms-source.ts';
import type { PmsSource } from '../pms/source.ts';
import type { BucketLimit } from '../store/rate-limiter.ts';
import { connectRedisStore, createMemoryStore, type Store } from '../store/store.ts';
import { readCsvColumnMapping } from '../pms/csv/index.ts';
import { twilioLimits } from './compose-service.ts';

/**
 * How the command builds the service's parts from the configuration: one place that knows which
 * setting feeds which client, and what is required where.
 */

/**
 * HubSpot's ten seconds, and 50 ms for the clocks: each call's slot counts until ten seconds after
 * its answer (the client settles it, src/crm/hubspot-client.ts), never before HubSpot counted it.
 * A fixed 2% margin counted from when a call left was not enough: one slow upsert among a thousand
 * still let a 191st call into HubSpot's window (bench/sync-hubspot.ts).
 */
export const HUBSPOT_WINDOW_MS = 10_050;

export function rateLimits(env: Environment): Record<string, BucketLimit> {
  return {
    [HUBSPOT_BUCKET]: { limit: env.HUBSPOT_REQUESTS_PER_10S, windowMs: HUBSPOT_WINDOW_MS },
    [HUBSPOT_SEARCH_BUCKET]: { limit: env.HUBSPOT_SEARCH_PER_SECOND, windowMs: 1_000 },
    ...twilioLimits(env.TWILIO_MESSAGES_PER_SECOND),
  };
}

/** Redis when REDIS_URL is set; otherwise the in-memory store, unless shared state is required. */
export async function openStore(
  env: Environment,
  options: { require: boolean; why: string },
): Promise<Store> {
  if (env.REDIS_URL)
    return connectRedisStore({
      url: env.REDIS_URL,
      prefix: env.REDIS_PREFIX,
      limits: rateLimits(env),
    });
  if (options.require || env.NODE_ENV === 'production')
    throw new ConfigError([`REDIS_URL: missing (${options.why})`]);
  return createMemoryStore(rateLimits(env));
}

export interface HubSpotConnection {
  client: Client;
  /** HTTP requests sent so far. */
  calls(): number;
}

export function openHubSpot(env: Environment, store: Store, logger: Logger): HubSpotConnection {
  if (!env.HUBSPOT_ACCESS_TOKEN) {
    throw new ConfigError([
      'HUBSPOT_ACCESS_TOKEN: missing (the access token of the HubSpot app; see README, "Running against a real HubSpot portal")',
    ]);
  }
  let calls = 0;
  const client = createHubSpotClient({
    accessToken: env.HUBSPOT_ACCESS_TOKEN,
    basePath: env.HUBSPOT_API_BASE_URL,
    limiter: store.limiter,
    logger: logger.child({ module: 'hubspot' }),
    onRequest: () => calls++,
  });
  return { client, calls: () => calls };
}

/** The public base URL HubSpot, Twilio and patients reach the service at. */
export function publicBaseUrl(env: Environment): string {
  if (env.PUBLIC_BASE_URL) return env.PUBLIC_BASE_URL.replace(/\/$/, '');
  if (env.NODE_ENV === 'production')
    throw new ConfigError([
      'PUBLIC_BASE_URL: missing (the https address HubSpot, Twilio and patients reach the service at)',
    ]);
  return `http://localhost:${env.PORT}`;
}

/** The secret of the booking links; a fixed development value outside production. */
export function bookingLinkSecret(env: Environment): string {
  if (env.BOOKING_LINK_SECRET) return env.BOOKING_LINK_SECRET;
  if (env.NODE_ENV === 'production')
    throw new ConfigError(['BOOKING_LINK_SECRET: missing (signs the patients’ booking links)']);
  return 'development-only-booking-link-secret';
}

export interface SourceFlags {
  source?: string;
  url?: string;
  columns?: string;
}

/** The PMS connector from flags, else from PMS_SOURCE / PMS_URL. */
export async function openSource(
  env: Environment,
  practice: PracticeFile,
  flags: SourceFlags,
  cwd: string,
): Promise<PmsSource> {
  const columnsFile = flags.columns ? resolve(cwd, flags.columns) : env.PMS_CSV_COLUMNS;
  return openPmsSource({
    source: flags.source ?? env.PMS_SOURCE,
    url: flags.url ?? env.PMS_URL,
    timeZone: practice.timeZone,
    ...(columnsFile ? { csvColumns: await readCsvColumnMapping(columnsFile) } : {}),
    ...(env.PMS_FHIR_TOKEN ? { fhirToken: env.PMS_FHIR_TOKEN } : {}),
  });
}
