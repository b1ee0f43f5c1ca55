import { locationFor } from '../domain/practice.ts';
import type { OutreachDeps } from './outreach-deps.ts';

export interface FrontDeskTask {
  contactId: string;
  /** The patient's office, for the owner when the contact has none. */
  clinicId: string | undefined;
  /** The subject, given the patient's first name ("a patient" when HubSpot has none). */
  subject(firstName: string): string;
  /** The body's lines, given the patient's first name ("The patient" when HubSpot has none). */
  lines(firstName: string): (string | undefined)[];
  type: 'CALL' | 'TODO';
  priority?: 'HIGH' | 'LOW';
}

/**
 * A HubSpot task for the front desk about one patient, due now: for the contact's owner, else the
 * office's configured owner, with a link to the contact record under the body's lines.
 */
export async function createFrontDeskTask(deps: OutreachDeps, t: FrontDeskTask): Promise<string> {
  const contact = await deps.contacts.read(t.contactId);
  const firstName = contact?.properties.firstname;
  const ownerId =
    contact?.properties.hubspot_owner_id ?? locationFor(deps.practice, t.clinicId).hubspotOwnerId;
  const link = deps.portalId
    ? `https://app.hubspot.com/contacts/${deps.portalId}/record/0-1/${t.contactId}`
    : undefined;
  const body = [...t.lines(firstName ?? 'The patient'), link ? `Contact: ${link}` : undefined]
    .filter(Boolean)
    .join('\n');
  return deps.timeline.createTask({
    contactId: t.contactId,
    ...(ownerId ? { ownerId } : {}),
    subject: t.subject(firstName ?? 'a patient'),
    body,
    type: t.type,
    ...(t.priority ? { priority: t.priority } : {}),
    dueAt: deps.clock.now(),
  });
}
