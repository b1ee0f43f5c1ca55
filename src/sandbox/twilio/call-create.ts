import { z } from 'zod';
import { nowMs, postWebhook, type SandboxContext } from './context.ts';
import { parseValidE164, rfc2822 } from './formats.ts';
import type { CallRecord } from './records.ts';
import { newSid } from './sids.ts';
import type { WebhookParams } from './signature.ts';
import { TwilioApiError, twilioErrors } from './twilio-error.ts';

const text = z.string().optional();
const method = z
  .string()
  .transform((value) => (value.toUpperCase() === 'GET' ? 'GET' : 'POST'))
  .optional();
export const createCallForm = z.looseObject({
  To: text,
  From: text,
  Url: text,
  Twiml: text,
  ApplicationSid: text,
  Method: method,
  StatusCallback: text,
  StatusCallbackMethod: method,
  StatusCallbackEvent: z.union([z.string(), z.array(z.string())]).optional(),
  MachineDetection: text,
});
export type CreateCallForm = z.infer<typeof createCallForm>;

/**
 * Creates an outbound call as `POST …/Calls.json` does, then lets it ring: `initiated` and
 * `ringing` one `deliverAfterMs` apart. The call then waits for the test (`answerCall`,
 * `endCall`): a sandbox cannot guess whether a patient picks up.
 */
export function createCall(ctx: SandboxContext, form: CreateCallForm): CallRecord {
  if (!form.To) throw new TwilioApiError(400, 21201, "No 'To' number is specified");
  if (!form.From) throw new TwilioApiError(400, 21213, "No 'From' number is specified");
  if (!form.Url && !form.Twiml && !form.ApplicationSid) throw twilioErrors.missingCallUrl();
  if (!parseValidE164(form.To)) throw twilioErrors.invalidTo(form.To);
  if (!parseValidE164(form.From)) throw twilioErrors.invalidFrom(form.From);
  const now = ctx.clock.now();
  const events = form.StatusCallbackEvent;
  const call: CallRecord = {
    sid: newSid('CA'),
    to: form.To,
    from: form.From,
    status: 'queued',
    dateCreated: now,
    dateUpdated: now,
    startTime: null,
    endTime: null,
    answeredBy: null,
    price: null,
    url: form.Url ?? null,
    method: form.Method ?? 'POST',
    twiml: form.Twiml ?? null,
    statusCallback: form.StatusCallback ?? null,
    statusCallbackMethod: form.StatusCallbackMethod ?? 'POST',
    statusCallbackEvents: new Set(
      events === undefined
        ? ['completed']
        : (Array.isArray(events) ? events : [events]).flatMap((event) =>
            event.split(/\s+/).filter(Boolean),
          ),
    ),
    machineDetection: form.MachineDetection ?? null,
    sequence: 0,
    reached: new Set(),
    phoneNumberSid: newSid('PN'),
  };
  ctx.calls.set(call.sid, call);
  ctx.outbox.push({
    kind: 'call',
    sid: call.sid,
    at: now,
    to: call.to,
    from: call.from,
    url: call.url,
    twiml: call.twiml,
    statusCallback: call.statusCallback,
    machineDetection: call.machineDetection,
    params: form as WebhookParams,
  });
  const start = nowMs(ctx);
  ctx.scheduler.schedule(call.sid, start + ctx.deliverAfterMs, () => reach(ctx, call, 'initiated'));
  ctx.scheduler.schedule(call.sid, start + 2 * ctx.deliverAfterMs, () =>
    reach(ctx, call, 'ringing'),
  );
  return call;
}

/** The parameters Twilio sends about a call, to its TwiML URL and its status callback. */
export function callParams(ctx: SandboxContext, call: CallRecord): WebhookParams {
  const params: WebhookParams = {
    AccountSid: ctx.accountSid,
    ApiVersion: '2010-04-01',
    CallSid: call.sid,
    CallStatus: call.status,
    Called: call.to,
    Caller: call.from,
    Direction: 'outbound-api',
    From: call.from,
    To: call.to,
  };
  if (call.answeredBy) params.AnsweredBy = call.answeredBy;
  return params;
}

/**
 * Records a progress event (once) and posts the status callback when the call asked for it.
 * `ringing` moves the resource to ringing; `answered` is reported with CallStatus in-progress.
 */
export async function reach(
  ctx: SandboxContext,
  call: CallRecord,
  event: 'initiated' | 'ringing' | 'answered' | 'completed',
  extra: WebhookParams = {},
): Promise<void> {
  if (call.reached.has(event)) return;
  call.reached.add(event);
  if (event === 'ringing') call.status = 'ringing';
  call.dateUpdated = ctx.clock.now();
  if (!call.statusCallback || !call.statusCallbackEvents.has(event)) return;
  call.sequence += 1;
  const params: WebhookParams = {
    ...callParams(ctx, call),
    // The resource has no `initiated` status, but the callback for that event says so.
    ...(event === 'initiated' ? { CallStatus: 'initiated' } : {}),
    CallbackSource: 'call-progress-events',
    SequenceNumber: String(call.sequence - 1),
    Timestamp: rfc2822(ctx.clock.now()),
    ...extra,
  };
  await postWebhook(ctx, 'call-status', call.statusCallback, params, call.statusCallbackMethod);
}
