import { createHash } from 'node:crypto';

/** A short, stable hash of a contact's properties (key order does not matter). */
export function fingerprint(properties: Record<string, string>, extra = ''): string {
  const keys = Object.keys(properties).sort();
  const hash = createHash('sha1');
  for (const k of keys) hash.update(k).update('\u0000').update(properties[k]!).update('\u0001');
  hash.update(extra);
  return hash.digest('base64url').slice(0, 16);
}
