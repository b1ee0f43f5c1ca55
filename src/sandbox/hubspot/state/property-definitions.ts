/**
 * Contact property and group definitions as the sandbox keeps them, and their HubSpot JSON
 * (the api-client's `Property` and `PropertyGroup` models).
 */

export const PROPERTY_TYPES = [
  'string',
  'number',
  'date',
  'datetime',
  'enumeration',
  'bool',
] as const;
export type PropertyType = (typeof PROPERTY_TYPES)[number];

/**
 * Which field types each type accepts (HubSpot's properties guide: "type" is the data, "fieldType"
 * how it is shown; bool is a booleancheckbox, date and datetime use the date picker).
 */
export const FIELD_TYPES_BY_TYPE: Record<PropertyType, readonly string[]> = {
  string: ['text', 'textarea', 'html', 'phonenumber', 'file'],
  number: ['number'],
  date: ['date'],
  datetime: ['date'],
  enumeration: ['select', 'radio', 'checkbox', 'booleancheckbox'],
  bool: ['booleancheckbox'],
};

export interface OptionDefinition {
  label: string;
  value: string;
  description?: string;
  displayOrder?: number;
  hidden: boolean;
}

export interface PropertyDefinition {
  name: string;
  label: string;
  description: string;
  groupName: string;
  type: PropertyType;
  fieldType: string;
  options: OptionDefinition[];
  displayOrder: number;
  hasUniqueValue: boolean;
  hidden: boolean;
  formField: boolean;
  hubspotDefined: boolean;
  /** HubSpot's `modificationMetadata.readOnlyValue`: the API may not write it. */
  readOnlyValue: boolean;
  readOnlyDefinition: boolean;
  /** Set for hubspot_owner_id: values are owner ids, options come from the owners list. */
  referencedObjectType?: 'OWNER';
  createdAt: Date;
  updatedAt: Date;
  archived: boolean;
  archivedAt?: Date;
}

export interface GroupDefinition {
  name: string;
  label: string;
  displayOrder: number;
  archived: boolean;
}

/** The `Property` JSON HubSpot returns (every attribute the model marks required is present). */
export function propertyJson(def: PropertyDefinition): Record<string, unknown> {
  const json: Record<string, unknown> = {
    updatedAt: def.updatedAt.toISOString(),
    createdAt: def.createdAt.toISOString(),
    name: def.name,
    label: def.label,
    type: def.type,
    fieldType: def.fieldType,
    description: def.description,
    groupName: def.groupName,
    options: def.options.map((option, index) => ({
      label: option.label,
      value: option.value,
      ...(option.description !== undefined ? { description: option.description } : {}),
      displayOrder: option.displayOrder ?? index,
      hidden: option.hidden,
    })),
    displayOrder: def.displayOrder,
    calculated: false,
    externalOptions: def.referencedObjectType !== undefined,
    hasUniqueValue: def.hasUniqueValue,
    hidden: def.hidden,
    hubspotDefined: def.hubspotDefined,
    modificationMetadata: {
      archivable: !def.hubspotDefined,
      readOnlyDefinition: def.readOnlyDefinition,
      readOnlyValue: def.readOnlyValue,
    },
    formField: def.formField,
    archived: def.archived,
  };
  if (def.referencedObjectType) json['referencedObjectType'] = def.referencedObjectType;
  if (def.archivedAt) json['archivedAt'] = def.archivedAt.toISOString();
  return json;
}

export function groupJson(group: GroupDefinition): Record<string, unknown> {
  return {
    name: group.name,
    label: group.label,
    displayOrder: group.displayOrder,
    archived: group.archived,
  };
}
