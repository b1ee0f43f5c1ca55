import express, { type Request, type RequestHandler } from 'express';
import { MalformedBodyError, UnsupportedMediaTypeError } from './door-errors.ts';

/**
 * Reading a door's request: the exact bytes the caller signed, its format parsed only after, and
 * the URL as the caller saw it.
 */

/** Larger bodies are refused with 413 before they are read to the end. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Form fields (Twilio) and query parameters; a repeated key carries every value. */
export type FormParams = Record<string, string | string[]>;

/**
 * Keeps the body as bytes (any content type) up to MAX_BODY_BYTES. Signatures are computed over
 * these bytes, so nothing may parse or re-encode them first. Compressed bodies are refused (415):
 * neither HubSpot nor Twilio sends them.
 */
export function captureRawBody(): RequestHandler {
  return express.raw({ type: () => true, limit: MAX_BODY_BYTES, inflate: false });
}

/** The captured bytes; empty for a request without a body. */
export function rawBodyOf(req: Request): Buffer {
  return Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
}

/**
 * The URL the caller requested and signed. Behind a proxy express would rebuild it from the
 * inner host and scheme; the public base URL is what HubSpot and Twilio were given.
 */
export function publicUrl(publicBaseUrl: string, req: Request): string {
  return publicBaseUrl.replace(/\/+$/, '') + req.originalUrl;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decode(raw: Buffer): string {
  try {
    return utf8.decode(raw);
  } catch {
    throw new MalformedBodyError('the request body is not UTF-8 text');
  }
}

/** The body as JSON, or 400. */
export function parseJsonBody(raw: Buffer): unknown {
  const text = decode(raw);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new MalformedBodyError('the request body is not valid JSON');
  }
}

/**
 * Name/value pairs of a form or query string. A null-prototype object, so a key such as
 * `__proto__` is an ordinary key (it then simply fails the signature) and never a prototype.
 */
export function paramsOf(search: URLSearchParams): FormParams {
  const params = Object.create(null) as FormParams;
  for (const [key, value] of search) {
    const seen = params[key];
    if (seen === undefined) params[key] = value;
    else params[key] = Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return params;
}

/** The form fields of a Twilio POST: 415 for another content type, 400 for bytes that are not UTF-8. */
export function parseFormBody(req: Request, raw: Buffer): FormParams {
  if (raw.length > 0 && !req.is('application/x-www-form-urlencoded')) {
    throw new UnsupportedMediaTypeError('expected application/x-www-form-urlencoded');
  }
  return paramsOf(new URLSearchParams(decode(raw)));
}

/** The query parameters of the URL as requested (not express's parsed `req.query`). */
export function queryParamsOf(originalUrl: string): FormParams {
  const at = originalUrl.indexOf('?');
  return paramsOf(new URLSearchParams(at === -1 ? '' : originalUrl.slice(at + 1)));
}

/** The first value of each parameter: our own query parameters are single-valued. */
export function firstValues(params: FormParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined && key !== '__proto__') out[key] = first;
  }
  return out;
}
