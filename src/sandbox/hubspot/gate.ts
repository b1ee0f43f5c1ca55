import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Clock } from '../../lib/clock.ts';
import type { Faults } from './faults.ts';
import {
  errorBody,
  invalidAuthentication,
  missingScopes,
  rateLimitBody,
  HubSpotApiError,
} from './http-error.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { Stats } from './stats.ts';

export interface GateDeps {
  accessToken: string;
  scopes: ReadonlySet<string>;
  limiter: RateLimiter;
  faults: Faults;
  stats: Stats;
  latencyMs: number;
  clock: Clock;
}

export interface GatedRoute {
  method: string;
  path: string;
  /** Any one of these scopes grants the call. */
  scopes: readonly string[];
  /** Counts in the search limit as well as the general one. */
  search?: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * What stands between a request and its handler, in HubSpot's order: authentication (401), the
 * rate limits (429 with HubSpot's body), injected faults, scopes (403). Every request is counted
 * in the stats under its route; every authenticated answer carries the rate-limit headers.
 */
export function gate(route: GatedRoute, deps: GateDeps) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    deps.stats.record(route.method, route.path);
    res.on('finish', () => deps.stats.recordStatus(res.statusCode));
    res.setHeader('X-HubSpot-Correlation-Id', randomUUID());
    const delay = deps.latencyMs + deps.faults.latencyMs;
    if (delay > 0) await sleep(delay);
    await deps.faults.flowing();

    const token = bearer(req);
    if (token !== deps.accessToken) throw invalidAuthentication();

    const now = deps.clock.now().getTime();
    const broken = deps.limiter.admit(token, route.search ?? false, now);
    res.set(deps.limiter.headers(token, now));
    if (broken) throw new HubSpotApiError(429, rateLimitBody(broken));

    const fault = deps.faults.take(req.method, req.path);
    if (fault?.kind === '429') {
      const headers: Record<string, string> =
        fault.retryAfterSeconds !== undefined
          ? { 'Retry-After': String(fault.retryAfterSeconds) }
          : {};
      throw new HubSpotApiError(429, rateLimitBody(fault.policy), headers);
    }
    if (fault?.kind === '5xx') {
      sendServerError(res, fault.status);
      return;
    }

    if (route.scopes.length > 0 && !route.scopes.some((s) => deps.scopes.has(s))) {
      throw missingScopes(route.scopes);
    }
    next();
  };
}

function bearer(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(.+)$/i.exec(header);
  return match?.[1]?.trim();
}

/**
 * An injected 5xx. 502 and 504 come as the HTML page of HubSpot's CDN (what a gateway failure
 * looks like from outside, and what `@hubspot/api-client` cannot parse as JSON); others as JSON.
 */
function sendServerError(res: Response, status: number): void {
  if (status === 502 || status === 504) {
    res
      .status(status)
      .type('text/html')
      .send(`<html><head><title>${status}</title></head><body>error code: ${status}</body></html>`);
    return;
  }
  const category = status === 503 ? 'SERVICE_UNAVAILABLE' : 'INTERNAL_ERROR';
  res.status(status).json(errorBody({ message: 'internal error', category }));
}
