import type {
  GroupDefinition,
  OptionDefinition,
  PropertyDefinition,
  PropertyType,
} from './property-definitions.ts';

/**
 * HubSpot's own contact properties that the project reads or writes, as a new portal has them
 * (names, types and groups as HubSpot's default contact properties list them).
 */

export const STANDARD_GROUPS: readonly GroupDefinition[] = [
  { name: 'contactinformation', label: 'Contact information', displayOrder: 0, archived: false },
  { name: 'emailinformation', label: 'Email information', displayOrder: 1, archived: false },
];

// A subset of hs_language's options (HubSpot's values are lower-case language tags).
const LANGUAGES: ReadonlyArray<[string, string]> = [
  ['ar', 'Arabic'],
  ['zh-cn', 'Chinese - Simplified'],
  ['zh-tw', 'Chinese - Traditional'],
  ['nl', 'Dutch'],
  ['en', 'English'],
  ['fr', 'French'],
  ['de', 'German'],
  ['it', 'Italian'],
  ['ja', 'Japanese'],
  ['ko', 'Korean'],
  ['pl', 'Polish'],
  ['pt', 'Portuguese'],
  ['pt-br', 'Portuguese - Brazil'],
  ['ru', 'Russian'],
  ['es', 'Spanish'],
  ['es-mx', 'Spanish - Mexico'],
  ['tl', 'Tagalog'],
  ['vi', 'Vietnamese'],
];

interface Seed {
  name: string;
  label: string;
  type: PropertyType;
  fieldType: string;
  groupName?: string;
  options?: OptionDefinition[];
  hasUniqueValue?: boolean;
  readOnlyValue?: boolean;
  referencedObjectType?: 'OWNER';
}

const SEEDS: readonly Seed[] = [
  { name: 'firstname', label: 'First Name', type: 'string', fieldType: 'text' },
  { name: 'lastname', label: 'Last Name', type: 'string', fieldType: 'text' },
  { name: 'email', label: 'Email', type: 'string', fieldType: 'text' },
  { name: 'mobilephone', label: 'Mobile Phone Number', type: 'string', fieldType: 'phonenumber' },
  { name: 'phone', label: 'Phone Number', type: 'string', fieldType: 'phonenumber' },
  {
    name: 'hs_language',
    label: 'Preferred language',
    type: 'enumeration',
    fieldType: 'select',
    options: LANGUAGES.map(([value, label], i) => ({
      value,
      label,
      displayOrder: i,
      hidden: false,
    })),
  },
  {
    name: 'hs_object_id',
    label: 'Record ID',
    type: 'number',
    fieldType: 'number',
    hasUniqueValue: true,
    readOnlyValue: true,
  },
  { name: 'createdate', label: 'Create Date', type: 'datetime', fieldType: 'date' },
  {
    name: 'lastmodifieddate',
    label: 'Last Modified Date',
    type: 'datetime',
    fieldType: 'date',
    readOnlyValue: true,
  },
  {
    name: 'hubspot_owner_id',
    label: 'Contact owner',
    type: 'enumeration',
    fieldType: 'select',
    referencedObjectType: 'OWNER',
  },
  {
    // Set by HubSpot when a contact unsubscribes from all email; not writable through the API.
    name: 'hs_email_optout',
    label: 'Unsubscribed from all email',
    type: 'bool',
    fieldType: 'booleancheckbox',
    groupName: 'emailinformation',
    readOnlyValue: true,
    options: [
      { label: 'True', value: 'true', displayOrder: 0, hidden: false },
      { label: 'False', value: 'false', displayOrder: 1, hidden: false },
    ],
  },
];

/** Fresh copies of the standard property definitions, stamped with `at`. */
export function standardProperties(at: Date): PropertyDefinition[] {
  return SEEDS.map((seed, index) => ({
    name: seed.name,
    label: seed.label,
    description: '',
    groupName: seed.groupName ?? 'contactinformation',
    type: seed.type,
    fieldType: seed.fieldType,
    options: seed.options ? seed.options.map((o) => ({ ...o })) : [],
    displayOrder: index,
    hasUniqueValue: seed.hasUniqueValue ?? false,
    hidden: false,
    formField: !seed.readOnlyValue,
    hubspotDefined: true,
    readOnlyValue: seed.readOnlyValue ?? false,
    readOnlyDefinition: true,
    ...(seed.referencedObjectType ? { referencedObjectType: seed.referencedObjectType } : {}),
    createdAt: at,
    updatedAt: at,
    archived: false,
  }));
}

/** The properties a contact read returns when the caller names none (HubSpot's default set). */
export const DEFAULT_CONTACT_PROPERTIES = [
  'createdate',
  'email',
  'firstname',
  'hs_object_id',
  'lastmodifieddate',
  'lastname',
] as const;

/** Always returned with a contact, whatever the caller asked for. */
export const ALWAYS_RETURNED = ['createdate', 'hs_object_id', 'lastmodifieddate'] as const;
