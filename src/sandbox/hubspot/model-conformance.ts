import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Checks a value against one of `@hubspot/api-client`'s generated model classes: every attribute
 * the model requires is present, each with the type its attributeTypeMap declares, recursively.
 * The generator records no "required" flag at runtime, so the required list comes from the
 * model's TypeScript declaration (attributes declared without `?`).
 *
 * `instance` mode checks what the client deserialized (attributes by their TypeScript names, Dates
 * as Date objects, each model an instance of its class); `json` mode checks a raw response body
 * (attributes by their wire names, dates as ISO strings) and, with `strict`, that it carries no
 * attribute the model lacks (HubSpot's error bodies do: `status` is not in the Error model).
 */

export interface CheckOptions {
  mode?: 'instance' | 'json';
  strict?: boolean;
}

type Mode = { json: boolean; strict: boolean };

export interface ModelRef {
  /** The codegen folder, e.g. `crm/contacts`, `crm/properties`, `automation/actions`. */
  module: string;
  /** The model class, e.g. `BatchResponseSimplePublicUpsertObject`. */
  model: string;
}

interface Attribute {
  name: string;
  baseName: string;
  type: string;
}

interface ModelClass {
  new (): object;
  getAttributeTypeMap(): Attribute[];
}

const require = createRequire(import.meta.url);
const CODEGEN = join(
  dirname(require.resolve('@hubspot/api-client/package.json')),
  'lib',
  'codegen',
);
const modules = new Map<string, Record<string, unknown>>();
const required = new Map<string, Set<string>>();

function exportsOf(module: string): Record<string, unknown> {
  let all = modules.get(module);
  if (!all) {
    all = require(join(CODEGEN, module, 'models', 'all.js')) as Record<string, unknown>;
    modules.set(module, all);
  }
  return all;
}

/** Attribute names a model declares without `?` in its .d.ts. */
export function requiredAttributes(ref: ModelRef): Set<string> {
  const key = `${ref.module}:${ref.model}`;
  let names = required.get(key);
  if (!names) {
    const source = readFileSync(join(CODEGEN, ref.module, 'models', `${ref.model}.d.ts`), 'utf8');
    const start = source.indexOf(`export declare class ${ref.model} {`);
    const end = source.indexOf('static readonly discriminator', start);
    const body = source.slice(start, end);
    names = new Set(
      [...body.matchAll(/^ {4}'([^']+)'(\?)?:/gm)].filter((m) => !m[2]).map((m) => m[1] ?? ''),
    );
    required.set(key, names);
  }
  return names;
}

/** Problems found, as paths with what is wrong; empty when the value conforms. */
export function modelProblems(value: unknown, ref: ModelRef, options: CheckOptions = {}): string[] {
  const problems: string[] = [];
  const mode = { json: options.mode === 'json', strict: options.strict ?? false };
  check(value, ref.model, ref.module, mode, ref.model, problems);
  return problems;
}

function check(
  value: unknown,
  type: string,
  module: string,
  mode: Mode,
  path: string,
  out: string[],
): void {
  const alternatives = splitUnion(type);
  if (alternatives.length > 1) {
    if (value === null && alternatives.includes('null')) return;
    const tries = alternatives
      .filter((t) => t !== 'null')
      .map((t) => {
        const problems: string[] = [];
        check(value, t, module, mode, path, problems);
        return problems;
      });
    const best = tries.find((p) => p.length === 0) ?? tries[0] ?? [];
    out.push(...best);
    return;
  }
  if (type === 'any') return;
  if (type === 'string' || type === 'number' || type === 'boolean') {
    if (typeof value !== type) out.push(`${path}: expected ${type}, got ${describe(value)}`);
    return;
  }
  if (type === 'Date') {
    const ok = !mode.json
      ? value instanceof Date && !Number.isNaN(value.getTime())
      : typeof value === 'string' && !Number.isNaN(Date.parse(value));
    if (!ok) out.push(`${path}: expected a date, got ${describe(value)}`);
    return;
  }
  const array = /^Array<(.+)>$/.exec(type);
  if (array?.[1]) {
    if (!Array.isArray(value)) out.push(`${path}: expected an array, got ${describe(value)}`);
    else
      value.forEach((item, i) =>
        check(item, array[1] ?? 'any', module, mode, `${path}[${i}]`, out),
      );
    return;
  }
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map?.[1]) {
    if (!isObject(value)) out.push(`${path}: expected an object, got ${describe(value)}`);
    else
      for (const [k, v] of Object.entries(value))
        check(v, map[1], module, mode, `${path}.${k}`, out);
    return;
  }
  const known = exportsOf(module)[type];
  if (isModelClass(known)) {
    checkModel(value, type, known, module, mode, path, out);
    return;
  }
  if (isObject(known)) {
    if (!Object.values(known).includes(value))
      out.push(`${path}: ${describe(value)} is not one of ${Object.values(known).join(', ')}`);
    return;
  }
  out.push(`${path}: unknown model type ${type}`);
}

function checkModel(
  value: unknown,
  type: string,
  cls: ModelClass,
  module: string,
  mode: Mode,
  path: string,
  out: string[],
): void {
  if (!isObject(value)) {
    out.push(`${path}: expected ${type}, got ${describe(value)}`);
    return;
  }
  if (!mode.json && !(value instanceof cls)) out.push(`${path}: not deserialized as ${type}`);
  const attributes = cls.getAttributeTypeMap();
  const mandatory = requiredAttributes({ module, model: type });
  for (const attribute of attributes) {
    const key = mode.json ? attribute.baseName : attribute.name;
    const v = value[key];
    if (v === undefined || v === null) {
      if (mandatory.has(attribute.name))
        out.push(`${path}.${key}: required by ${type} but missing`);
      continue;
    }
    check(v, attribute.type, module, mode, `${path}.${key}`, out);
  }
  if (mode.json && mode.strict) {
    const declared = new Set(attributes.map((a) => a.baseName));
    for (const key of Object.keys(value))
      if (!declared.has(key)) out.push(`${path}.${key}: not an attribute of ${type}`);
  }
}

function splitUnion(type: string): string[] {
  // Only top-level unions (no generics hold a `|` in these models except maps, handled by depth).
  let depth = 0;
  const parts: string[] = [];
  let current = '';
  for (const ch of type) {
    if (ch === '<' || ch === '{') depth += 1;
    if (ch === '>' || ch === '}') depth -= 1;
    if (ch === '|' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else current += ch;
  }
  parts.push(current.trim());
  return parts;
}

function isModelClass(value: unknown): value is ModelClass {
  return (
    typeof value === 'function' &&
    typeof (value as Partial<ModelClass>).getAttributeTypeMap === 'function'
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  return value === null
    ? 'null'
    : Array.isArray(value)
      ? 'an array'
      : `${typeof value} ${JSON.stringify(value)?.slice(0, 40)}`;
}
