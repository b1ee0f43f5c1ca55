import type { Request } from 'express';
import type { z } from 'zod';
import type { GatedRoute } from './gate.ts';
import { validationError } from './http-error.ts';
import type { Portal } from './state/portal.ts';

/** What a handler answers: a status and, unless it is 204, a JSON body. */
export interface Reply {
  status: number;
  body?: unknown;
}

export interface RouteContext {
  req: Request;
  portal: Portal;
  /** The sandbox's base URL, for `paging.next.link`. */
  baseUrl: string;
}

export interface RouteDef extends GatedRoute {
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  handle: (ctx: RouteContext) => Reply | Promise<Reply>;
}

/** Validates a JSON body with `schema`; a mismatch is HubSpot's 400 VALIDATION_ERROR. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const result = schema.safeParse(body ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    throw validationError(`Invalid input JSON${where}: ${issue?.message ?? 'invalid body'}`);
  }
  return result.data;
}

/** A string path parameter (express 5 types them loosely). */
export function param(req: Request, name: string): string {
  const value = (req.params as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(value) ? value.join('/') : (value ?? '');
}

/** A query parameter that may repeat or hold a comma-separated list (`properties=a,b&properties=c`). */
export function listParam(req: Request, name: string): string[] | undefined {
  const raw = req.query[name];
  if (raw === undefined) return undefined;
  const values = (Array.isArray(raw) ? raw : [raw]).map(String);
  return values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

export function stringParam(req: Request, name: string): string | undefined {
  const raw = req.query[name];
  if (raw === undefined) return undefined;
  return Array.isArray(raw) ? String(raw[0]) : String(raw);
}

export function booleanParam(req: Request, name: string): boolean {
  return stringParam(req, name)?.toLowerCase() === 'true';
}

/** A batch's timestamps as HubSpot reports them. */
export function batchTimes(
  startedAt: Date,
  completedAt: Date,
): { startedAt: string; completedAt: string } {
  return { startedAt: startedAt.toISOString(), completedAt: completedAt.toISOString() };
}

// HubSpot's batch endpoints take at most 100 inputs (contacts guide); the wording is unconfirmed.
export const MAX_BATCH = 100;

export function checkBatchSize(count: number): void {
  if (count > MAX_BATCH) {
    throw validationError(`Too many inputs in the batch: ${count}. The maximum is ${MAX_BATCH}.`);
  }
}
