import type { AddressInfo } from 'node:net';
import { systemClock } from '../../lib/clock.ts';
import { buildApp } from './app.ts';
import { callJson } from './call-json.ts';
import type { PlannedFailure, SandboxContext } from './context.ts';
import { bareNumber, parseValidE164 } from './formats.ts';
import type { Faults } from './guard.ts';
import { receiveInbound } from './inbound.ts';
import { deliverOutOfOrder, sendStatus } from './message-lifecycle.ts';
import { messageJson } from './message-json.ts';
import { Scheduler } from './scheduler.ts';
import { SenderQueue } from './sender-queue.ts';
import { newSid } from './sids.ts';
import { TemplateBook } from './templates.ts';
import type { TwilioSandbox } from './twilio-sandbox.ts';
import type { TwilioSandboxOptions } from './types.ts';
import { answerCall, complete } from './voice.ts';

function e164(number: string): string {
  return parseValidE164(number)?.number ?? bareNumber(number);
}

/**
 * Starts the Twilio stand-in on 127.0.0.1: the real `twilio` package talks to it through
 * `createLocalTwilioHttpClient(sandbox.baseUrl)`. Stop it with `sandbox.stop()`.
 */
export async function startTwilioSandbox(
  options: TwilioSandboxOptions = {},
): Promise<TwilioSandbox> {
  const clock = options.clock ?? systemClock;
  const ctx: SandboxContext = {
    accountSid: options.accountSid ?? newSid('AC'),
    authToken: options.authToken ?? newSid('AC').slice(2),
    clock,
    deliverAfterMs: options.deliverAfterMs ?? 20,
    senderNumber: options.senderNumber ?? '+15017122661',
    messagingServices: options.messagingServices,
    lineTypes: { ...(options.lineTypes ?? {}) },
    defaultLineType: options.defaultLineType,
    // Real timers only run on the system clock; an injected clock is moved by the test.
    scheduler: new Scheduler(clock, clock === systemClock),
    queue: new SenderQueue(options.senderRate),
    templates: new TemplateBook(options.whatsappTemplates ?? [], clock.now()),
    messages: new Map(),
    calls: new Map(),
    optedOut: new Set(),
    lastWhatsappInbound: new Map(),
    failures: new Map(),
    outbox: [],
    webhooks: [],
    stats: {
      requests: 0,
      byHost: {},
      tooManyRequests: 0,
      serverErrors: 0,
      authFailures: 0,
      errors: {},
    },
    urls: { inboundUrl: options.inboundUrl, statusUrl: options.statusUrl },
  };
  const faults: Faults = {
    fail429: 0,
    retryAfterSeconds: undefined,
    fail5xx: 0,
    status5xx: 500,
    latencyMs: 0,
  };
  const app = buildApp(ctx, faults, options.maxConcurrentRequests ?? 100);
  const server = app.listen(options.port ?? 0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;

  const message = (sid: string) => {
    const found = ctx.messages.get(sid);
    if (!found) throw new Error(`no message ${sid} in the sandbox`);
    return found;
  };
  const call = (sid: string) => {
    const found = ctx.calls.get(sid);
    if (!found) throw new Error(`no call ${sid} in the sandbox`);
    return found;
  };

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    port,
    accountSid: ctx.accountSid,
    authToken: ctx.authToken,
    get outbox() {
      return ctx.outbox;
    },
    get webhooks() {
      return ctx.webhooks;
    },
    get stats() {
      return ctx.stats;
    },
    configure(urls) {
      if ('inboundUrl' in urls) ctx.urls.inboundUrl = urls.inboundUrl;
      if ('statusUrl' in urls) ctx.urls.statusUrl = urls.statusUrl;
    },
    message: (sid) => messageJson(ctx.accountSid, message(sid)),
    call: (sid) => callJson(ctx.accountSid, call(sid)),
    queueLength(sender) {
      return [...ctx.messages.values()].filter(
        (m) =>
          (m.status === 'accepted' || m.status === 'queued') &&
          m.direction !== 'inbound' &&
          (sender === undefined || m.messagingServiceSid === sender || m.from === sender),
      ).length;
    },
    optOut: (number) => void ctx.optedOut.add(e164(number)),
    optIn: (number) => void ctx.optedOut.delete(e164(number)),
    isOptedOut: (number) => ctx.optedOut.has(e164(number)),
    failNumber(number, errorCode, status: PlannedFailure['status'] = 'undelivered') {
      ctx.failures.set(e164(number), { errorCode, status });
    },
    clearFailure: (number) => void ctx.failures.delete(e164(number)),
    setLineType: (number, type) => void (ctx.lineTypes[e164(number)] = type),
    inbound: (input) => receiveInbound(ctx, input),
    sendStatus: (sid, status, opts = {}) => sendStatus(ctx, message(sid), status, opts),
    deliverOutOfOrder: (sid) => deliverOutOfOrder(ctx, message(sid)),
    flush: () => ctx.scheduler.flush(),
    runDue: () => ctx.scheduler.runDue(),
    pendingSteps: () => ctx.scheduler.size,
    answerCall: (sid, opts = {}) => answerCall(ctx, call(sid), opts),
    endCall: (sid, status) => complete(ctx, call(sid), status),
    fail429(count, opts = {}) {
      faults.fail429 = count;
      faults.retryAfterSeconds = opts.retryAfterSeconds;
    },
    fail5xx(count, status = 500) {
      faults.fail5xx = count;
      faults.status5xx = status;
    },
    latency(ms) {
      faults.latencyMs = ms;
    },
    async stop() {
      await ctx.scheduler.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
