import { AppError, RateLimitedError, UpstreamError } from '../lib/errors.ts';
import { sleep } from '../store/rate-limiter.ts';

/**
 * HubSpot's failures as typed errors, and the one retry policy for every HubSpot call:
 * 429 and 5xx (and network faults) are retried with exponential backoff that honours
 * `Retry-After`; 401 and 403 stop at once with what to fix; other 4xx are permanent.
 */

/** The access token was refused. */
export class HubSpotAuthError extends AppError {
  constructor() {
    super('HubSpot refused the access token (401): check HUBSPOT_ACCESS_TOKEN', {
      status: 502,
      code: 'hubspot_unauthorized',
      permanent: true,
    });
  }
}

/** The app lacks a scope; `scopes` names what HubSpot asked for. */
export class HubSpotScopeError extends AppError {
  readonly scopes: string[];
  constructor(scopes: string[]) {
    super(
      `HubSpot refused the call (403): the app is missing the scope${scopes.length === 1 ? '' : 's'} ${scopes.length ? scopes.join(', ') : '(not named by HubSpot)'}; add ${scopes.length === 1 ? 'it' : 'them'} to extensions/app/app-hsmeta.json and re-install`,
      { status: 502, code: 'hubspot_missing_scope', permanent: true },
    );
    this.scopes = scopes;
  }
}

/** A request HubSpot rejected for its content (400, 404, 409…): retrying will not help. */
export class HubSpotRejectedError extends AppError {
  readonly httpStatus: number;
  readonly category: string | undefined;
  readonly body: unknown;
  constructor(httpStatus: number, category: string | undefined, message: string, body: unknown) {
    super(
      `HubSpot rejected the request (${httpStatus}${category ? ` ${category}` : ''}): ${message}`,
      { status: 502, code: 'hubspot_rejected', permanent: true },
    );
    this.httpStatus = httpStatus;
    this.category = category;
    this.body = body;
  }
}

interface ApiExceptionLike {
  code: number;
  body: unknown;
  headers: Record<string, string>;
}

function isApiException(error: unknown): error is ApiExceptionLike {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as ApiExceptionLike).code === 'number' &&
    'headers' in error
  );
}

/** `Retry-After` in milliseconds (seconds or an HTTP date), when the response has one. */
export function retryAfterMs(
  headers: Record<string, string> | undefined,
  now = Date.now(),
): number | undefined {
  if (!headers) return undefined;
  const raw = headers['retry-after'] ?? headers['Retry-After'];
  if (raw === undefined) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function bodyOf(error: ApiExceptionLike): {
  message?: string;
  category?: string;
  errors?: { context?: Record<string, string[]> }[];
} {
  const body = error.body;
  if (typeof body === 'object' && body !== null) return body as never;
  if (typeof body === 'string') {
    try {
      return JSON.parse(body);
    } catch {
      return {};
    }
  }
  return {};
}

/** Turns whatever a HubSpot call threw into one of our typed errors. */
export function toHubSpotError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (!isApiException(error)) {
    return new UpstreamError(
      `HubSpot could not be reached: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  const body = bodyOf(error);
  if (error.code === 401) return new HubSpotAuthError();
  if (error.code === 403) {
    const scopes = (body.errors ?? []).flatMap((e) => Object.values(e.context ?? {}).flat());
    return new HubSpotScopeError([...new Set(scopes)]);
  }
  if (error.code === 429)
    return new RateLimitedError('HubSpot rate limit reached', retryAfterMs(error.headers));
  if (error.code >= 500)
    return new UpstreamError(`HubSpot answered ${error.code}`, { status: 502 });
  return new HubSpotRejectedError(
    error.code,
    body.category,
    body.message ?? 'no message',
    error.body,
  );
}

export interface RetryOptions {
  /** Tries for failures (5xx, network). */
  attempts?: number;
  /**
   * Tries while HubSpot says "too many": being asked to wait is not a failure, so this budget is
   * larger (a storm of 429s must not lose a sync's work).
   */
  rateLimitedAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  signal?: AbortSignal;
  onRetry?: (info: { attempt: number; waitMs: number; error: AppError }) => void;
}

/** Runs a HubSpot call, retrying what is worth retrying. Throws the typed error otherwise. */
export async function withHubSpotRetry<T>(
  call: () => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const attempts = options.attempts ?? 6;
  const rateLimitedAttempts = options.rateLimitedAttempts ?? 30;
  const base = options.baseDelayMs ?? 500;
  const max = options.maxDelayMs ?? 30_000;
  let failures = 0;
  let waits = 0;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (raw) {
      const error = toHubSpotError(raw);
      if (error.permanent) throw error;
      if (
        error instanceof RateLimitedError ? ++waits >= rateLimitedAttempts : ++failures >= attempts
      )
        throw error;
      const backoff = Math.min(max, base * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);
      const asked = error instanceof RateLimitedError ? error.retryAfterMs : undefined;
      const waitMs = Math.round(asked !== undefined ? Math.max(asked, 100) : backoff);
      options.onRetry?.({ attempt, waitMs, error });
      await sleep(waitMs, options.signal);
    }
  }
}
