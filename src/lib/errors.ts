/**
 * Typed errors. Every failure the service can explain has its own class with an HTTP status and a
 * stable code; the express error handler and the CLI map them in one place each.
 * `permanent` tells a job runner not to retry (BullMQ's UnrecoverableError plays that role in queues).
 */
export class AppError extends Error {
  readonly status: number;
  readonly code: string;
  readonly permanent: boolean;
  readonly details?: Record<string, unknown>;

  constructor(
    message: string,
    options: {
      status?: number;
      code?: string;
      permanent?: boolean;
      details?: Record<string, unknown>;
      cause?: unknown;
    } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.status = options.status ?? 500;
    this.code = options.code ?? 'internal_error';
    this.permanent = options.permanent ?? false;
    if (options.details) this.details = options.details;
  }
}

/** The command line was used wrongly (unknown source, missing --url): exit code 2. */
export class UsageError extends AppError {
  constructor(message: string) {
    super(message, { status: 400, code: 'usage', permanent: true });
  }
}

/** A setting is missing or wrong. `problems` lists each one on its own line. */
export class ConfigError extends AppError {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Configuration is incomplete or wrong:\n${problems.map((p) => `  - ${p}`).join('\n')}`, {
      status: 500,
      code: 'config',
      permanent: true,
    });
    this.problems = problems;
  }
}

/** Input that does not match its schema. `field` names the first offending field. */
export class ValidationError extends AppError {
  readonly field: string | undefined;
  constructor(message: string, field?: string, details?: Record<string, unknown>) {
    super(message, {
      status: 400,
      code: 'invalid_input',
      permanent: true,
      ...(details ? { details } : {}),
    });
    this.field = field;
  }
}

/** A data source (PMS database, FHIR server, file) cannot be reached or opened. */
export class SourceUnavailableError extends AppError {
  constructor(message: string, cause?: unknown) {
    super(message, { status: 503, code: 'source_unavailable', cause });
  }
}

/** A request's signature is missing, wrong or too old. */
export class SignatureError extends AppError {
  constructor(message = 'invalid signature') {
    super(message, { status: 401, code: 'invalid_signature', permanent: true });
  }
}

export class NotFoundError extends AppError {
  constructor(message: string) {
    super(message, { status: 404, code: 'not_found', permanent: true });
  }
}

/** A remote service said we are going too fast. `retryAfterMs` is its own hint when it gave one. */
export class RateLimitedError extends AppError {
  readonly retryAfterMs: number | undefined;
  constructor(message: string, retryAfterMs?: number) {
    super(message, { status: 429, code: 'rate_limited' });
    this.retryAfterMs = retryAfterMs;
  }
}

/** A remote service failed in a way worth retrying later (5xx, timeout, connection reset). */
export class UpstreamError extends AppError {
  constructor(
    message: string,
    options: { permanent?: boolean; cause?: unknown; status?: number } = {},
  ) {
    super(message, {
      status: options.status ?? 502,
      code: 'upstream_error',
      permanent: options.permanent ?? false,
      cause: options.cause,
    });
  }
}

/** A short, safe description of any thrown value, for logs and reports (never a stack of data). */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
