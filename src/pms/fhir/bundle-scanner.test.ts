import { describe, expect, it } from 'vitest';
import { BundleScanner } from './bundle-scanner.ts';

function scan(
  text: string,
  chunkSizes: (i: number) => number,
): { entries: unknown[]; scanner: BundleScanner } {
  const scanner = new BundleScanner();
  const entries: unknown[] = [];
  for (let i = 0, k = 0; i < text.length; k++) {
    const size = Math.max(1, chunkSizes(k));
    for (const e of scanner.push(text.slice(i, i + size)))
      entries.push([e.index, JSON.parse(e.text)]);
    i += size;
  }
  return { entries, scanner };
}

const tricky = {
  resourceType: 'Bundle',
  meta: { tag: [{ code: '"entry": [' }] },
  link: [{ relation: 'self', url: 'x' }],
  entry: [
    {
      fullUrl: 'urn:uuid:1',
      resource: { resourceType: 'Patient', id: '1', name: [{ text: 'a } b ] c { "' }] },
    },
    {
      resource: {
        resourceType: 'Appointment',
        id: '2',
        comment: 'back\\slash \\" quote \u00e9 \ud83e\uddb7',
      },
    },
    { resource: { resourceType: 'Basic', id: '3', nested: { entry: [{ deep: [[[{}]]] }] } } },
  ],
  type: 'collection',
};

describe('BundleScanner', () => {
  it.each([
    ['one chunk', () => 1 << 20],
    ['one character at a time', () => 1],
    ['chunks of 7', () => 7],
    ['uneven chunks', (k: number) => (k * 7919) % 13],
  ])('finds every entry, whatever is in its strings (%s)', (_name, sizes) => {
    const text = JSON.stringify(tricky, null, 2);
    const { entries, scanner } = scan(text, sizes);
    expect(entries).toEqual(tricky.entry.map((e, i) => [i, e]));
    expect(scanner.resourceType).toBe('Bundle');
    expect(scanner.problem()).toBeUndefined();
  });

  it('finds resourceType after the entries too', () => {
    const { entries, scanner } = scan(
      '{"entry":[{"resource":{}}],"resourceType":"Bundle"}',
      () => 5,
    );
    expect(entries).toEqual([[0, { resource: {} }]]);
    expect(scanner.problem()).toBeUndefined();
  });

  it.each([
    [
      '{"resourceType":"Patient","id":"1"}',
      'is not a FHIR Bundle (its resourceType is not Bundle)',
    ],
    ['[{"resourceType":"Bundle"}]', 'is not a JSON object'],
    ['"Bundle"', 'is not a JSON object'],
    ['', 'is not a JSON object'],
    ['{"resourceType":"Bundle"}{"resourceType":"Bundle"}', 'is not a JSON object'],
    ['{"resourceType":"Bundle","entry":[{"resource":{}}', 'ends in the middle of its JSON'],
  ])('%j %s', (text, problem) => {
    expect(scan(text, () => 3).scanner.problem()).toBe(problem);
  });

  it('accepts a byte-order mark and whitespace around the object', () => {
    expect(
      scan('\uFEFF \n{"resourceType":"Bundle","entry":[]}\n', () => 4).scanner.problem(),
    ).toBeUndefined();
  });
});
