/**
 * Twilio's list paging: `PageSize` (50 by default, at most 1000), `Page` and the `PageToken` the
 * previous page handed out (`PA<sid>`: after that item; `PB<sid>`: the page before it). The 2010
 * API answers relative `…_uri`s; the newer APIs answer absolute `…_url`s in a `meta` object.
 */
interface Window<T> {
  page: number;
  pageSize: number;
  offset: number;
  items: T[];
  nextToken: string | null;
  previousToken: string | null;
}

function single(value: unknown): string | undefined {
  if (Array.isArray(value)) return single(value[0]);
  return typeof value === 'string' ? value : undefined;
}

function pageWindow<T>(
  all: T[],
  query: Record<string, unknown>,
  sidOf: (item: T) => string,
): Window<T> {
  const pageSize = Math.min(Math.max(Number(single(query.PageSize) ?? 50) || 50, 1), 1000);
  const page = Math.max(Number(single(query.Page) ?? 0) || 0, 0);
  const token = single(query.PageToken);
  let offset = page * pageSize;
  if (token && /^P[AB]/.test(token)) {
    const index = all.findIndex((item) => sidOf(item) === token.slice(2));
    if (index >= 0) offset = token.startsWith('PA') ? index + 1 : Math.max(0, index - pageSize);
  }
  const items = all.slice(offset, offset + pageSize);
  const first = items[0];
  const last = items[items.length - 1];
  return {
    page,
    pageSize,
    offset,
    items,
    nextToken: last !== undefined && offset + items.length < all.length ? `PA${sidOf(last)}` : null,
    previousToken: first !== undefined && offset > 0 ? `PB${sidOf(first)}` : null,
  };
}

function pageQuery(filters: URLSearchParams, size: number, page: number, token?: string): string {
  const query = new URLSearchParams(filters);
  query.set('PageSize', String(size));
  query.set('Page', String(page));
  if (token) query.set('PageToken', token);
  return query.toString();
}

/** A 2010-04-01 list page: `{ end, first_page_uri, next_page_uri, page, …, [key]: items }`. */
export function pageV2010<T>(args: {
  all: T[];
  query: Record<string, unknown>;
  path: string;
  key: string;
  filters: URLSearchParams;
  sidOf: (item: T) => string;
  render: (item: T) => unknown;
}): Record<string, unknown> {
  const w = pageWindow(args.all, args.query, args.sidOf);
  const uri = (page: number, token?: string) =>
    `${args.path}?${pageQuery(args.filters, w.pageSize, page, token)}`;
  return {
    end: w.items.length > 0 ? w.offset + w.items.length - 1 : w.offset,
    first_page_uri: uri(0),
    next_page_uri: w.nextToken ? uri(w.page + 1, w.nextToken) : null,
    page: w.page,
    page_size: w.pageSize,
    previous_page_uri: w.previousToken && w.page > 0 ? uri(w.page - 1, w.previousToken) : null,
    start: w.offset,
    uri: uri(w.page, single(args.query.PageToken)),
    [args.key]: w.items.map(args.render),
  };
}

/** A newer API's list page: `{ [key]: items, meta: { page, page_size, first_page_url, … } }`. */
export function pageWithMeta<T>(args: {
  all: T[];
  query: Record<string, unknown>;
  url: string;
  key: string;
  sidOf: (item: T) => string;
  render: (item: T) => unknown;
}): Record<string, unknown> {
  const w = pageWindow(args.all, args.query, args.sidOf);
  const none = new URLSearchParams();
  const url = (page: number, token?: string) =>
    `${args.url}?${pageQuery(none, w.pageSize, page, token)}`;
  return {
    [args.key]: w.items.map(args.render),
    meta: {
      page: w.page,
      page_size: w.pageSize,
      first_page_url: url(0),
      previous_page_url: w.previousToken && w.page > 0 ? url(w.page - 1, w.previousToken) : null,
      url: url(w.page, single(args.query.PageToken)),
      next_page_url: w.nextToken ? url(w.page + 1, w.nextToken) : null,
      key: args.key,
    },
  };
}
