import type { Clock } from '../../../lib/clock.ts';
import { HubSpotApiError, errorBody, notFoundError, validationError } from '../http-error.ts';
import {
  FIELD_TYPES_BY_TYPE,
  PROPERTY_TYPES,
  type GroupDefinition,
  type OptionDefinition,
  type PropertyDefinition,
  type PropertyType,
} from './property-definitions.ts';
import { STANDARD_GROUPS, standardProperties } from './standard-properties.ts';

export interface PropertyCreateInput {
  name: string;
  label: string;
  type: string;
  fieldType: string;
  groupName: string;
  description?: string | undefined;
  options?: OptionDefinition[] | undefined;
  displayOrder?: number | undefined;
  hasUniqueValue?: boolean | undefined;
  hidden?: boolean | undefined;
  formField?: boolean | undefined;
}

export type PropertyUpdateInput = Partial<
  Pick<
    PropertyCreateInput,
    'label' | 'type' | 'fieldType' | 'groupName' | 'description' | 'options' | 'displayOrder'
  > & { hidden: boolean; formField: boolean }
>;

// HubSpot allows ten unique-value properties per object (properties guide, "unique identifier").
const MAX_UNIQUE_PROPERTIES = 10;
const NAME = /^[a-z][a-z0-9_]*$/;
const GROUP_NAME = /^[a-z0-9_]+$/;

function alreadyExists(message: string): HubSpotApiError {
  // 409 with category OBJECT_ALREADY_EXISTS is what integrations key on for a duplicate property;
  // the exact wording of HubSpot's message is unconfirmed.
  return new HubSpotApiError(409, { ...errorBody({ message, category: 'OBJECT_ALREADY_EXISTS' }) });
}

/** The contact property schema of the sandbox portal: groups and property definitions. */
export class PropertyStore {
  private readonly props = new Map<string, PropertyDefinition>();
  private readonly groupMap = new Map<string, GroupDefinition>();

  constructor(private readonly clock: Clock) {
    for (const group of STANDARD_GROUPS) this.groupMap.set(group.name, { ...group });
    for (const def of standardProperties(clock.now())) this.props.set(def.name, def);
  }

  /** A live (not archived) property, or undefined. */
  get(name: string): PropertyDefinition | undefined {
    const def = this.props.get(name);
    return def && !def.archived ? def : undefined;
  }

  list(options: { archived?: boolean } = {}): PropertyDefinition[] {
    return [...this.props.values()].filter((p) => p.archived === (options.archived ?? false));
  }

  getGroup(name: string): GroupDefinition | undefined {
    return this.groupMap.get(name);
  }

  listGroups(): GroupDefinition[] {
    return [...this.groupMap.values()].filter((g) => !g.archived);
  }

  createGroup(input: {
    name: string;
    label: string;
    displayOrder?: number | undefined;
  }): GroupDefinition {
    if (!GROUP_NAME.test(input.name)) {
      throw validationError(
        `Invalid group name ${input.name}: group names may contain only lower-case letters, digits and underscores`,
      );
    }
    if (this.groupMap.has(input.name)) throw alreadyExists(`Group ${input.name} already exists`);
    const group = {
      name: input.name,
      label: input.label,
      displayOrder: input.displayOrder ?? -1,
      archived: false,
    };
    this.groupMap.set(group.name, group);
    return group;
  }

  updateGroup(
    name: string,
    input: { label?: string | undefined; displayOrder?: number | undefined },
  ) {
    const group = this.groupMap.get(name);
    if (!group || group.archived) throw notFoundError(`Group ${name} does not exist`);
    if (input.label !== undefined) group.label = input.label;
    if (input.displayOrder !== undefined) group.displayOrder = input.displayOrder;
    return group;
  }

