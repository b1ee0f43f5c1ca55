import type { Client } from '@hubspot/api-client';
import type {
  PropertyCreate,
  PropertyUpdate,
} from '@hubspot/api-client/lib/codegen/crm/properties/index.js';
import { HubSpotRejectedError, withHubSpotRetry } from './hubspot-errors.ts';
import { PROPERTIES, PROPERTY_GROUP, type PropertyDefinition } from './property-schema.ts';

export interface SetupReport {
  group: 'created' | 'exists';
  created: string[];
  unchanged: string[];
  /** Enumeration options we added to a property that existed without them. */
  optionsAdded: { property: string; values: string[] }[];
  /** Properties that exist with another type (or without a unique value): left alone, to fix by hand. */
  conflicts: { property: string; expected: string; found: string }[];
}

interface ExistingProperty {
  name: string;
  type: string;
  fieldType: string;
  hasUniqueValue?: boolean;
  options?: {
    value: string;
    label: string;
    hidden?: boolean;
    displayOrder?: number;
    description?: string;
  }[];
}

/**
 * Creates the `patient_reactivation` group and every property the product needs, and nothing else.
 * Idempotent: what exists is left as a HubSpot user may have edited it (labels, descriptions,
 * option labels, option order); only enumeration options that are missing are added. A property
 * that exists with another type is reported, never changed.
 */
export async function setupProperties(client: Client): Promise<SetupReport> {
  const report: SetupReport = {
    group: 'exists',
    created: [],
    unchanged: [],
    optionsAdded: [],
    conflicts: [],
  };
  const groups = await withHubSpotRetry(() => client.crm.properties.groupsApi.getAll('contacts'));
  if (!groups.results.some((g) => g.name === PROPERTY_GROUP.name)) {
    await createIgnoringConflict(() =>
      client.crm.properties.groupsApi.create('contacts', PROPERTY_GROUP),
    );
    report.group = 'created';
  }
  const all = await withHubSpotRetry(() => client.crm.properties.coreApi.getAll('contacts'));
  const existing = new Map(all.results.map((p) => [p.name, p as unknown as ExistingProperty]));
  for (const definition of PROPERTIES) {
    const found = existing.get(definition.name);
    if (!found) {
      await createIgnoringConflict(() =>
        client.crm.properties.coreApi.create('contacts', toCreate(definition)),
      );
      report.created.push(definition.name);
      continue;
    }
    const conflict = conflictOf(definition, found);
    if (conflict) {
      report.conflicts.push({ property: definition.name, ...conflict });
      continue;
    }
    const missing = (definition.options ?? []).filter(
      (o) => !(found.options ?? []).some((e) => e.value === o.value),
    );
    if (missing.length === 0) {
      report.unchanged.push(definition.name);
      continue;
    }
    const kept = (found.options ?? []).map((o) => ({
      value: o.value,
      label: o.label,
      hidden: o.hidden ?? false,
      ...(o.displayOrder !== undefined ? { displayOrder: o.displayOrder } : {}),
      ...(o.description ? { description: o.description } : {}),
    }));
    const added = missing.map((o, i) => ({
      value: o.value,
      label: o.label,
      hidden: false,
      displayOrder: kept.length + i,
    }));
    const update = { options: [...kept, ...added] } as unknown as PropertyUpdate;
    await withHubSpotRetry(() =>
      client.crm.properties.coreApi.update('contacts', definition.name, update),
    );
    report.optionsAdded.push({ property: definition.name, values: missing.map((o) => o.value) });
  }
  return report;
}

function toCreate(d: PropertyDefinition): PropertyCreate {
  return {
    name: d.name,
    label: d.label,
    description: d.description,
    groupName: PROPERTY_GROUP.name,
    type: d.type,
    fieldType: d.fieldType,
    ...(d.hasUniqueValue ? { hasUniqueValue: true } : {}),
    ...(d.options
      ? {
          options: d.options.map((o, i) => ({
            value: o.value,
            label: o.label,
            hidden: false,
            displayOrder: i,
          })),
        }
      : {}),
  } as unknown as PropertyCreate;
}

function conflictOf(
  d: PropertyDefinition,
  found: ExistingProperty,
): { expected: string; found: string } | undefined {
  if (found.type !== d.type) return { expected: `type ${d.type}`, found: `type ${found.type}` };
  if (d.hasUniqueValue && !found.hasUniqueValue)
    return { expected: 'unique values', found: 'values not unique' };
  return undefined;
}

/** Creation is not idempotent in HubSpot (409 when it exists): a concurrent setup that won is fine. */
async function createIgnoringConflict(create: () => Promise<unknown>): Promise<void> {
  try {
    await withHubSpotRetry(create);
  } catch (error) {
    if (error instanceof HubSpotRejectedError && error.httpStatus === 409) return;
    throw error;
  }
}
