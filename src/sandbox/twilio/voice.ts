import { callParams, reach } from './call-create.ts';
import { callSeconds } from './call-json.ts';
import { postWebhook, type SandboxContext } from './context.ts';
import { price } from './formats.ts';
import type { CallRecord } from './records.ts';
import type { WebhookParams } from './signature.ts';
import { findElement, parseTwiml, type TwimlElement } from './twiml.ts';
import type { AnswerCallOptions, CallStatus, CallWalk } from './types.ts';

const PRICE_PER_MINUTE = 0.014;
/** A guard against TwiML that redirects forever. */
const MAX_DOCUMENTS = 20;

function ensureLive(call: CallRecord): void {
  if (!['queued', 'ringing'].includes(call.status)) {
    throw new Error(`call ${call.sid} is already ${call.status}`);
  }
}

async function ring(ctx: SandboxContext, call: CallRecord): Promise<void> {
  ctx.scheduler.cancel(call.sid);
  await reach(ctx, call, 'initiated');
  await reach(ctx, call, 'ringing');
}

function answeredBy(call: CallRecord, machine: boolean): string | null {
  if (!call.machineDetection) return null;
  if (!machine) return 'human';
  return call.machineDetection === 'DetectMessageEnd' ? 'machine_end_beep' : 'machine_start';
}

/**
 * Someone (or a machine) answers: Twilio fetches the call's TwiML (signed, like every webhook),
 * then for each `<Gather>` posts the next `digits` to its action (the document's own URL when it
 * has none) and follows `<Redirect>`s, until the TwiML has nothing more to ask; then the caller
 * hangs up and the call completes, with its duration, price and status callback.
 */
export async function answerCall(
  ctx: SandboxContext,
  call: CallRecord,
  options: AnswerCallOptions,
): Promise<CallWalk> {
  ensureLive(call);
  await ring(ctx, call);
  call.status = 'in-progress';
  call.startTime = ctx.clock.now();
  call.answeredBy = answeredBy(call, options.machine ?? false);
  await reach(ctx, call, 'answered', { CallStatus: 'in-progress' });

  const digits =
    options.digits === undefined
      ? []
      : Array.isArray(options.digits)
        ? [...options.digits]
        : [options.digits];
  const documents: CallWalk['documents'] = [];
  let next: { url: string | null; method: 'POST' | 'GET'; params: WebhookParams } | undefined = {
    url: call.url,
    method: call.method,
    params: callParams(ctx, call),
  };
  while (next && documents.length < MAX_DOCUMENTS) {
    const document = await fetchTwiml(ctx, call, next);
    documents.push(document);
    next = nextStep(document, digits, ctx, call);
  }
  await complete(ctx, call, 'completed');
  return { answeredBy: call.answeredBy, documents, finalStatus: call.status };
}

async function fetchTwiml(
  ctx: SandboxContext,
  call: CallRecord,
  step: { url: string | null; method: 'POST' | 'GET'; params: WebhookParams },
): Promise<CallWalk['documents'][number]> {
  if (step.url === null) {
    return { url: null, params: step.params, status: null, twiml: call.twiml ?? '' };
  }
  const delivery = await postWebhook(ctx, 'voice', step.url, step.params, step.method);
  return { url: step.url, params: step.params, status: delivery.status, twiml: delivery.body };
}

function nextStep(
  document: CallWalk['documents'][number],
  digits: string[],
  ctx: SandboxContext,
  call: CallRecord,
): { url: string | null; method: 'POST' | 'GET'; params: WebhookParams } | undefined {
  let root: TwimlElement;
  try {
    root = parseTwiml(document.twiml);
  } catch {
    return undefined; // Twilio would say "an application error has occurred" and hang up.
  }
  const base = document.url;
  const gather = findElement(root, 'Gather');
  if (gather) {
    const pressed = digits.shift();
    if (pressed === undefined) return undefined;
    const target = resolve(gather.attributes.action, base);
    if (target === null) return undefined;
    return {
      url: target,
      method: methodOf(gather),
      params: { ...callParams(ctx, call), Digits: pressed, FinishedOnKey: '' },
    };
  }
  const redirect = findElement(root, 'Redirect');
  if (redirect && !findElement(root, 'Hangup')) {
    const target = resolve(redirect.text, base);
    if (target === null) return undefined;
    return { url: target, method: methodOf(redirect), params: callParams(ctx, call) };
  }
  return undefined;
}

function methodOf(element: TwimlElement): 'POST' | 'GET' {
  return element.attributes.method?.toUpperCase() === 'GET' ? 'GET' : 'POST';
}

/** An action URL relative to the document that holds it; with no action, the document itself. */
function resolve(action: string | undefined, base: string | null): string | null {
  if (!action) return base;
  try {
    return new URL(action, base ?? undefined).toString();
  } catch {
    return null;
  }
}

/** Ends a call that was never answered (busy, no-answer, failed, canceled) or that hung up. */
export async function complete(
  ctx: SandboxContext,
  call: CallRecord,
  status: Extract<CallStatus, 'completed' | 'busy' | 'no-answer' | 'failed' | 'canceled'>,
): Promise<void> {
  if (status !== 'completed') {
    ensureLive(call);
    await ring(ctx, call);
  }
  call.status = status;
  call.endTime = ctx.clock.now();
  call.dateUpdated = call.endTime;
  const seconds = callSeconds(call);
  call.price = price(seconds === null ? 0 : Math.ceil(seconds / 60) * PRICE_PER_MINUTE);
  const extra: WebhookParams = { CallStatus: status };
  if (seconds !== null) {
    extra.CallDuration = String(seconds);
    extra.Duration = String(Math.ceil(seconds / 60));
  }
  await reach(ctx, call, 'completed', extra);
}
