import { validationError } from '../http-error.ts';
import type { PropertyType } from './property-definitions.ts';
import { parseInstant } from './property-values.ts';

/**
 * The CRM search of HubSpot's search guide: up to 5 filter groups (ORed) of up to 6 filters
 * (ANDed), 18 filters in all, one sort rule, pages of at most 200, and never more than 10,000
 * results per query ("Attempting to page beyond 10,000 will result in a 400 error").
 */
export const SEARCH_LIMITS = {
  groups: 5,
  filtersPerGroup: 6,
  filters: 18,
  pageSize: 200,
  results: 10_000,
};

export const OPERATORS = [
  'EQ',
  'NEQ',
  'LT',
  'LTE',
  'GT',
  'GTE',
  'BETWEEN',
  'IN',
  'NOT_IN',
  'HAS_PROPERTY',
  'NOT_HAS_PROPERTY',
  'CONTAINS_TOKEN',
  'NOT_CONTAINS_TOKEN',
] as const;
export type Operator = (typeof OPERATORS)[number];

export interface SearchFilter {
  propertyName: string;
  operator: string;
  value?: string | undefined;
  highValue?: string | undefined;
  values?: string[] | undefined;
}

export interface SearchRequest {
  filterGroups: { filters: SearchFilter[] }[];
  sorts: { propertyName: string; direction: 'ASCENDING' | 'DESCENDING' }[];
  query?: string | undefined;
  limit: number;
  after: number;
}

export interface Searchable {
  id: string;
  values: ReadonlyMap<string, string>;
}

export interface SearchPage<T> {
  total: number;
  results: T[];
  /** The `after` of the next page; present while results remain, even past the 10,000 cap. */
  nextAfter?: string;
}

/** Checks a request against HubSpot's limits and the known properties; throws HubSpot's 400. */
export function checkSearch(
  request: SearchRequest,
  typeOf: (name: string) => PropertyType | undefined,
): void {
  const groups = request.filterGroups;
  if (groups.length > SEARCH_LIMITS.groups)
    throw validationError(
      `Too many filter groups: ${groups.length}; the maximum is ${SEARCH_LIMITS.groups}`,
    );
  const all = groups.flatMap((g) => g.filters);
  if (
    groups.some((g) => g.filters.length > SEARCH_LIMITS.filtersPerGroup) ||
    all.length > SEARCH_LIMITS.filters
  ) {
    throw validationError(
      `Too many filters: at most ${SEARCH_LIMITS.filtersPerGroup} per group and ${SEARCH_LIMITS.filters} in all`,
    );
  }
  for (const filter of all) {
    if (!OPERATORS.includes(filter.operator as Operator))
      throw validationError(`Unknown filter operator ${filter.operator}`);
    if (!typeOf(filter.propertyName))
      throw validationError(`Property ${filter.propertyName} does not exist`);
  }
  if (request.sorts.length > 1) throw validationError('Only one sort rule is supported');
  for (const sort of request.sorts) {
    if (!typeOf(sort.propertyName))
      throw validationError(`Property ${sort.propertyName} does not exist`);
  }
  if (request.limit < 0 || request.limit > SEARCH_LIMITS.pageSize) {
    throw validationError(`limit must be between 0 and ${SEARCH_LIMITS.pageSize}`);
  }
  if (request.after >= SEARCH_LIMITS.results) {
    // The wording of HubSpot's 400 here is unconfirmed; the status is documented.
    throw validationError(
      `The search endpoints are limited to ${SEARCH_LIMITS.results} total results for any given query. Requested results starting at ${request.after}.`,
    );
  }
}

