import type { CrmWrite, OutreachDeps } from './outreach-deps.ts';
import type { JobResult } from './queue.ts';

/** Queues a change for HubSpot; the crm-writes queue retries it until HubSpot takes it. */
export async function queueCrmWrite(deps: OutreachDeps, write: CrmWrite): Promise<void> {
  await deps.crmWrites.add(
    `crm:${write.contactId}:${deps.clock.now().getTime()}:${Math.floor(deps.random.next() * 1e9)}`,
    write,
  );
}

/** Applies one queued change (a failure throws, and the queue tries again later). */
export async function applyCrmWrite(
  deps: OutreachDeps,
  write: CrmWrite,
): Promise<JobResult<CrmWrite>> {
  if (write.properties && Object.keys(write.properties).length > 0)
    await deps.contacts.update(write.contactId, write.properties);
  if (write.complete)
    await deps.callbacks.complete(write.complete.callbackId, write.complete.outputFields);
  if (write.unsubscribeEmail) {
    const contact = await deps.contacts.read(write.contactId);
    if (contact?.properties.email) await deps.unsubscribeEmail(contact.properties.email);
  }
  deps.logger.info({ contactId: write.contactId, reason: write.reason }, 'HubSpot updated');
  return { kind: 'done' };
}
