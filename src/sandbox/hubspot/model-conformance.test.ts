import { describe, expect, it } from 'vitest';
import { modelProblems, requiredAttributes } from './model-conformance.ts';

const UPSERT = { module: 'crm/contacts', model: 'BatchResponseSimplePublicUpsertObject' };
const good = {
  status: 'COMPLETE',
  startedAt: '2026-11-01T00:00:00.000Z',
  completedAt: '2026-11-01T00:00:00.010Z',
  results: [
    {
      id: '101',
      new: true,
      properties: { email: 'a@example.com', firstname: '' },
      createdAt: '2026-11-01T00:00:00.000Z',
      updatedAt: '2026-11-01T00:00:00.000Z',
      archived: false,
    },
  ],
};

describe('modelProblems', () => {
  it('reads the required attributes from the declaration files', () => {
    expect(
      [...requiredAttributes({ module: 'crm/contacts', model: 'SimplePublicUpsertObject' })].sort(),
    ).toEqual(['_new', 'createdAt', 'id', 'properties', 'updatedAt']);
    expect([...requiredAttributes({ module: 'crm/properties', model: 'Property' })].sort()).toEqual(
      ['description', 'fieldType', 'groupName', 'label', 'name', 'options', 'type'],
    );
  });

  it('accepts a conforming wire body', () => {
    expect(modelProblems(good, UPSERT, { mode: 'json', strict: true })).toEqual([]);
  });

  it.each([
    [
      'a missing required attribute',
      { ...good, results: [{ ...good.results[0], new: undefined }] },
      'BatchResponseSimplePublicUpsertObject.results[0].new: required by SimplePublicUpsertObject but missing',
    ],
    [
      'a number where the model wants a string',
      { ...good, results: [{ ...good.results[0], id: 101 }] },
      'BatchResponseSimplePublicUpsertObject.results[0].id: expected string, got number 101',
    ],
    [
      'a value outside an enum',
      { ...good, status: 'DONE' },
      'BatchResponseSimplePublicUpsertObject.status: string "DONE" is not one of PENDING, PROCESSING, CANCELED, COMPLETE',
    ],
    [
      'a date that is not one',
      { ...good, startedAt: 'yesterday' },
      'BatchResponseSimplePublicUpsertObject.startedAt: expected a date, got string "yesterday"',
    ],
    [
      'an attribute the model lacks (strict)',
      { ...good, total: 1 },
      'BatchResponseSimplePublicUpsertObject.total: not an attribute of BatchResponseSimplePublicUpsertObject',
    ],
    // SimplePublicUpsertObject's properties are `string`, not `string | null` as in SimplePublicObject.
    [
      'a null value in an upsert result',
      { ...good, results: [{ ...good.results[0], properties: { firstname: null } }] },
      'BatchResponseSimplePublicUpsertObject.results[0].properties.firstname: expected string, got null',
    ],
    [
      'a non-string property value',
      { ...good, results: [{ ...good.results[0], properties: { n: 1 } }] },
      'BatchResponseSimplePublicUpsertObject.results[0].properties.n: expected string, got number 1',
    ],
  ])('reports %s', (_label, body, problem) => {
    expect(modelProblems(body, UPSERT, { mode: 'json', strict: true })).toEqual([problem]);
  });

  it('in instance mode wants Date objects and the model class', () => {
    expect(modelProblems({ ...good }, UPSERT)).toContain(
      'BatchResponseSimplePublicUpsertObject: not deserialized as BatchResponseSimplePublicUpsertObject',
    );
  });
});
