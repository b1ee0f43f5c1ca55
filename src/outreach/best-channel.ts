import { chooseChannel, type ChannelChoiceInput, type LineType } from '../domain/channel-choice.ts';
import { isContextProblem, loadPatientContext, type PatientContext } from './action-context.ts';
import type { ActionExecution, ActionOutputs } from './doors.ts';
import type { OutreachDeps } from './outreach-deps.ts';

/**
 * "Choose best channel": consent and reachability first, then what the patient did (the channel
 * they answered on), the line type, the PMS preference (src/domain/channel-choice.ts). Answers at
 * once; a line type not yet known is not looked up here (the send will).
 */
export async function bestChannel(deps: OutreachDeps, e: ActionExecution): Promise<ActionOutputs> {
  const ctx = await loadPatientContext(deps, e.contactId);
  if (isContextProblem(ctx))
    return {
      channel: 'none',
      reason:
        ctx.kind === 'missing_contact'
          ? 'the contact no longer exists'
          : 'not a patient synced from the practice management system',
    };
  const lineType = ctx.mobile ? await deps.store.lineTypes.get(ctx.mobile) : undefined;
  const choice = chooseChannel(await channelChoiceInput(deps, ctx, lineType));
  return { channel: choice.channel, reason: choice.reason };
}

/**
 * What the channel choice decides on, as the store and HubSpot know it now. Shared with the
 * appointment reminders (src/outreach/reminder-route.ts), so both choose the same way.
 */
export async function channelChoiceInput(
  deps: OutreachDeps,
  ctx: PatientContext,
  lineType: LineType | undefined,
): Promise<ChannelChoiceInput> {
  const optedOut =
    ctx.status === 'opted_out' ||
    (await deps.store.optOuts.isOptedOut({
      patientKey: ctx.patientKey,
      ...(ctx.mobile ? { phone: ctx.mobile } : {}),
    }));
  const smsAllowed =
    ctx.smsConsent === 'yes' ||
    (ctx.smsConsent === 'unknown' && !deps.practice.reachability.treatUnknownSmsConsentAsNo);
  const answeredOn = (await deps.store.replies.last(ctx.patientKey))?.channel;
  return {
    reach: {
      sms: !!ctx.mobile && smsAllowed,
      whatsapp: !!ctx.mobile && ctx.whatsappConsent === 'yes',
      email: !!ctx.contact.properties.email,
      call: ctx.phones.length > 0 && ctx.contactPreference !== 'do_not_call',
    },
    optedOut,
    contactPreference: ctx.contactPreference,
    ...(lineType ? { mobileLineType: lineType } : {}),
    ...(answeredOn ? { answeredOn } : {}),
  };
}
