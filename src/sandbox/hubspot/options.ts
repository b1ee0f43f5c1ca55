import { z } from 'zod';
import { systemClock, type Clock } from '../../lib/clock.ts';
import { DEFAULT_OWNERS, type Owner } from './state/owners-and-subscriptions.ts';
import type { AnsweredRequest } from './app.ts';
import { ALL_SCOPES } from './scopes.ts';

const windowSpec = z.object({
  requests: z.number().int().min(0),
  windowMs: z.number().int().positive(),
});

/** A rate limit: `requests` per rolling `windowMs`; `false` or `requests: 0` turns it off. */
export type WindowOption = z.infer<typeof windowSpec> | false;

const optionsSchema = z.object({
  port: z.number().int().min(0).max(65_535).default(0),
  accessToken: z.string().min(1).default('sandbox-token'),
  scopes: z.array(z.string()).default([...ALL_SCOPES]),
  portalId: z.number().int().positive().default(24_681_357),
  // 190 per 10 s: a private app on Professional or Enterprise (HubSpot's usage guidelines).
  rateLimit: z.union([windowSpec, z.literal(false)]).default({ requests: 190, windowMs: 10_000 }),
  // Search: four requests per second per token (usage guidelines; recent docs say five per account).
  searchRateLimit: z
    .union([windowSpec, z.literal(false)])
    .default({ requests: 4, windowMs: 1_000 }),
  // 650,000 per day for a private app on Professional.
  dailyLimit: z.number().int().positive().default(650_000),
  clock: z
    .custom<Clock>((v) => typeof (v as Clock | undefined)?.now === 'function')
    .default(systemClock),
  latencyMs: z.number().min(0).default(0),
  owners: z
    .array(
      z.object({
        id: z.string(),
        email: z.string(),
        firstName: z.string(),
        lastName: z.string(),
        userId: z.number().int(),
      }),
    )
    .default(DEFAULT_OWNERS.map((o) => ({ ...o }))),
  onResponse: z
    .custom<(answer: AnsweredRequest) => void>((v) => typeof v === 'function')
    .optional(),
});

/**
 * Options of {@link startHubSpotSandbox}. Omitted (or undefined) options take their defaults;
 * `rateLimit: false` (or `{ requests: 0, … }`) turns a limit off. All windows and timestamps run
 * on `clock`.
 */
export interface HubSpotSandboxOptions {
  /** 0 (default): any free port on 127.0.0.1. */
  port?: number;
  /** The one valid bearer token; default `sandbox-token`. Any other gets HubSpot's 401. */
  accessToken?: string;
  /** Scopes granted to the token; default every scope the sandbox knows (see `ALL_SCOPES`). */
  scopes?: string[];
  portalId?: number;
  /** Default 190 requests per 10 s rolling, per token. */
  rateLimit?: WindowOption;
  /** Default 4 per 1 s; search calls also count in `rateLimit`. */
  searchRateLimit?: WindowOption;
  /** Requests per calendar day (UTC on the sandbox clock); default 650,000. Off with `rateLimit`. */
  dailyLimit?: number;
  clock?: Clock;
  /** Added to every response. */
  latencyMs?: number;
  /** The portal's users (`GET /crm/v3/owners`, values of hubspot_owner_id). */
  owners?: Owner[];
  /** Sees each answer a route handler gives (not gate refusals), e.g. to check raw shapes. */
  onResponse?: (answer: AnsweredRequest) => void;
}

export type ResolvedOptions = z.infer<typeof optionsSchema>;

export function resolveOptions(options: HubSpotSandboxOptions = {}): ResolvedOptions {
  const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  return optionsSchema.parse(defined);
}
