import { sleep } from '../store/rate-limiter.ts';
import { recordEvent } from './events.ts';
import { dimensionsOf } from './event-dimensions.ts';
import type { OutreachDeps } from './outreach-deps.ts';
import { queueCrmWrite } from './propagation.ts';

export interface OptOutRequest {
  patientKey: string;
  contactId?: string;
  /** The number that asked (it is blocked too, whoever it is used for). */
  phone?: string;
  /** What said stop: a keyword, Twilio's 21610, a HubSpot unsubscribe, a key pressed on a call… */
  source: string;
}

/**
 * An opt-out on any channel closes every channel, at once:
 * 1. the local list, first — taken under the patient's lock, so a send already under way
 *    finishes before it and every later send sees it (sends check the list under that lock);
 * 2. the patient's queued actions are cancelled (their workflows learn `skipped_opted_out`);
 * 3. HubSpot: `opted_out`, no SMS or WhatsApp consent, unsubscribed from every email — queued and
 *    retried until HubSpot takes it.
 */
export async function optOutEverywhere(deps: OutreachDeps, r: OptOutRequest): Promise<void> {
  await underPatientLock(deps, r.patientKey, () =>
    deps.store.optOuts.add({ patientKey: r.patientKey, ...(r.phone ? { phone: r.phone } : {}) }),
  );
  deps.logger.info({ patientKey: r.patientKey, source: r.source }, 'patient opted out');
  await cancelPendingActions(deps, r.patientKey, 'skipped_opted_out', 'the patient opted out');
  const contactId = r.contactId ?? (await deps.store.directory.get(r.patientKey))?.contactId;
  if (contactId) {
    await queueCrmWrite(deps, {
      contactId,
      properties: { reactivation_status: 'opted_out', sms_consent: 'no', whatsapp_consent: 'no' },
      // An unsubscribe that came from HubSpot's own email preferences is already there.
      unsubscribeEmail: r.source !== 'hubspot_email',
      reason: `opt-out (${r.source})`,
    });
  }
  const last = (await deps.store.messages.forPatient(r.patientKey, 1))[0];
  await recordEvent(deps, {
    type: 'opted_out',
    patientKey: r.patientKey,
    ...dimensionsOf(last),
    channel: channelOfSource(r.source),
  });
}

/** START / "text me again": the patient may be messaged again. */
export async function optBackIn(deps: OutreachDeps, r: OptOutRequest): Promise<void> {
  await deps.store.optOuts.remove({
    patientKey: r.patientKey,
    ...(r.phone ? { phone: r.phone } : {}),
  });
  deps.logger.info({ patientKey: r.patientKey, source: r.source }, 'patient opted back in');
  const contactId = r.contactId ?? (await deps.store.directory.get(r.patientKey))?.contactId;
  // The next sync puts the status right (booked, recovered…) if `eligible` is not.
  if (contactId)
    await queueCrmWrite(deps, {
      contactId,
      properties: { reactivation_status: 'eligible', sms_consent: 'yes' },
      reason: `opt-in (${r.source})`,
    });
}

/** Cancels a patient's deferred workflow actions, telling each workflow why. */
export async function cancelPendingActions(
  deps: OutreachDeps,
  patientKey: string,
  outcome: 'skipped_opted_out' | 'skipped_no_consent',
  reason: string,
): Promise<number> {
  let cancelled = 0;
  for (const id of await deps.store.pending.list(patientKey)) {
    const job = await deps.actions.remove(id);
    await deps.store.pending.remove(patientKey, id);
    if (!job) continue;
    cancelled++;
    if (!job.completed) {
      const channel =
        job.execution.action === 'call'
          ? 'call'
          : job.execution.action === 'send-whatsapp'
            ? 'whatsapp'
            : 'sms';
      // Through the retried queue: HubSpot may be down right now, and an opt-out must not wait.
      await queueCrmWrite(deps, {
        contactId: job.execution.contactId,
        complete: {
          callbackId: job.execution.callbackId,
          outputFields: { hs_execution_state: 'SUCCESS', outcome, channel, message_id: '', reason },
        },
        reason: `action cancelled (${outcome})`,
      });
    }
  }
  return cancelled;
}

/** Runs `work` holding the patient's send lock (waiting up to 10 s for a send under way). */
async function underPatientLock(
  deps: OutreachDeps,
  patientKey: string,
  work: () => Promise<void>,
): Promise<void> {
  for (let waited = 0; waited < 10_000; waited += 25) {
    const lock = await deps.store.locks.tryAcquire(`patient:${patientKey}`, 30_000);
    if (lock) {
      try {
        return await work();
      } finally {
        await lock.release();
      }
    }
    await sleep(25);
  }
  // A send cannot hold the lock this long; the list is written regardless.
  await work();
}

function channelOfSource(source: string): string {
  if (source.startsWith('sms')) return 'sms';
  if (source.startsWith('whatsapp')) return 'whatsapp';
  if (source.startsWith('voice')) return 'call';
  if (source.startsWith('hubspot')) return 'email';
  return 'sms';
}
