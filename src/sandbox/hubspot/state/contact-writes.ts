import type { Clock } from '../../../lib/clock.ts';
import { conflictError, validationError } from '../http-error.ts';
import type { ContactChange, ContactRecord, ContactStore } from './contact-store.ts';
import type { PropertyStore } from './property-store.ts';
import { doesNotExist, normalizeValue, readOnly, type ValueProblem } from './property-values.ts';

/** One contact write of a request: a create, or an update of an existing contact. */
export interface ContactWrite {
  /** The existing contact to update; absent for a create. */
  target?: ContactRecord;
  properties: Record<string, unknown>;
  /** The input's id as the caller sent it, to name it in an error. */
  inputId?: string;
}

export interface WriteResult {
  record: ContactRecord;
  created: boolean;
  changes: ContactChange[];
}

interface Planned {
  write: ContactWrite;
  values: Map<string, string | null>;
  id: string;
}

/**
 * Applies a batch of contact writes the way HubSpot treats a batch write: every input is checked
 * first and one invalid input fails the whole batch (400 for a bad value, 409 for an email or a
 * unique value already held by another contact); nothing is written unless all inputs pass.
 */
export class ContactWriter {
  constructor(
    private readonly contacts: ContactStore,
    private readonly properties: PropertyStore,
    private readonly ownerIds: () => ReadonlySet<string>,
    private readonly clock: Clock,
  ) {
    contacts.trackUnique('email');
  }

  apply(writes: readonly ContactWrite[], sourceType: string): WriteResult[] {
    const planned = this.plan(writes);
    const at = this.clock.now();
    return planned.map(({ write, values }) => {
      if (write.target) {
        return {
          record: write.target,
          created: false,
          changes: this.contacts.write(write.target, values, at, sourceType),
        };
      }
      const nonEmpty = new Map([...values].filter((e): e is [string, string] => e[1] !== null));
      const record = this.contacts.insert(nonEmpty, at, sourceType);
      return { record, created: true, changes: [] };
    });
  }

  private plan(writes: readonly ContactWrite[]): Planned[] {
    const newIds = this.contacts.peekIds(writes.filter((w) => !w.target).length);
    const planned: Planned[] = [];
    for (const write of writes) {
      const values = this.normalize(write);
      planned.push({ write, values, id: write.target?.id ?? newIds.shift() ?? '' });
    }
    this.checkUnique(planned);
    return planned;
  }

  private normalize(write: ContactWrite): Map<string, string | null> {
    const problems: ValueProblem[] = [];
    const values = new Map<string, string | null>();
    for (const [name, raw] of Object.entries(write.properties)) {
      const def = this.properties.get(name);
      if (!def) {
        problems.push(doesNotExist(name));
        continue;
      }
      if (def.readOnlyValue) {
        problems.push(readOnly(name));
        continue;
      }
      const result = normalizeValue(def, raw, this.ownerIds());
      if (result.ok) values.set(name, result.value);
      else problems.push(result.problem);
    }
    if (problems.length > 0) {
      // HubSpot serialises the per-property list into the message; `errors` and `context` repeat
      // it in structured form (the sandbox's addition: code must not depend on them).
      throw validationError(`Property values were not valid: ${JSON.stringify(problems)}`, {
        ...(write.inputId !== undefined ? { context: { ids: [write.inputId] } } : {}),
        errors: problems.map((p) => ({
          message: p.message,
          code: p.error,
          in: p.name,
          context: { propertyName: [p.name] },
        })),
      });
    }
    return values;
  }

  /** Email and unique-value properties: against live contacts and earlier inputs of the batch. */
  private checkUnique(planned: readonly Planned[]): void {
    const uniqueNames = [
      'email',
      ...this.properties
        .list()
        .filter((p) => p.hasUniqueValue && p.name !== 'hs_object_id')
        .map((p) => p.name),
    ];
    for (const name of uniqueNames) {
      this.contacts.trackUnique(name);
      const claimed = new Map<string, string>();
      // What the batch frees: a contact moving off a value lets a later input take it.
      const leaving = new Set<string>();
      for (const p of planned) {
        const next = p.values.get(name);
        const before = p.write.target?.values.get(name);
        if (next !== undefined && before !== undefined && next !== before)
          leaving.add(key(name, before));
      }
      for (const p of planned) {
        const value = p.values.get(name);
        if (value === undefined || value === null) continue;
        const k = key(name, value);
        const holder =
          claimed.get(k) ??
          (leaving.has(k) ? undefined : this.contacts.findByUnique(name, value)?.id);
        if (holder !== undefined && holder !== p.id)
          throw uniqueConflict(name, value, holder, p.write.inputId);
        claimed.set(k, p.id);
      }
    }
  }
}

function key(name: string, value: string): string {
  return name === 'email' ? value.toLowerCase() : value;
}

function uniqueConflict(name: string, value: string, holder: string, inputId: string | undefined) {
  const context = inputId !== undefined ? { context: { ids: [inputId] } } : {};
  if (name === 'email') {
    // HubSpot's exact 409 for a second contact with an email in use (HubSpot/hubspot-api-nodejs#545,
    // hubspot-api-python#51: the same body for single and batch creates).
    return conflictError(`Contact already exists. Existing ID: ${holder}`, context);
  }
  // The wording for a unique-value property clash is unconfirmed; status and category follow email.
  return conflictError(
    `A contact with the value "${value}" for unique property "${name}" already exists. Existing ID: ${holder}`,
    context,
  );
}
