import { TOMBSTONE } from '../crm/sync/sync-record.ts';
import type { CrmEvent } from './doors.ts';
import type { OutreachDeps } from './outreach-deps.ts';
import { cancelPendingActions, optOutEverywhere } from './opt-out.ts';

/** Statuses a person sets in HubSpot to stop automated outreach. */
const STAFF_HOLDS = new Set(['paused', 'do_not_contact']);

/**
 * HubSpot CRM events (verified and deduplicated at the door): an email unsubscribe in HubSpot is an
 * opt-out on every channel; `paused` or `do_not_contact` set by staff stops outreach at once (queued
 * actions cancelled, a hold every send checks) and lifting it resumes; a deleted contact's local
 * data is purged, and the sync will not recreate it.
 */
export async function handleCrmEvents(deps: OutreachDeps, events: CrmEvent[]): Promise<void> {
  for (const e of events) {
    const patientKey = await deps.store.directory.keyOfContact(e.objectId);
    if (!patientKey) continue; // not a contact the sync made
    if (
      e.subscriptionType === 'contact.deletion' ||
      e.subscriptionType === 'contact.privacyDeletion'
    ) {
      await purgePatient(deps, patientKey, e.subscriptionType);
      continue;
    }
    if (e.subscriptionType !== 'contact.propertyChange') continue;
    if (e.propertyName === 'hs_email_optout' && e.propertyValue === 'true') {
      await optOutEverywhere(deps, { patientKey, contactId: e.objectId, source: 'hubspot_email' });
    } else if (e.propertyName === 'reactivation_status') {
      await applyStaffStatus(deps, patientKey, e.objectId, e.propertyValue ?? '');
    }
  }
}

async function applyStaffStatus(
  deps: OutreachDeps,
  patientKey: string,
  contactId: string,
  status: string,
): Promise<void> {
  if (STAFF_HOLDS.has(status)) {
    await deps.store.holds.set(patientKey, status);
    const cancelled = await cancelPendingActions(
      deps,
      patientKey,
      'skipped_no_consent',
      `staff set ${status.replace(/_/g, ' ')}`,
    );
    deps.logger.info({ patientKey, status, cancelled }, 'outreach stopped by staff');
  } else if (status === 'opted_out') {
    await optOutEverywhere(deps, { patientKey, contactId, source: 'hubspot_staff' });
  } else if (await deps.store.holds.get(patientKey)) {
    await deps.store.holds.lift(patientKey);
    deps.logger.info({ patientKey, status }, 'outreach resumed by staff');
  }
}

/**
 * Forgets a deleted contact: what the service kept of it goes, and a tombstone (the key only) stops
 * the sync from creating it again. The opt-out list keeps its entries: a deletion is not consent.
 */
async function purgePatient(deps: OutreachDeps, patientKey: string, why: string): Promise<void> {
  await cancelPendingActions(deps, patientKey, 'skipped_no_consent', 'the contact was deleted');
  await deps.store.messages.purgePatient(patientKey);
  await deps.store.events.forgetPatient(patientKey);
  await deps.store.replies.forget(patientKey);
  await deps.store.sendHistory.forgetPatient(patientKey);
  await deps.store.holds.lift(patientKey);
  await deps.store.reminders.remove(patientKey);
  await deps.store.directory.remove(patientKey);
  await deps.store.syncState.setMany(new Map([[patientKey, TOMBSTONE]]));
  deps.logger.info({ patientKey, why }, 'contact deleted in HubSpot: local data purged');
}
