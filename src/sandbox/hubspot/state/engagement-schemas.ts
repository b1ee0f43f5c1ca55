import type { OptionDefinition, PropertyDefinition, PropertyType } from './property-definitions.ts';

/**
 * The timeline objects the project writes, with the properties HubSpot documents for each
 * (communications, tasks and calls guides) and their contact association type ids:
 * communication→contact 81, task→contact 204, call→contact 194 (and the reverse 82, 203, 193),
 * all HUBSPOT_DEFINED.
 */
export const ENGAGEMENT_TYPES = ['communications', 'tasks', 'calls'] as const;
export type EngagementType = (typeof ENGAGEMENT_TYPES)[number];

export const TO_CONTACT_TYPE_ID: Record<EngagementType, number> = {
  communications: 81,
  tasks: 204,
  calls: 194,
};
export const FROM_CONTACT_TYPE_ID: Record<EngagementType, number> = {
  communications: 82,
  tasks: 203,
  calls: 193,
};
/** The `type` HubSpot's v3 associations give each direction. */
export const TO_CONTACT_LABEL: Record<EngagementType, string> = {
  communications: 'communication_to_contact',
  tasks: 'task_to_contact',
  calls: 'call_to_contact',
};

interface FieldSeed {
  type: PropertyType;
  options?: readonly string[];
}

const OWNER: FieldSeed = { type: 'enumeration' };

const FIELDS: Record<EngagementType, Record<string, FieldSeed>> = {
  communications: {
    hs_timestamp: { type: 'datetime' },
    hs_communication_channel_type: {
      type: 'enumeration',
      options: [
        'SMS',
        'WHATS_APP',
        'LINKEDIN_MESSAGE',
        'PHYSICAL_MAIL',
        'CUSTOM_CHANNEL_CONVERSATION',
      ],
    },
    hs_communication_logged_from: { type: 'enumeration', options: ['CRM'] },
    hs_communication_body: { type: 'string' },
    hubspot_owner_id: OWNER,
  },
  tasks: {
    hs_timestamp: { type: 'datetime' },
    hs_task_subject: { type: 'string' },
    hs_task_body: { type: 'string' },
    hs_task_status: {
      type: 'enumeration',
      options: ['NOT_STARTED', 'IN_PROGRESS', 'WAITING', 'COMPLETED', 'DEFERRED'],
    },
    hs_task_priority: { type: 'enumeration', options: ['NONE', 'LOW', 'MEDIUM', 'HIGH'] },
    hs_task_type: {
      type: 'enumeration',
      options: [
        'CALL',
        'EMAIL',
        'LINKED_IN',
        'MEETING',
        'LINKED_IN_CONNECT',
        'LINKED_IN_MESSAGE',
        'TODO',
      ],
    },
    hs_task_reminders: { type: 'string' },
    hubspot_owner_id: OWNER,
  },
  calls: {
    hs_timestamp: { type: 'datetime' },
    hs_call_title: { type: 'string' },
    hs_call_body: { type: 'string' },
    hs_call_callee_object_id: { type: 'number' },
    hs_call_callee_object_type: { type: 'string' },
    hs_call_direction: { type: 'enumeration', options: ['INBOUND', 'OUTBOUND'] },
    hs_call_disposition: { type: 'string' },
    hs_call_duration: { type: 'number' },
    hs_call_from_number: { type: 'string' },
    hs_call_to_number: { type: 'string' },
    hs_call_recording_url: { type: 'string' },
    hs_call_status: {
      type: 'enumeration',
      options: [
        'BUSY',
        'CALLING_CRM_USER',
        'CANCELED',
        'COMPLETED',
        'CONNECTING',
        'FAILED',
        'IN_PROGRESS',
        'NO_ANSWER',
        'QUEUED',
        'RINGING',
      ],
    },
    hubspot_owner_id: OWNER,
  },
};

/** hs_timestamp is required on create for every one of these objects (HubSpot's guides). */
export const REQUIRED_ON_CREATE = ['hs_timestamp'] as const;

/** Property definitions for an engagement type, in the shape the value rules take. */
export function engagementProperties(
  type: EngagementType,
  at: Date,
): Map<string, PropertyDefinition> {
  const defs = new Map<string, PropertyDefinition>();
  for (const [name, seed] of Object.entries(FIELDS[type])) {
    const options: OptionDefinition[] = (seed.options ?? []).map((value, i) => ({
      value,
      label: value,
      displayOrder: i,
      hidden: false,
    }));
    defs.set(name, {
      name,
      label: name,
      description: '',
      groupName: `${type.slice(0, -1)}information`,
      type: seed.type,
      fieldType:
        seed.type === 'enumeration'
          ? 'select'
          : seed.type === 'number'
            ? 'number'
            : seed.type === 'datetime'
              ? 'date'
              : 'text',
      options,
      displayOrder: -1,
      hasUniqueValue: false,
      hidden: false,
      formField: false,
      hubspotDefined: true,
      readOnlyValue: false,
      readOnlyDefinition: true,
      ...(seed === OWNER ? { referencedObjectType: 'OWNER' as const } : {}),
      createdAt: at,
      updatedAt: at,
      archived: false,
    });
  }
  return defs;
}