  create(input: PropertyCreateInput): PropertyDefinition {
    if (!NAME.test(input.name) || input.name.startsWith('hs_')) {
      throw validationError(
        `Invalid property name ${input.name}: names start with a letter, contain only lower-case letters, digits and underscores, and may not start with hs_`,
      );
    }
    if (this.props.has(input.name)) throw alreadyExists(`Property ${input.name} already exists`);
    const type = checkTypes(input.type, input.fieldType);
    this.requireGroup(input.groupName);
    const hasUniqueValue = input.hasUniqueValue ?? false;
    if (hasUniqueValue) {
      if (type !== 'string' && type !== 'number') {
        throw validationError(
          `Property ${input.name}: only string and number properties can require unique values`,
        );
      }
      const unique = this.list().filter((p) => p.hasUniqueValue && !p.hubspotDefined).length;
      if (unique >= MAX_UNIQUE_PROPERTIES) {
        throw validationError(
          `Cannot create more than ${MAX_UNIQUE_PROPERTIES} unique value properties`,
        );
      }
    }
    const at = this.clock.now();
    const def: PropertyDefinition = {
      name: input.name,
      label: input.label,
      description: input.description ?? '',
      groupName: input.groupName,
      type,
      fieldType: input.fieldType,
      options: checkOptions(input.name, type, input.options),
      displayOrder: input.displayOrder ?? -1,
      hasUniqueValue,
      hidden: input.hidden ?? false,
      formField: input.formField ?? false,
      hubspotDefined: false,
      readOnlyValue: false,
      readOnlyDefinition: false,
      createdAt: at,
      updatedAt: at,
      archived: false,
    };
    this.props.set(def.name, def);
    return def;
  }

  update(name: string, input: PropertyUpdateInput): PropertyDefinition {
    const def = this.get(name);
    if (!def) throw notFoundError(`Property ${name} does not exist`);
    if (def.readOnlyDefinition)
      throw validationError(`Property ${name} is a HubSpot-defined property and cannot be changed`);
    const type = checkTypes(input.type ?? def.type, input.fieldType ?? def.fieldType);
    if (input.groupName !== undefined) this.requireGroup(input.groupName);
    if (def.hasUniqueValue && type !== def.type) {
      throw validationError(`Property ${name} requires unique values; its type cannot change`);
    }
    const options =
      input.options !== undefined || type !== def.type
        ? checkOptions(name, type, input.options ?? def.options)
        : def.options;
    Object.assign(def, {
      ...definedOnly({
        label: input.label,
        description: input.description,
        groupName: input.groupName,
      }),
      ...definedOnly({
        displayOrder: input.displayOrder,
        hidden: input.hidden,
        formField: input.formField,
      }),
      type,
      fieldType: input.fieldType ?? def.fieldType,
      options,
      updatedAt: this.clock.now(),
    });
    return def;
  }

  archive(name: string): void {
    const def = this.get(name);
    if (!def) throw notFoundError(`Property ${name} does not exist`);
    if (def.hubspotDefined)
      throw validationError(
        `Property ${name} is a HubSpot-defined property and cannot be archived`,
      );
    def.archived = true;
    def.archivedAt = this.clock.now();
  }

  private requireGroup(name: string): void {
    const group = this.groupMap.get(name);
    if (!group || group.archived) throw validationError(`Property group ${name} does not exist`);
  }
}

function checkTypes(type: string, fieldType: string): PropertyType {
  const known = PROPERTY_TYPES.find((t) => t === type);
  if (!known)
    throw validationError(
      `Invalid property type ${type}; expected one of ${PROPERTY_TYPES.join(', ')}`,
    );
  if (!FIELD_TYPES_BY_TYPE[known].includes(fieldType)) {
    throw validationError(
      `Invalid fieldType ${fieldType} for a property of type ${type}; expected one of ${FIELD_TYPES_BY_TYPE[known].join(', ')}`,
    );
  }
  return known;
}

function checkOptions(
  name: string,
  type: PropertyType,
  options: OptionDefinition[] | undefined,
): OptionDefinition[] {
  if (type === 'bool') {
    // HubSpot stores a bool as an enumeration of true/false whatever options the caller sent.
    return [
      { label: 'Yes', value: 'true', displayOrder: 0, hidden: false },
      { label: 'No', value: 'false', displayOrder: 1, hidden: false },
    ];
  }
  if (type !== 'enumeration') return [];
  const list = options ?? [];
  const seen = new Set<string>();
  for (const option of list) {
    if (option.value === '' || option.label === '') {
      throw validationError(`Property ${name}: every option needs a label and a value`);
    }
    if (seen.has(option.value))
      throw validationError(`Property ${name}: duplicate option value ${option.value}`);
    seen.add(option.value);
  }
  return list.map((o, i) => ({
    ...o,
    hidden: o.hidden ?? false,
    displayOrder: o.displayOrder ?? i,
  }));
}

function definedOnly<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(values).filter(([, v]) => v !== undefined),
  ) as Partial<T>;
}
