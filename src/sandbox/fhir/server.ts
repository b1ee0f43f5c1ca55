import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A FHIR R4 server stand-in on 127.0.0.1: type-level searches (`GET [base]/Patient?_count=N`,
 * `ServiceRequest?status=active,draft`, `_summary=count`) answered with searchset Bundles whose
 * `next` links carry an opaque cursor, 401 without the bearer token when one is set, and every
 * request recorded so a test can check the paging.
 */

/** Any FHIR resource; only `resourceType`, `id` and `status` mean something to the stand-in. */
export interface FhirResource {
  resourceType: string;
  id?: string;
  [field: string]: unknown;
}

export interface FhirServerOptions {
  /** What the server holds; a function is asked again for every request. */
  resources: FhirResource[] | (() => FhirResource[]);
  /** The most entries a page holds, whatever `_count` asks (default 50). */
  pageSize?: number;
  /** When set, requests without `Authorization: Bearer <token>` get 401. */
  bearerToken?: string;
  /** The types it can search (default: any); others get 404, as from a server without them. */
  resourceTypes?: string[];
}

export interface FhirRequest {
  method: string;
  /** Path and query, e.g. `/fhir/Patient?_count=2`. */
  url: string;
  authorization: string | undefined;
  status: number;
}

export interface FhirServer {
  /** `http://127.0.0.1:<port>/fhir`. */
  baseUrl: string;
  requests: FhirRequest[];
  close(): Promise<void>;
}

function outcome(severity: string, code: string, text: string): FhirResource {
  return { resourceType: 'OperationOutcome', issue: [{ severity, code, diagnostics: text }] };
}

function cursorOf(offset: number): string {
  return Buffer.from(`o:${offset}`).toString('base64url');
}

function offsetOf(cursor: string | null): number | undefined {
  if (cursor === null) return 0;
  const m = /^o:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  return m ? Number(m[1]) : undefined;
}

/** Starts the stand-in on a free port; `close()` stops it. */
export async function startFhirServer(options: FhirServerOptions): Promise<FhirServer> {
  const requests: FhirRequest[] = [];
  const maxPage = options.pageSize ?? 50;
  let baseUrl = '';

  const answer = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', baseUrl);
    const send = (status: number, body: FhirResource) => {
      requests.push({
        method: req.method ?? 'GET',
        url: `${url.pathname}${url.search}`,
        authorization: req.headers.authorization,
        status,
      });
      res.writeHead(status, { 'content-type': 'application/fhir+json' });
      res.end(JSON.stringify(body));
    };
    if (options.bearerToken !== undefined) {
      if (req.headers.authorization !== `Bearer ${options.bearerToken}`) {
        res.setHeader('www-authenticate', 'Bearer');
        return send(401, outcome('error', 'login', 'a valid bearer token is required'));
      }
    }
    const m = /^\/fhir\/([A-Za-z]+)$/.exec(url.pathname);
    if (req.method !== 'GET' || !m)
      return send(404, outcome('error', 'not-found', 'unknown route'));
    const type = m[1]!;
    if (options.resourceTypes !== undefined && !options.resourceTypes.includes(type)) {
      return send(404, outcome('error', 'not-supported', `${type} is not supported`));
    }
    const all = typeof options.resources === 'function' ? options.resources() : options.resources;
    const statuses = url.searchParams.get('status')?.split(',');
    const matches = all.filter(
      (r) =>
        r.resourceType === type && (statuses === undefined || statuses.includes(String(r.status))),
    );
    const entryFor = (r: FhirResource) => ({
      fullUrl: `${baseUrl}/${type}/${r.id ?? ''}`,
      resource: r,
      search: { mode: 'match' },
    });
    if (url.searchParams.get('_summary') === 'count') {
      return send(200, { resourceType: 'Bundle', type: 'searchset', total: matches.length });
    }
    const count = Math.min(Number(url.searchParams.get('_count') ?? maxPage) || maxPage, maxPage);
    const offset = offsetOf(url.searchParams.get('_cursor'));
    if (offset === undefined) return send(400, outcome('error', 'invalid', 'unknown cursor'));
    const page = matches.slice(offset, offset + count);
    const link = [{ relation: 'self', url: url.toString() }];
    if (offset + count < matches.length) {
      const next = new URL(url);
      next.searchParams.set('_cursor', cursorOf(offset + count));
      link.push({ relation: 'next', url: next.toString() });
    }
    send(200, {
      resourceType: 'Bundle',
      type: 'searchset',
      total: matches.length,
      link,
      entry: page.map(entryFor),
    });
  };

  const server = createServer((req, res) => {
    // Searches have no body; drain whatever comes so the socket is free.
    req.resume();
    req.on('end', () => answer(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}/fhir`;

  return {
    baseUrl,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
