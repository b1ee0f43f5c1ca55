import { ALWAYS_RETURNED, DEFAULT_CONTACT_PROPERTIES } from './standard-properties.ts';

/** One value a property held, newest first in a record's history (the `ValueWithTimestamp` model). */
export interface ValueVersion {
  value: string;
  timestamp: Date;
  sourceType: string;
}

export interface ContactRecord {
  id: string;
  values: Map<string, string>;
  history: Map<string, ValueVersion[]>;
  createdAt: Date;
  updatedAt: Date;
  archived: boolean;
  archivedAt?: Date;
}

/** A read-only copy of a contact for tests: property values as HubSpot returns them (strings). */
export interface ContactSnapshot {
  id: string;
  properties: Record<string, string>;
  createdAt: Date;
  updatedAt: Date;
  archived: boolean;
}

/** One value change a write made, for webhooks and tests. */
export interface ContactChange {
  id: string;
  propertyName: string;
  value: string | null;
}

/**
 * The contacts of the sandbox portal with the indexes HubSpot enforces: emails unique across live
 * contacts (case-insensitive; HubSpot stores them lower-cased) and each unique-value property.
 */
export class ContactStore {
  private readonly records = new Map<string, ContactRecord>();
  private readonly unique = new Map<string, Map<string, string>>();
  private lastId = 100;

  /** Ids this store would hand out next, without taking them (batch planning). */
  peekIds(count: number): string[] {
    return Array.from({ length: count }, (_, i) => String(this.lastId + 1 + i));
  }

  get(id: string, options: { archived?: boolean } = {}): ContactRecord | undefined {
    const record = this.records.get(id);
    if (!record) return undefined;
    return record.archived === (options.archived ?? false) ? record : undefined;
  }

  /** The live contact holding `value` for a unique property (email compared case-insensitively). */
  findByUnique(property: string, value: string): ContactRecord | undefined {
    const key = property === 'email' ? value.trim().toLowerCase() : value;
    const id = this.unique.get(property)?.get(key);
    return id === undefined ? undefined : this.get(id);
  }

  /** Live contacts in id order (ids grow with creation). */
  live(): ContactRecord[] {
    return [...this.records.values()].filter((r) => !r.archived);
  }

  /** Archived contacts in id order (what `archived=true` reads). */
  archived(): ContactRecord[] {
    return [...this.records.values()].filter((r) => r.archived);
  }

  /** Adds a contact under the next id; the caller has validated `values`. */
  insert(values: Map<string, string>, at: Date, sourceType: string): ContactRecord {
    this.lastId += 1;
    const id = String(this.lastId);
    const record: ContactRecord = {
      id,
      values: new Map(),
      history: new Map(),
      createdAt: at,
      updatedAt: at,
      archived: false,
    };
    this.records.set(id, record);
    const initial = new Map(values);
    initial.set('hs_object_id', id);
    if (!initial.has('createdate')) initial.set('createdate', at.toISOString());
    this.write(record, initial, at, sourceType);
    return record;
  }

  /** Sets (or, with null, clears) values; returns the properties whose value changed. */
  write(
    record: ContactRecord,
    changes: Map<string, string | null>,
    at: Date,
    sourceType: string,
  ): ContactChange[] {
    const changed: ContactChange[] = [];
    for (const [name, value] of changes) {
      const before = record.values.get(name);
      if ((before ?? null) === value) continue;
      this.unindex(name, before, record.id);
      if (value === null) record.values.delete(name);
      else {
        record.values.set(name, value);
        this.index(name, value, record.id);
      }
      const versions = record.history.get(name) ?? [];
      versions.unshift({ value: value ?? '', timestamp: at, sourceType });
      record.history.set(name, versions);
      changed.push({ id: record.id, propertyName: name, value });
    }
    record.updatedAt = at;
    record.values.set('lastmodifieddate', at.toISOString());
    return changed;
  }

  /** Archives (HubSpot's "delete"): the contact leaves reads and its unique values are free again. */
  archive(id: string, at: Date): boolean {
    const record = this.get(id);
    if (!record) return false;
    for (const [name, value] of record.values) this.unindex(name, value, id);
    record.archived = true;
    record.archivedAt = at;
    return true;
  }

  /** Removes a contact for good (a GDPR deletion). */
  purge(id: string): boolean {
    const record = this.records.get(id);
    if (!record) return false;
    if (!record.archived) for (const [name, value] of record.values) this.unindex(name, value, id);
    this.records.delete(id);
    return true;
  }

  /** Declares which properties carry a uniqueness index (email always does). */
  trackUnique(property: string): void {
    if (this.unique.has(property)) return;
    const index = new Map<string, string>();
    this.unique.set(property, index);
    for (const record of this.live()) {
      const value = record.values.get(property);
      if (value !== undefined)
        index.set(property === 'email' ? value.toLowerCase() : value, record.id);
    }
  }

  private index(name: string, value: string, id: string): void {
    this.unique.get(name)?.set(name === 'email' ? value.toLowerCase() : value, id);
  }

  private unindex(name: string, value: string | undefined, id: string): void {
    if (value === undefined) return;
    const index = this.unique.get(name);
    const key = name === 'email' ? value.toLowerCase() : value;
    if (index?.get(key) === id) index.delete(key);
  }
}

export function snapshot(record: ContactRecord): ContactSnapshot {
  return {
    id: record.id,
    properties: Object.fromEntries(record.values),
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    archived: record.archived,
  };
}

/**
 * A record as HubSpot's `SimplePublicObject` JSON. `requested` names the properties to return
 * (unset: HubSpot's defaults); a requested property without a value comes back as null (or
 * `missing`), and the id, create and modified dates always come back.
 */
export function objectJson(
  record: Pick<
    ContactRecord,
    'id' | 'values' | 'history' | 'createdAt' | 'updatedAt' | 'archived' | 'archivedAt'
  >,
  requested: readonly string[] | undefined,
  options: {
    withHistory?: readonly string[];
    defaults?: readonly string[];
    always?: readonly string[];
    missing?: null | '';
  } = {},
): Record<string, unknown> {
  const {
    withHistory = [],
    defaults = DEFAULT_CONTACT_PROPERTIES,
    always = ALWAYS_RETURNED,
  } = options;
  // SimplePublicObject allows null for a property without a value; SimplePublicUpsertObject does
  // not (its properties are `string`), so upsert results say '' instead.
  const missing = options.missing === undefined ? null : options.missing;
  const names = new Set([...(requested && requested.length > 0 ? requested : defaults), ...always]);
  const properties: Record<string, string | null> = {};
  for (const name of [...names].sort()) properties[name] = record.values.get(name) ?? missing;
  const json: Record<string, unknown> = {
    id: record.id,
    properties,
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
    archived: record.archived,
  };
  if (record.archivedAt) json['archivedAt'] = record.archivedAt.toISOString();
  if (withHistory.length > 0) {
    const history: Record<string, unknown[]> = {};
    for (const name of withHistory) {
      history[name] = (record.history.get(name) ?? []).map((v) => ({
        value: v.value,
        timestamp: v.timestamp.toISOString(),
        sourceType: v.sourceType,
      }));
    }
    json['propertiesWithHistory'] = history;
  }
  return json;
}
