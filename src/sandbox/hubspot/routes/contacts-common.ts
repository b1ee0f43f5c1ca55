import { validationError } from '../http-error.ts';
import type { ContactChange, ContactRecord } from '../state/contact-store.ts';
import type { Portal } from '../state/portal.ts';
import type { PendingEvent } from '../webhooks.ts';

/**
 * Checks an `idProperty`: hs_object_id (the default), email, or a property with unique values.
 * Anything else is HubSpot's 400 (message as reported in HubSpot/hubspot-api-nodejs#548).
 */
export function checkIdProperty(portal: Portal, idProperty: string | undefined): string {
  const name = idProperty ?? 'hs_object_id';
  if (name === 'hs_object_id' || name === 'email') return name;
  const def = portal.properties.get(name);
  if (!def || !def.hasUniqueValue) {
    throw validationError('Unable to perform update/upsert by non-unique 0-1 property', {
      context: { idProperty: [name] },
    });
  }
  return name;
}

/** The live contact an id names under `idProperty` (already checked). */
export function findContact(
  portal: Portal,
  id: string,
  idProperty: string,
): ContactRecord | undefined {
  if (idProperty === 'hs_object_id') return portal.contacts.get(id);
  return portal.contacts.findByUnique(idProperty, id);
}

/** HubSpot's answer for duplicate ids in one batch (seen verbatim in rudderlabs' HubSpot tests). */
export function rejectDuplicateIds(ids: readonly string[], caseInsensitive = false): void {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const id of ids) {
    const key = caseInsensitive ? id.toLowerCase() : id;
    if (seen.has(key)) duplicates.add(id);
    seen.add(key);
  }
  if (duplicates.size > 0) {
    const list = [...duplicates];
    throw validationError(
      `Duplicate IDs found in batch input: [${list.join(', ')}]. IDs must be unique`,
      {
        context: { ids: list },
      },
    );
  }
}

/** Webhook events for value changes made through the API (sent only if the subscriber asked). */
export function emitApiChanges(portal: Portal, changes: readonly ContactChange[]): void {
  if (changes.length === 0) return;
  const events: PendingEvent[] = changes.map((c) => ({
    subscriptionType: 'contact.propertyChange',
    objectId: Number(c.id),
    propertyName: c.propertyName,
    propertyValue: c.value ?? '',
    changeSource: 'API',
  }));
  portal.webhooks.emit(events, true);
}
