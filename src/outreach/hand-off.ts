import { maskClinicalDetail } from '../domain/mask-clinical.ts';
import { createFrontDeskTask } from './front-desk-task.ts';
import type { OutreachDeps } from './outreach-deps.ts';
import { cancelPendingActions } from './opt-out.ts';
import { queueCrmWrite } from './propagation.ts';

export interface HandOff {
  patientKey: string;
  contactId: string;
  /** Why a person is needed, in a few words ("the patient asked a question", "wrong number"). */
  reason: string;
  /** The patient's own words, if any (clinical terms are masked before they leave the service). */
  words?: string;
  type: 'CALL' | 'TODO';
  /** The same words opted the patient out: the status stays `opted_out`, not `replied`. */
  optedOut?: boolean;
}

/**
 * A patient needs a person: a HubSpot task (high priority, due now) for the contact's owner or the
 * office's, with the patient's words and a link to the contact; the contact moves to `replied`
 * (unless the same words opted the patient out), which holds automated outreach until staff resume it.
 */
export async function handOff(deps: OutreachDeps, h: HandOff): Promise<string> {
  const taskId = await createFrontDeskTask(deps, {
    contactId: h.contactId,
    clinicId: (await deps.store.directory.get(h.patientKey))?.clinicId,
    subject: (name) => `Reply from ${name}: ${h.reason}`,
    lines: (name) => [
      `${name}: ${h.reason}.`,
      h.words ? `Their words: “${maskClinicalDetail(h.words)}”` : undefined,
      h.optedOut
        ? 'Their reply also opted them out of automated messages (a carrier keyword): the service will not text or call them again.'
        : 'Automated outreach is paused for this patient until you set the reactivation status back.',
    ],
    type: h.type,
  });
  if (!h.optedOut)
    await queueCrmWrite(deps, {
      contactId: h.contactId,
      properties: { reactivation_status: 'replied' },
      reason: 'hand-off to the front desk',
    });
  await cancelPendingActions(
    deps,
    h.patientKey,
    'skipped_no_consent',
    'the patient replied: waiting for the front desk',
  );
  deps.logger.info({ patientKey: h.patientKey, taskId }, 'handed off to the front desk');
  return taskId;
}
