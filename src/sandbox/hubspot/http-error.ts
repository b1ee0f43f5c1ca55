import { randomUUID } from 'node:crypto';
import { AppError } from '../../lib/errors.ts';

/**
 * HubSpot's error envelope (the api-client's `Error` model: status, message, correlationId and
 * category are required; context values are arrays of strings; `errors` holds ErrorDetail items).
 */
export interface HubSpotErrorBody {
  status: 'error';
  message: string;
  correlationId: string;
  category: string;
  subCategory?: string;
  context?: Record<string, string[]>;
  errors?: HubSpotErrorDetail[];
  links?: Record<string, string>;
}

export interface HubSpotErrorDetail {
  message: string;
  code?: string;
  in?: string;
  subCategory?: string;
  context?: Record<string, string[]>;
}

/**
 * A HubSpot error response: thrown by the sandbox's stores and route handlers and written out
 * as-is by the error handler. The sandbox's direct methods (createContact, …) throw it too, so a
 * test sees the same status and body it would get over HTTP.
 */
export class HubSpotApiError extends AppError {
  readonly body: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(status: number, body: Record<string, unknown>, headers: Record<string, string> = {}) {
    super(String(body['message'] ?? 'HubSpot error'), {
      status,
      code: 'hubspot_sandbox',
      permanent: status < 500 && status !== 429,
    });
    this.body = body;
    this.headers = headers;
  }
}

/** Builds the envelope with HubSpot's key order (status, message, correlationId, …, category). */
export function errorBody(input: {
  message: string;
  category: string;
  subCategory?: string;
  context?: Record<string, string[]>;
  errors?: HubSpotErrorDetail[];
  links?: Record<string, string>;
}): HubSpotErrorBody {
  const body: HubSpotErrorBody = {
    status: 'error',
    message: input.message,
    correlationId: randomUUID(),
    ...(input.context !== undefined ? { context: input.context } : {}),
    category: input.category,
  };
  if (input.subCategory !== undefined) body.subCategory = input.subCategory;
  if (input.errors !== undefined) body.errors = input.errors;
  if (input.links !== undefined) body.links = input.links;
  return body;
}

export function validationError(
  message: string,
  extra: { context?: Record<string, string[]>; errors?: HubSpotErrorDetail[] } = {},
): HubSpotApiError {
  return new HubSpotApiError(400, {
    ...errorBody({ message, category: 'VALIDATION_ERROR', ...extra }),
  });
}

export function conflictError(
  message: string,
  extra: { context?: Record<string, string[]> } = {},
): HubSpotApiError {
  return new HubSpotApiError(409, { ...errorBody({ message, category: 'CONFLICT', ...extra }) });
}

export function notFoundError(message = 'resource not found'): HubSpotApiError {
  return new HubSpotApiError(404, { ...errorBody({ message, category: 'OBJECT_NOT_FOUND' }) });
}

// HubSpot's answer to a missing or unknown token (seen in public issue threads, e.g.
// jeremylongshore/claude-code-plugins-plus-skills hubspot-common-errors, segment-docs #6244).
export function invalidAuthentication(): HubSpotApiError {
  return new HubSpotApiError(401, {
    ...errorBody({
      message:
        'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
      category: 'INVALID_AUTHENTICATION',
    }),
  });
}

// The 403 for a token without a scope (HubSpot/hubspot-api-nodejs#268; live portals now name the
// scopes under `requiredGranularScopes`, which several integrations key on).
export function missingScopes(required: readonly string[]): HubSpotApiError {
  return new HubSpotApiError(403, {
    ...errorBody({
      message:
        "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.",
      category: 'MISSING_SCOPES',
      errors: [
        {
          message: 'One or more of the following scopes are required.',
          context: { requiredGranularScopes: [...required] },
        },
      ],
      links: { scopes: 'https://developers.hubspot.com/scopes' },
    }),
  });
}

export type RateLimitPolicy = 'TEN_SECONDLY_ROLLING' | 'SECONDLY' | 'DAILY';

const POLICY_MESSAGES: Record<RateLimitPolicy, string> = {
  TEN_SECONDLY_ROLLING: 'You have reached your ten_secondly_rolling limit.',
  SECONDLY: 'You have reached your secondly limit.',
  DAILY: 'You have reached your daily limit.',
};

/**
 * HubSpot's 429 body. It has no `category`: it is the one error HubSpot shapes differently
 * (`errorType` + `policyName`), per its usage guidelines and HGData/mk-node-hubspot#89. The
 * api-client's own RetryDecorator keys on exactly `policyName: "TEN_SECONDLY_ROLLING"` and the
 * message "You have reached your secondly limit.".
 */
export function rateLimitBody(policy: RateLimitPolicy): Record<string, unknown> {
  return {
    status: 'error',
    message: POLICY_MESSAGES[policy],
    errorType: 'RATE_LIMIT',
    correlationId: randomUUID(),
    policyName: policy,
  };
}
