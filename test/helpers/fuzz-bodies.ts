import { chance, pick, randomInt, type Random } from '../../src/lib/random.ts';

/**
 * Seeded generators of hostile request bodies for the doors' fuzz test: random JSON, deep
 * nesting, strings near the size limit, valid bodies with one part replaced, random bytes.
 */

const ALPHABET = ['a', 'Z', '0', '9', ' ', '-', '_', '.', ':', '%', '+', '&', '=', '?', '/', '\\'];
const ODD = ['\u0000', '\u001f', '\u00e9', '\u200b', '\ud83d\ude00', '\ufffd', '"', "'", '<', '>'];
const SPECIAL_STRINGS = [
  '',
  '0',
  '-1',
  '1e309',
  'NaN',
  'null',
  'true',
  '__proto__',
  'constructor',
  'CONTACT',
  'whatsapp:',
  'whatsapp:+14155550123',
  '9'.repeat(40),
  'SM' + 'f'.repeat(32),
  'AC' + '0'.repeat(32),
  'CA' + 'a'.repeat(31),
];

export function randomString(random: Random, maxLength = 40): string {
  if (chance(random, 0.2)) return pick(random, SPECIAL_STRINGS);
  const length = randomInt(random, 0, maxLength);
  let s = '';
  for (let i = 0; i < length; i += 1) {
    s += chance(random, 0.15) ? pick(random, ODD) : pick(random, ALPHABET);
  }
  return s;
}

/** A value an HTTP header can carry (visible ASCII, inner spaces), maybe empty. */
export function randomHeaderValue(random: Random, maxLength = 64): string {
  let s = '';
  for (let i = randomInt(random, 0, maxLength); i > 0; i -= 1)
    s += String.fromCharCode(randomInt(random, 0x21, 0x7e));
  return chance(random, 0.2) ? s.replace(/(.)(.)/, '$1 $2') : s;
}

export function randomNumber(random: Random): number {
  return pick(random, [
    0,
    -0,
    1,
    -1,
    0.5,
    Number.MAX_SAFE_INTEGER + 2,
    1e308,
    -1e308,
    randomInt(random, -1_000_000, 1_000_000),
    random.next() * 1e6,
  ]);
}

/** Any JSON value, up to `depth` levels. */
export function randomJson(random: Random, depth = 3): unknown {
  const kind = randomInt(random, 0, depth > 0 ? 6 : 3);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return chance(random, 0.5);
    case 2:
      return randomNumber(random);
    case 3:
      return randomString(random);
    case 4:
    case 5:
      return Array.from({ length: randomInt(random, 0, 4) }, () => randomJson(random, depth - 1));
    default: {
      const o: Record<string, unknown> = {};
      for (let i = randomInt(random, 0, 4); i > 0; i -= 1)
        o[randomString(random, 12)] = randomJson(random, depth - 1);
      return o;
    }
  }
}

/** `[[[[…]]]]` or `{"a":{"a":…}}`, `levels` deep (text, since JSON.stringify would recurse). */
export function deepJson(random: Random, levels: number): string {
  return chance(random, 0.5)
    ? '['.repeat(levels) + ']'.repeat(levels)
    : '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
}

export function randomBytes(random: Random, maxLength = 2000): Buffer {
  const bytes = Buffer.alloc(randomInt(random, 0, maxLength));
  for (let i = 0; i < bytes.length; i += 1) bytes[i] = randomInt(random, 0, 255);
  return bytes;
}

type Path = (string | number)[];

/** Every path into a JSON value (objects and arrays), the root excluded. */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [];
  const entries = Array.isArray(value)
    ? value.map((v, i) => [i, v] as const)
    : Object.entries(value as Record<string, unknown>);
  return entries.flatMap(([key, child]) => [[...prefix, key], ...pathsOf(child, [...prefix, key])]);
}

/**
 * A valid body with one part changed: a value replaced by a random one (a wrong type, most of
 * the time), removed, or a key added.
 */
export function mutate(random: Random, valid: unknown): unknown {
  const copy = structuredClone(valid) as Record<string | number, unknown>;
  const paths = pathsOf(copy);
  if (paths.length === 0) return randomJson(random);
  const path = pick(random, paths);
  let parent: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  const action = randomInt(random, 0, 3);
  if (action === 0 && !Array.isArray(parent)) delete parent[last];
  else if (action === 1) parent[randomString(random, 10)] = randomJson(random, 2);
  else parent[last] = randomJson(random, 2);
  return copy;
}

/** Form parameters with one changed: a wrong value, removed, repeated, or an unknown key added. */
export function mutateForm(random: Random, valid: Record<string, string>): [string, string][] {
  const pairs = Object.entries(valid);
  const i = randomInt(random, 0, pairs.length - 1);
  const action = randomInt(random, 0, 4);
  if (action === 0) pairs.splice(i, 1);
  else if (action === 1) pairs.push([pairs[i]![0], randomString(random)]);
  else if (action === 2) pairs.push([randomString(random, 12), randomString(random, 200)]);
  else pairs[i] = [pairs[i]![0], randomString(random, 60)];
  return pairs;
}
