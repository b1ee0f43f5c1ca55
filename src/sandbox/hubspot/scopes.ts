/**
 * The scopes each endpoint family needs (HubSpot's API reference, "Required scopes"; any one of a
 * list is enough). Activities (communications, tasks, calls) are governed by the contact scopes.
 */
export const SCOPES = {
  contactsRead: ['crm.objects.contacts.read'],
  contactsWrite: ['crm.objects.contacts.write'],
  schemasRead: ['crm.schemas.contacts.read'],
  schemasWrite: ['crm.schemas.contacts.write'],
  ownersRead: ['crm.objects.owners.read'],
  automation: ['automation'],
  preferencesRead: ['communication_preferences.read', 'communication_preferences.read_write'],
  preferencesWrite: ['communication_preferences.write', 'communication_preferences.read_write'],
} as const satisfies Record<string, readonly string[]>;

/** Every scope the sandbox knows: what a token has unless a test narrows it. */
export const ALL_SCOPES: readonly string[] = [...new Set(Object.values(SCOPES).flat())];