/** Runs a checked request over `records` (in id order). */
export function runSearch<T extends Searchable>(
  records: readonly T[],
  request: SearchRequest,
  typeOf: (name: string) => PropertyType | undefined,
  queryProperties: readonly string[],
): SearchPage<T> {
  const matches = records.filter(
    (r) =>
      (request.filterGroups.length === 0 ||
        request.filterGroups.some((g) => g.filters.every((f) => matchFilter(r, f, typeOf)))) &&
      matchQuery(r, request.query, queryProperties),
  );
  const sort = request.sorts[0];
  if (sort) {
    const type = typeOf(sort.propertyName);
    const sign = sort.direction === 'DESCENDING' ? -1 : 1;
    matches.sort((a, b) => {
      const x = a.values.get(sort.propertyName);
      const y = b.values.get(sort.propertyName);
      if (x === undefined || y === undefined)
        return x === y ? Number(a.id) - Number(b.id) : x === undefined ? 1 : -1;
      return sign * compare(x, y, type) || Number(a.id) - Number(b.id);
    });
  }
  const end = Math.min(request.after + request.limit, SEARCH_LIMITS.results, matches.length);
  const results = matches.slice(request.after, end);
  const page: SearchPage<T> = { total: matches.length, results };
  if (end < matches.length && request.limit > 0) page.nextAfter = String(end);
  return page;
}

function matchFilter(
  record: Searchable,
  filter: SearchFilter,
  typeOf: (name: string) => PropertyType | undefined,
): boolean {
  const type = typeOf(filter.propertyName);
  const actual = record.values.get(filter.propertyName);
  const op = filter.operator as Operator;
  if (op === 'HAS_PROPERTY') return actual !== undefined;
  if (op === 'NOT_HAS_PROPERTY') return actual === undefined;
  if (op === 'NEQ') return actual === undefined || compare(actual, filter.value ?? '', type) !== 0;
  if (op === 'NOT_IN')
    return (
      actual === undefined || !(filter.values ?? []).some((v) => compare(actual, v, type) === 0)
    );
  if (op === 'NOT_CONTAINS_TOKEN')
    return actual === undefined || !containsToken(actual, filter.value ?? '');
  if (actual === undefined) return false;
  switch (op) {
    case 'EQ':
      return compare(actual, filter.value ?? '', type) === 0;
    case 'IN':
      return (filter.values ?? []).some((v) => compare(actual, v, type) === 0);
    case 'LT':
      return compare(actual, filter.value ?? '', type) < 0;
    case 'LTE':
      return compare(actual, filter.value ?? '', type) <= 0;
    case 'GT':
      return compare(actual, filter.value ?? '', type) > 0;
    case 'GTE':
      return compare(actual, filter.value ?? '', type) >= 0;
    case 'BETWEEN':
      return (
        compare(actual, filter.value ?? '', type) >= 0 &&
        compare(actual, filter.highValue ?? '', type) <= 0
      );
    case 'CONTAINS_TOKEN':
      return containsToken(actual, filter.value ?? '');
  }
}

/** Numbers and dates compare as numbers; text compares case-insensitively, as HubSpot's search does. */
function compare(actual: string, wanted: string, type: PropertyType | undefined): number {
  if (type === 'number') return Math.sign(Number(actual) - Number(wanted));
  if (type === 'date' || type === 'datetime') {
    const a = parseInstant(actual);
    const b = parseInstant(wanted);
    if (a === undefined || b === undefined) return actual.localeCompare(wanted);
    return Math.sign(a - b);
  }
  const a = actual.toLowerCase();
  const b = wanted.toLowerCase();
  return a < b ? -1 : a > b ? 1 : 0;
}

function tokens(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[\s@.,;:!?'"()-]+/)
    .filter((t) => t !== '');
}

function containsToken(actual: string, token: string): boolean {
  const wanted = token.toLowerCase();
  if (wanted.includes('*')) {
    const pattern = new RegExp(
      `^${wanted
        .split('*')
        .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`,
    );
    return pattern.test(actual.toLowerCase()) || tokens(actual).some((t) => pattern.test(t));
  }
  return tokens(actual).includes(wanted) || actual.toLowerCase() === wanted;
}

/** The free-text `query`: every word must start a word of one of the default searchable properties. */
function matchQuery(
  record: Searchable,
  query: string | undefined,
  properties: readonly string[],
): boolean {
  if (!query || query.trim() === '') return true;
  const words = tokens(query);
  const haystack = properties.flatMap((p) => tokens(record.values.get(p) ?? ''));
  return words.every((w) => haystack.some((t) => t.startsWith(w)));
}
