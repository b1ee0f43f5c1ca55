import { describe, expect, it } from 'vitest';
import { HubSpotApiError } from '../http-error.ts';
import type { PropertyType } from './property-definitions.ts';
import {
  checkSearch,
  runSearch,
  type SearchFilter,
  type SearchRequest,
  type Searchable,
} from './search.ts';

const TYPES: Record<string, PropertyType> = {
  email: 'string',
  firstname: 'string',
  reactivation_segment: 'enumeration',
  last_visit_date: 'date',
  hs_object_id: 'number',
};
const typeOf = (name: string) => TYPES[name];

function record(id: number, values: Record<string, string>): Searchable {
  return {
    id: String(id),
    values: new Map(Object.entries({ hs_object_id: String(id), ...values })),
  };
}

const records = [
  record(101, {
    email: 'ann@example.com',
    firstname: 'Ann Marie',
    reactivation_segment: 'dormant',
    last_visit_date: '2024-01-10',
  }),
  record(102, {
    email: 'bob@example.com',
    firstname: 'Bob',
    reactivation_segment: 'no_show',
    last_visit_date: '2025-06-01',
  }),
  record(103, { email: 'cy@example.com', firstname: 'Cy', last_visit_date: '2023-12-31' }),
];

function request(filters: SearchFilter[][], extra: Partial<SearchRequest> = {}): SearchRequest {
  return {
    filterGroups: filters.map((f) => ({ filters: f })),
    sorts: [],
    limit: 10,
    after: 0,
    ...extra,
  };
}

const ids = (r: SearchRequest) =>
  runSearch(records, r, typeOf, ['firstname', 'email']).results.map((x) => x.id);

describe('runSearch', () => {
  it.each([
    [
      'EQ compares text case-insensitively',
      [[{ propertyName: 'email', operator: 'EQ', value: 'ANN@example.com' }]],
      ['101'],
    ],
    [
      'NEQ includes records without the property',
      [[{ propertyName: 'reactivation_segment', operator: 'NEQ', value: 'dormant' }]],
      ['102', '103'],
    ],
    [
      'IN',
      [[{ propertyName: 'reactivation_segment', operator: 'IN', values: ['no_show', 'dormant'] }]],
      ['101', '102'],
    ],
    [
      'NOT_IN',
      [[{ propertyName: 'reactivation_segment', operator: 'NOT_IN', values: ['no_show'] }]],
      ['101', '103'],
    ],
    [
      'HAS_PROPERTY',
      [[{ propertyName: 'reactivation_segment', operator: 'HAS_PROPERTY' }]],
      ['101', '102'],
    ],
    [
      'NOT_HAS_PROPERTY',
      [[{ propertyName: 'reactivation_segment', operator: 'NOT_HAS_PROPERTY' }]],
      ['103'],
    ],
    [
      'LT on dates, with an epoch-ms value',
      [[{ propertyName: 'last_visit_date', operator: 'LT', value: String(Date.UTC(2024, 0, 10)) }]],
      ['103'],
    ],
    [
      'LTE on dates',
      [[{ propertyName: 'last_visit_date', operator: 'LTE', value: '2024-01-10' }]],
      ['101', '103'],
    ],
    [
      'GT on numbers',
      [[{ propertyName: 'hs_object_id', operator: 'GT', value: '101' }]],
      ['102', '103'],
    ],
    [
      'BETWEEN is inclusive',
      [
        [
          {
            propertyName: 'last_visit_date',
            operator: 'BETWEEN',
            value: '2023-12-31',
            highValue: '2024-01-10',
          },
        ],
      ],
      ['101', '103'],
    ],
    [
      'CONTAINS_TOKEN matches a word',
      [[{ propertyName: 'firstname', operator: 'CONTAINS_TOKEN', value: 'marie' }]],
      ['101'],
    ],
    [
      'filters in a group are ANDed',
      [
        [
          { propertyName: 'reactivation_segment', operator: 'HAS_PROPERTY' },
          { propertyName: 'firstname', operator: 'EQ', value: 'bob' },
        ],
      ],
      ['102'],
    ],
    [
      'groups are ORed',
      [
        [{ propertyName: 'firstname', operator: 'EQ', value: 'cy' }],
        [{ propertyName: 'firstname', operator: 'EQ', value: 'bob' }],
      ],
      ['102', '103'],
    ],
  ])('%s', (_label, filters, expected) => {
    expect(ids(request(filters as SearchFilter[][]))).toEqual(expected);
  });

  it('sorts by a property, records without it last', () => {
    const sorted = ids(
      request([], { sorts: [{ propertyName: 'reactivation_segment', direction: 'DESCENDING' }] }),
    );
    expect(sorted).toEqual(['102', '101', '103']);
  });

  it('matches free text against the start of words', () => {
    expect(ids(request([], { query: 'mar' }))).toEqual(['101']);
  });

  it('pages with after and reports the total', () => {
    const first = runSearch(records, request([], { limit: 2 }), typeOf, []);
    expect(first).toMatchObject({ total: 3, nextAfter: '2' });
    const second = runSearch(records, request([], { limit: 2, after: 2 }), typeOf, []);
    expect(second.results.map((r) => r.id)).toEqual(['103']);
    expect(second.nextAfter).toBeUndefined();
  });

  it('never returns a result past the 10,000th, but still offers the next page', () => {
    const many = Array.from({ length: 10_050 }, (_, i) => record(1000 + i, {}));
    const page = runSearch(many, request([], { limit: 200, after: 9_900 }), typeOf, []);
    expect(page.results).toHaveLength(100);
    expect(page.nextAfter).toBe('10000');
    expect(page.total).toBe(10_050);
  });
});

describe('checkSearch', () => {
  const fails = (r: SearchRequest) => {
    try {
      checkSearch(r, typeOf);
    } catch (error) {
      expect(error).toBeInstanceOf(HubSpotApiError);
      return (error as HubSpotApiError).status;
    }
    return 200;
  };
  const f = { propertyName: 'email', operator: 'HAS_PROPERTY' };

  it.each([
    ['paging from the 10,000th result', request([], { after: 10_000 }), 400],
    ['just below the cap', request([], { after: 9_999 }), 200],
    ['a page of 201', request([], { limit: 201 }), 400],
    ['a page of 200', request([], { limit: 200 }), 200],
    ['six filter groups', request(Array.from({ length: 6 }, () => [f])), 400],
    ['seven filters in a group', request([Array.from({ length: 7 }, () => f)]), 400],
    [
      '19 filters in all',
      request([...Array.from({ length: 3 }, () => Array.from({ length: 6 }, () => f)), [f]]),
      400,
    ],
    ['an unknown property', request([[{ propertyName: 'nope', operator: 'EQ', value: 'x' }]]), 400],
    [
      'an unknown operator',
      request([[{ propertyName: 'email', operator: 'LIKE', value: 'x' }]]),
      400,
    ],
    [
      'two sort rules',
      request([], {
        sorts: [
          { propertyName: 'email', direction: 'ASCENDING' },
          { propertyName: 'firstname', direction: 'ASCENDING' },
        ],
      }),
      400,
    ],
  ])('%s → %i', (_label, r, status) => {
    expect(fails(r)).toBe(status);
  });
});
