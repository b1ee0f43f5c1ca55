import { SourceUnavailableError } from '../../lib/errors.ts';
import type { RawResource } from './assemble.ts';
import { FhirBundle } from './resources.ts';

export interface FhirServerOptions {
  /** The server's base URL, without a trailing slash. */
  baseUrl: string;
  bearerToken?: string;
  fetch: typeof fetch;
  signal?: AbortSignal;
}

/** The server answered with an HTTP error; `httpStatus` tells which. */
export class FhirHttpError extends SourceUnavailableError {
  constructor(
    message: string,
    readonly httpStatus: number,
  ) {
    super(message);
  }
}

/** A URL fit for a message: never with credentials in it (the token is a header, never shown). */
function display(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return '(an invalid URL)';
  }
}

/** GETs one page of search results. */
export async function getBundle(url: string, options: FhirServerOptions): Promise<FhirBundle> {
  const headers: Record<string, string> = { Accept: 'application/fhir+json' };
  if (options.bearerToken !== undefined) headers.Authorization = `Bearer ${options.bearerToken}`;
  let response: Response;
  try {
    response = await options.fetch(url, { headers, signal: options.signal ?? null });
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    throw new SourceUnavailableError(`the FHIR server cannot be reached at ${display(url)}`, error);
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => {});
    throw new FhirHttpError(
      `the FHIR server answered HTTP ${response.status} to ${display(url)}`,
      response.status,
    );
  }
  let json: unknown;
  try {
    json = await response.json();
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    throw new SourceUnavailableError(
      `the FHIR server's answer to ${display(url)} is not JSON`,
      error,
    );
  }
  const bundle = FhirBundle.safeParse(json);
  if (!bundle.success) {
    throw new SourceUnavailableError(`the FHIR server's answer to ${display(url)} is not a Bundle`);
  }
  return bundle.data;
}

/**
 * The next page's URL, as the server gave it (absolute, or relative to the page). A next link to
 * another origin is refused rather than followed with the bearer token.
 */
function nextUrl(bundle: FhirBundle, current: string, base: string): string | undefined {
  const next = bundle.link?.find((l) => l.relation === 'next')?.url;
  if (next === undefined) return undefined;
  let resolved: URL;
  try {
    resolved = new URL(next, current);
  } catch {
    throw new SourceUnavailableError(
      `the FHIR server's next link after ${display(current)} is not a URL`,
    );
  }
  if (resolved.origin !== new URL(base).origin) {
    throw new SourceUnavailableError(
      `the FHIR server's next link after ${display(current)} leaves the server; not followed`,
    );
  }
  return resolved.toString();
}

/**
 * Every page of `GET [base]/[type]?[query]`, following `link[relation=next]`, as resources with
 * where they sit (`Appointment page 3 entry[7]` for one without an id). OperationOutcome entries
 * (search mode `outcome`) are the server talking, not data, and are left out.
 */
export async function* searchPages(
  type: string,
  query: string,
  options: FhirServerOptions,
): AsyncGenerator<RawResource[]> {
  let url: string | undefined = `${options.baseUrl}/${type}?${query}`;
  const visited = new Set<string>();
  let page = 0;
  while (url !== undefined) {
    options.signal?.throwIfAborted();
    if (visited.has(url)) {
      throw new SourceUnavailableError(
        `the FHIR server's ${type} pages lead back to ${display(url)}`,
      );
    }
    visited.add(url);
    const bundle = await getBundle(url, options);
    page++;
    const raws: RawResource[] = [];
    (bundle.entry ?? []).forEach((entry, i) => {
      if (entry.search?.mode === 'outcome') return;
      raws.push({
        resource: entry.resource,
        fallbackWhere: `${type} page ${page} entry[${i}]`,
        ...(entry.fullUrl === undefined ? {} : { fullUrl: entry.fullUrl }),
      });
    });
    yield raws;
    url = nextUrl(bundle, url, options.baseUrl);
  }
}
