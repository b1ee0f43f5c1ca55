import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { SandboxContext } from './context.ts';
import { TwilioApiError, twilioErrors } from './twilio-error.ts';

/** The fault switches a test flips: the next N requests fail, every request waits. */
export interface Faults {
  fail429: number;
  retryAfterSeconds: number | undefined;
  fail5xx: number;
  status5xx: 500 | 503;
  latencyMs: number;
}

function credentials(header: string | undefined): { user: string; password: string } | undefined {
  if (!header?.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(header.slice('Basic '.length), 'base64').toString('utf-8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * What every API request passes before its route, in Twilio's order: HTTP basic auth with the
 * account SID and auth token (401 / 20003), the account's concurrency limit (429 / 20429), then
 * the test's fault switches (latency, forced 429s, forced 5xx).
 */
export function guard(ctx: SandboxContext, faults: Faults, maxConcurrent: number): RequestHandler {
  let inFlight = 0;
  return async (req, res, next) => {
    ctx.stats.requests += 1;
    // Each Twilio host is the first path segment (app.ts).
    const host = req.path.split('/')[1] ?? '';
    ctx.stats.byHost[host] = (ctx.stats.byHost[host] ?? 0) + 1;
    const given = credentials(req.header('authorization'));
    if (!given || given.user !== ctx.accountSid || given.password !== ctx.authToken) {
      res.setHeader('WWW-Authenticate', 'Basic realm="Twilio API"');
      return next(twilioErrors.authenticate());
    }
    inFlight += 1;
    res.once('close', () => (inFlight -= 1));
    if (inFlight > maxConcurrent) return next(twilioErrors.tooManyRequests());
    if (faults.latencyMs > 0) await new Promise((done) => setTimeout(done, faults.latencyMs));
    if (faults.fail429 > 0) {
      faults.fail429 -= 1;
      if (faults.retryAfterSeconds !== undefined) {
        res.setHeader('Retry-After', String(faults.retryAfterSeconds));
      }
      return next(twilioErrors.tooManyRequests());
    }
    if (faults.fail5xx > 0) {
      faults.fail5xx -= 1;
      return next(faults.status5xx === 503 ? twilioErrors.unavailable() : twilioErrors.internal());
    }
    next();
  };
}

/** Answers every error with Twilio's JSON error body and counts it. */
export function twilioErrorHandler(ctx: SandboxContext): ErrorRequestHandler {
  return (error: unknown, _req, res, _next) => {
    const known = error instanceof TwilioApiError ? error : twilioErrors.internal();
    ctx.stats.errors[known.twilioCode] = (ctx.stats.errors[known.twilioCode] ?? 0) + 1;
    if (known.status === 401) ctx.stats.authFailures += 1;
    if (known.status === 429) ctx.stats.tooManyRequests += 1;
    if (known.status >= 500) ctx.stats.serverErrors += 1;
    res.status(known.status).json(known.body());
  };
}
