import { AppError } from '../src/lib/errors.ts';

/** The body cannot be read as the door's format (not UTF-8, not JSON). */
export class MalformedBodyError extends AppError {
  constructor(message: string) {
    super(message, { status: 400, code: 'malformed_body', permanent: true });
  }
}

/** A Twilio door was sent something other than a form. */
export class UnsupportedMediaTypeError extends AppError {
  constructor(message: string) {
    super(message, { status: 415, code: 'unsupported_media_type', permanent: true });
  }
}

/**
 * The service (or the idempotency store) could not take a verified, valid request right now.
 * The one 5xx a door gives on purpose: an honest "try again", which HubSpot acts on by retrying;
 * the claim on the delivery has been given back first, so the retry is handled.
 */
export class ServiceUnavailableError extends AppError {
  constructor(cause?: unknown) {
    super('the service could not take this request now; try again', {
      status: 503,
      code: 'service_unavailable',
      cause,
    });
  }
}

/**
 * What a door answers when the hand-over throws: a client error the service itself raised
 * (an unknown call token, say) keeps its status; anything else becomes a 503.
 */
export function handOverFailure(error: unknown): AppError {
  if (error instanceof AppError && error.status < 500) return error;
  return new ServiceUnavailableError(error);
}

/** An error's code or class name, never its message (which could quote request content). */
export function errorKind(error: unknown): string {
  if (error instanceof AppError) return error.code;
  return error instanceof Error ? error.name : typeof error;
}
