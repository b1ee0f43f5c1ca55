import {
  checkCompliance,
  reactivationCaps,
  type GateChannel,
  type GateDecision,
} from '../domain/compliance-gate.ts';
import type { ActionJob, OutreachDeps } from './outreach-deps.ts';
import { isContextProblem, loadPatientContext, type PatientContext } from './action-context.ts';
import { finishAction, type ActionResult } from './finish-action.ts';
import type { JobResult } from './queue.ts';
import { prepareMessage, sendPrepared } from './send-message.ts';
import { handOffCallTask } from './call-task.ts';
import { PAUSE_PREFIX } from './reminder-schedule.ts';
import { lineTypeOf } from './line-type.ts';

/** How long a workflow action may stay blocked: HubSpot's callback expires after P7D (the door says so). */
const CALLBACK_LIFETIME_MS = 7 * 86_400_000;
/** Statuses in which reactivation outreach has nothing left to do. */
const DONE_STATUSES = new Set(['booked', 'confirmed', 'recovered', 'not_eligible']);

/**
 * One queued workflow action, from the contact to the completed callback: load the contact, check
 * it is a patient to reactivate, run the compliance gate (defer, skip or go), render and lint the
 * template, send at the last moment under the patient's lock, log it on the timeline, move the
 * status to contacted, and complete the callback with the outcome.
 */
export async function executeAction(
  deps: OutreachDeps,
  job: ActionJob,
): Promise<JobResult<ActionJob>> {
  const e = job.execution;
  const channelName =
    e.action === 'call' ? 'call' : e.action === 'send-whatsapp' ? 'whatsapp' : 'sms';
  const finish = async (
    result: Omit<ActionResult, 'channel'> & { channel?: string },
  ): Promise<JobResult<ActionJob>> => {
    if (!job.completed) await finishAction(deps, e.callbackId, { channel: channelName, ...result });
    return { kind: 'done' };
  };

  const ctx = await loadPatientContext(deps, e.contactId);
  if (isContextProblem(ctx)) {
    return finish({
      outcome: 'failed',
      reason:
        ctx.kind === 'missing_contact'
          ? 'the contact no longer exists'
          : 'not a patient synced from the practice management system',
    });
  }
  if (ctx.status && DONE_STATUSES.has(ctx.status)) {
    return finish({
      outcome: 'skipped_no_consent',
      reason: `reactivation is over for this patient (${ctx.status.replace('_', ' ')})`,
    });
  }
  if (!ctx.segment)
    return finish({
      outcome: 'skipped_no_consent',
      reason: 'the patient is in no reactivation segment',
    });

  const taskMode = e.action === 'call' && e.inputs.mode === 'front_desk_task';
  const gateChannel: GateChannel = channelName;
  const now = deps.clock.now();
  const decision = await gate(
    deps,
    ctx,
    gateChannel,
    now,
    Date.parse(e.receivedAt) + CALLBACK_LIFETIME_MS - now.getTime(),
    taskMode,
  );
  if (decision.kind === 'skip')
    return finish({ outcome: decision.outcome, reason: decision.reason });
  if (decision.kind === 'defer') {
    // `continue`: the workflow goes on now with `deferred`; the message still goes at `until`.
    // Remembered per patient, so an opt-out or a pause can cancel it while it waits.
    await deps.store.pending.add(ctx.patientKey, e.callbackId);
    if (e.inputs.when_not_allowed_now === 'continue' && !job.completed) {
      await finishAction(deps, e.callbackId, {
        outcome: 'deferred',
        channel: channelName,
        reason: `${decision.reason.replace(/_/g, ' ')}: will send at ${decision.until.toISOString()}`,
      });
      return { kind: 'later', at: decision.until, data: { ...job, completed: true } };
    }
    deps.logger.info(
      { callbackId: e.callbackId, until: decision.until.toISOString(), reason: decision.reason },
      'action deferred',
    );
    return { kind: 'later', at: decision.until };
  }
  await deps.store.pending.remove(ctx.patientKey, e.callbackId);

  if (taskMode) return finish(await handOffCallTask(deps, ctx, e));
  const prepared = await prepareMessage(deps, ctx, e, channelName);
  if (!prepared.ok) return finish({ outcome: 'failed', reason: prepared.reason });
  const sent = await sendPrepared(deps, ctx, e, prepared, () =>
    gate(
      deps,
      ctx,
      gateChannel,
      deps.clock.now(),
      Date.parse(e.receivedAt) + CALLBACK_LIFETIME_MS - deps.clock.now().getTime(),
      false,
    ),
  );
  if (sent.kind === 'later') return { kind: 'later', at: sent.at };
  return finish(sent.result);
}

/** The compliance gate with what the store knows of the patient right now. */
export async function gate(
  deps: OutreachDeps,
  ctx: PatientContext,
  channel: GateChannel,
  now: Date,
  maxDeferralMs: number,
  taskMode: boolean,
): Promise<GateDecision> {
  const address = channel === 'call' ? ctx.phones[0] : ctx.mobile;
  const optedOut = await deps.store.optOuts.isOptedOut({
    patientKey: ctx.patientKey,
    ...(address ? { phone: address } : {}),
  });
  // A pause or do-not-contact set in HubSpot since the contact was read (its webhook is in).
  const hold = await deps.store.holds.get(ctx.patientKey);
  const maxWaitMs = Math.max(0, maxDeferralMs);
  if (hold?.startsWith(PAUSE_PREFIX) && !optedOut) {
    // A pause after a missed appointment: the no-show sequence waits for it to end.
    const until = new Date(hold.slice(PAUSE_PREFIX.length));
    // A pause longer than the workflow can wait for its answer (noShowPauseDays over the 7 days a
    // callback lives) ends the action now, as a full cap does, rather than answering nobody.
    if (until.getTime() - now.getTime() > maxWaitMs)
      return {
        kind: 'skip',
        outcome: 'skipped_cap',
        reason: `no-show pause until ${until.toISOString()}: later than the action can wait`,
      };
    if (until > now) return { kind: 'defer', until, reason: 'no_show_pause' };
    await deps.store.holds.lift(ctx.patientKey);
  } else if (hold && !optedOut)
    return {
      kind: 'skip',
      outcome: 'skipped_no_consent',
      reason: `staff set ${hold.replace(/_/g, ' ')}`,
    };
  const lineType =
    channel !== 'call' && ctx.mobile ? await lineTypeOf(deps, ctx.mobile) : undefined;
  const decision = checkCompliance({
    now,
    channel,
    contact: {
      optedOut,
      ...(ctx.status ? { status: ctx.status } : {}),
      smsConsent: ctx.smsConsent,
      whatsappConsent: ctx.whatsappConsent,
      contactPreference: ctx.contactPreference,
      hasAddress: address !== undefined,
      ...(lineType ? { mobileLineType: lineType } : {}),
    },
    location: ctx.location,
    caps: reactivationCaps(deps.practice),
    sentAt: await deps.store.sendHistory.since(
      ctx.patientKey,
      new Date(now.getTime() - 8 * 86_400_000),
    ),
    maxDeferralMs: maxWaitMs,
    treatUnknownSmsConsentAsNo: deps.practice.reachability.treatUnknownSmsConsentAsNo,
  });
  // A person makes the call for a task: timing is theirs, consent and opt-outs still hold.
  if (taskMode && decision.kind === 'defer') return { kind: 'allow' };
  return decision;
}
