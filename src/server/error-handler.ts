import type { ErrorRequestHandler } from 'express';
import { AppError } from '../lib/errors.ts';
import type { Logger } from '../lib/logger.ts';

/**
 * The one error handler: typed errors become their status and a JSON body naming the problem;
 * anything else is a 500 whose details stay in the log (by id, never with request content).
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    if (res.headersSent) return;
    const status =
      typeof error?.status === 'number'
        ? error.status
        : typeof error?.statusCode === 'number'
          ? error.statusCode
          : 500;
    if (error instanceof AppError) {
      if (status >= 500) logger.error({ code: error.code, path: req.path }, error.message);
      const field = (error as { field?: string }).field;
      res
        .status(status)
        .json({ error: error.code, message: error.message, ...(field ? { field } : {}) });
      return;
    }
    // express's own errors (a body over the limit, malformed JSON) carry a status and a type.
    if (status < 500) {
      const type = typeof error?.type === 'string' ? error.type : 'bad_request';
      res.status(status).json({
        error: type === 'entity.too.large' ? 'payload_too_large' : type.replace(/\./g, '_'),
        message: status === 413 ? 'request body too large' : 'request could not be read',
      });
      return;
    }
    logger.error(
      { path: req.path, error: error instanceof Error ? error.message : String(error) },
      'unexpected error',
    );
    res
      .status(500)
      .json({ error: 'internal_error', message: 'something went wrong; it has been logged' });
  };
}
