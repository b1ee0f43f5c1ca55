import type { Clock } from '../../../lib/clock.ts';
import { notFoundError, validationError } from '../http-error.ts';
import type { ContactStore, ValueVersion } from './contact-store.ts';
import {
  REQUIRED_ON_CREATE,
  TO_CONTACT_TYPE_ID,
  engagementProperties,
  type EngagementType,
} from './engagement-schemas.ts';
import type { PropertyDefinition } from './property-definitions.ts';
import { doesNotExist, normalizeValue, problem, type ValueProblem } from './property-values.ts';

export interface EngagementRecord {
  id: string;
  type: EngagementType;
  values: Map<string, string>;
  history: Map<string, ValueVersion[]>;
  /** Ids of the contacts this object is associated with. */
  contactIds: Set<string>;
  createdAt: Date;
  updatedAt: Date;
  archived: boolean;
}

export interface AssociationInput {
  to: { id: string };
  types: { associationCategory: string; associationTypeId: number }[];
}

/** The properties every engagement read returns (HubSpot's defaults for activities). */
export const ENGAGEMENT_ALWAYS = ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'] as const;

/** One kind of timeline object (communications, tasks or calls) with its contact associations. */
export class EngagementStore {
  private readonly records = new Map<string, EngagementRecord>();
  private readonly defs: Map<string, PropertyDefinition>;
  private lastId: number;

  constructor(
    readonly type: EngagementType,
    private readonly contacts: ContactStore,
    private readonly ownerIds: () => ReadonlySet<string>,
    private readonly clock: Clock,
    firstId: number,
  ) {
    this.defs = engagementProperties(type, clock.now());
    this.lastId = firstId - 1;
  }

  get(id: string): EngagementRecord | undefined {
    const record = this.records.get(id);
    return record && !record.archived ? record : undefined;
  }

  list(): EngagementRecord[] {
    return [...this.records.values()].filter((r) => !r.archived);
  }

  create(
    properties: Record<string, unknown>,
    associations: readonly AssociationInput[],
  ): EngagementRecord {
    const values = this.normalize(properties, true);
    const contactIds = this.checkAssociations(associations);
    const at = this.clock.now();
    this.lastId += 1;
    const id = String(this.lastId);
    const record: EngagementRecord = {
      id,
      type: this.type,
      values: new Map(),
      history: new Map(),
      contactIds,
      createdAt: at,
      updatedAt: at,
      archived: false,
    };
    values.set('hs_object_id', id);
    values.set('hs_createdate', at.toISOString());
    this.write(record, values, at);
    this.records.set(id, record);
    return record;
  }

  update(id: string, properties: Record<string, unknown>): EngagementRecord {
    const record = this.get(id);
    if (!record) throw notFoundError();
    this.write(record, this.normalize(properties, false), this.clock.now());
    return record;
  }

  private write(record: EngagementRecord, values: Map<string, string | null>, at: Date): void {
    for (const [name, value] of values) {
      if (value === null) record.values.delete(name);
      else record.values.set(name, value);
      const versions = record.history.get(name) ?? [];
      versions.unshift({ value: value ?? '', timestamp: at, sourceType: 'API' });
      record.history.set(name, versions);
    }
    record.updatedAt = at;
    record.values.set('hs_lastmodifieddate', at.toISOString());
  }

  private normalize(
    properties: Record<string, unknown>,
    creating: boolean,
  ): Map<string, string | null> {
    const problems: ValueProblem[] = [];
    const values = new Map<string, string | null>();
    for (const [name, raw] of Object.entries(properties)) {
      const def = this.defs.get(name);
      if (!def) {
        problems.push(doesNotExist(name));
        continue;
      }
      const result = normalizeValue(def, raw, this.ownerIds());
      if (result.ok) values.set(name, result.value);
      else problems.push(result.problem);
    }
    if (creating) {
      for (const name of REQUIRED_ON_CREATE) {
        if ((values.get(name) ?? null) === null)
          problems.push(problem(name, 'REQUIRED_PROPERTY', `${name} is required`));
      }
    }
    if (problems.length > 0) {
      throw validationError(`Property values were not valid: ${JSON.stringify(problems)}`, {
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

  private checkAssociations(associations: readonly AssociationInput[]): Set<string> {
    const ids = new Set<string>();
    for (const association of associations) {
      const typeIds = association.types.map((t) => t.associationTypeId);
      const wanted = TO_CONTACT_TYPE_ID[this.type];
      if (
        !typeIds.includes(wanted) ||
        association.types.some((t) => t.associationCategory !== 'HUBSPOT_DEFINED')
      ) {
        // The sandbox knows only contact associations; wording unconfirmed.
        throw validationError(
          `Association type ${typeIds.join(', ')} is not a valid ${this.type} to contact association; use HUBSPOT_DEFINED ${wanted}`,
        );
      }
      if (!this.contacts.get(association.to.id)) {
        throw validationError(
          `One or more associations are invalid: contact ${association.to.id} does not exist`,
        );
      }
      ids.add(association.to.id);
    }
    return ids;
  }
}
