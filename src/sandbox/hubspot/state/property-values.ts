import type { PropertyDefinition } from './property-definitions.ts';

/**
 * Property value rules as HubSpot applies them on write. A rejected value becomes one entry of
 * HubSpot's "Property values were not valid: [...]" list: `{ isValid, message, error, name,
 * localizedErrorMessage }` (the shape seen in VALIDATION_ERROR bodies quoted in public issue
 * threads, e.g. INVALID_OPTION "… was not one of the allowed options: [...]"). Values are stored
 * and returned as strings.
 */
export interface ValueProblem {
  isValid: false;
  message: string;
  error: string;
  name: string;
  localizedErrorMessage: string;
}

export type NormalizedValue =
  { ok: true; value: string | null } | { ok: false; problem: ValueProblem };

export function problem(name: string, error: string, message: string): ValueProblem {
  return { isValid: false, message, error, name, localizedErrorMessage: message };
}

export function doesNotExist(name: string): ValueProblem {
  return problem(name, 'PROPERTY_DOESNT_EXIST', `Property "${name}" does not exist`);
}

export function readOnly(name: string): ValueProblem {
  return problem(
    name,
    'READ_ONLY_VALUE',
    `"${name}" is a read only property; its value cannot be set.`,
  );
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DIGITS = /^-?\d+$/;
// Close to what HubSpot accepts: something@something.tld, no spaces.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_STRING = 65_536;

/** Turns a written value into the string HubSpot stores, or the problem HubSpot reports. */
export function normalizeValue(
  def: PropertyDefinition,
  raw: unknown,
  ownerIds: ReadonlySet<string>,
): NormalizedValue {
  if (raw === null || raw === '') return { ok: true, value: null };
  if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') {
    return {
      ok: false,
      problem: problem(
        def.name,
        'INVALID_STRING',
        `${JSON.stringify(raw)} was not a valid string.`,
      ),
    };
  }
  const text = String(raw);
  const bad = (error: string, message: string): NormalizedValue => ({
    ok: false,
    problem: problem(def.name, error, message),
  });
  switch (def.type) {
    case 'string':
      if (text.length > MAX_STRING)
        return bad(
          'INVALID_STRING_LENGTH',
          `Value for ${def.name} is longer than ${MAX_STRING} characters.`,
        );
      if (def.name === 'email') {
        const email = text.trim().toLowerCase();
        return EMAIL.test(email)
          ? { ok: true, value: email }
          : bad('INVALID_EMAIL', `Email address ${text} is invalid`);
      }
      return { ok: true, value: text };
    case 'number': {
      const n = Number(text.trim());
      return text.trim() !== '' && Number.isFinite(n)
        ? { ok: true, value: String(n) }
        : bad('INVALID_DOUBLE', `${text} was not a valid number.`);
    }
    case 'bool': {
      const lower = text.toLowerCase();
      return lower === 'true' || lower === 'false'
        ? { ok: true, value: lower }
        : bad('INVALID_OPTION', `${text} was not one of the allowed options: [true, false]`);
    }
    case 'enumeration':
      return enumeration(def, text, ownerIds);
    case 'date':
      return date(def.name, text);
    case 'datetime':
      return datetime(def.name, text);
  }
}

function enumeration(
  def: PropertyDefinition,
  text: string,
  ownerIds: ReadonlySet<string>,
): NormalizedValue {
  const allowed =
    def.referencedObjectType === 'OWNER' ? [...ownerIds] : def.options.map((o) => o.value);
  // A checkbox holds several options separated by semicolons.
  const parts = def.fieldType === 'checkbox' ? text.split(';').filter((p) => p !== '') : [text];
  for (const part of parts) {
    if (!allowed.includes(part)) {
      const shown =
        def.referencedObjectType === 'OWNER' ? allowed : def.options.map((o) => o.label);
      return {
        ok: false,
        problem: problem(
          def.name,
          'INVALID_OPTION',
          `${part} was not one of the allowed options: [${shown.join(', ')}]`,
        ),
      };
    }
  }
  return { ok: true, value: parts.join(';') };
}

/** Date properties take `YYYY-MM-DD` or epoch milliseconds at midnight UTC; stored as `YYYY-MM-DD`. */
function date(name: string, text: string): NormalizedValue {
  const instant = parseInstant(text);
  if (instant === undefined)
    return { ok: false, problem: problem(name, 'INVALID_DATE', `${text} was not a valid date.`) };
  const d = new Date(instant);
  if (d.getUTCHours() || d.getUTCMinutes() || d.getUTCSeconds() || d.getUTCMilliseconds()) {
    // HubSpot's wording for a date that is not at midnight UTC.
    const at = `${d.getUTCHours()}:${d.getUTCMinutes()}:${d.getUTCSeconds()}.${d.getUTCMilliseconds()}`;
    return {
      ok: false,
      problem: problem(name, 'INVALID_DATE', `${text} is at ${at} UTC, not midnight!`),
    };
  }
  return { ok: true, value: d.toISOString().slice(0, 10) };
}

/** Datetime properties take an ISO 8601 instant, a `YYYY-MM-DD` (midnight UTC) or epoch ms. */
function datetime(name: string, text: string): NormalizedValue {
  const instant = parseInstant(text);
  if (instant === undefined)
    return {
      ok: false,
      problem: problem(name, 'INVALID_DATETIME', `${text} was not a valid datetime.`),
    };
  return { ok: true, value: new Date(instant).toISOString() };
}

/**
 * Epoch ms for `YYYY-MM-DD`, an ISO instant with a zone, or a string of digits; undefined
 * otherwise. Also used by search to compare date and datetime filter values.
 */
export function parseInstant(text: string): number | undefined {
  const trimmed = text.trim();
  if (DIGITS.test(trimmed)) return Number(trimmed);
  const ymd = ISO_DATE.exec(trimmed);
  if (ymd) {
    const ms = Date.UTC(Number(ymd[1]), Number(ymd[2]) - 1, Number(ymd[3]));
    return new Date(ms).toISOString().slice(0, 10) === trimmed ? ms : undefined;
  }
  // An instant must carry its zone (Z or an offset): a local date-time is ambiguous.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(trimmed))
    return undefined;
  const ms = Date.parse(trimmed);
  return Number.isNaN(ms) ? undefined : ms;
}
