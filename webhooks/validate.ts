import type { z } from 'zod';
import { ValidationError } from '../src/lib/errors.ts';

/** `a.b[2].c`: the path of a zod issue as a caller reads it. */
function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(body)' : out;
}

/**
 * Parses `value` with `schema`, or throws a ValidationError (400) naming the first offending
 * field. zod's messages name the expected and received types, never the received value, so the
 * answer cannot echo patient data back.
 */
export function validate<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = fieldPath(issue?.path ?? []);
  throw new ValidationError(`${field}: ${issue?.message ?? 'invalid input'}`, field);
}
