import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { ManualClock } from '../../src/lib/clock.ts';
import { silentLogger, type Logger } from '../../src/lib/logger.ts';
import {
  ACTION_NAMES,
  type ActionExecution,
  type ActionOutputs,
  type CrmEvent,
  type InboundMessage,
  type MessageStatusUpdate,
  type OutreachService,
  type VoiceRequest,
} from '../../src/outreach/doors.ts';
import { createApp } from '../../src/server/app.ts';
import { createRedisIdempotencyStore, type IdempotencyStore } from '../../src/store/idempotency.ts';
import { doorRoutes } from '../../webhooks/index.ts';
import { testRedis } from './redis.ts';

/**
 * The doors behind a real express app on 127.0.0.1, handing over to a recording OutreachService
 * (the port's test double, not a mock of an SDK), with the real Redis idempotency store.
 */

export const CLIENT_SECRET = 'yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy';
export const AUTH_TOKEN = 'twilio-auth-token-for-tests';
export const PUBLIC_BASE_URL = 'https://reactivation.example-practice.com';
export const START = '2025-06-02T14:00:00.000Z';

/** Independent checks of what the service receives: anything wrong here is a door bug. */
function executionProblems(e: ActionExecution): string[] {
  const problems: string[] = [];
  if (!ACTION_NAMES.includes(e.action)) problems.push('action');
  if (typeof e.callbackId !== 'string' || !/^\S+$/.test(e.callbackId)) problems.push('callbackId');
  if (!Number.isSafeInteger(e.portalId) || e.portalId <= 0) problems.push('portalId');
  if (typeof e.contactId !== 'string' || !/^\d+$/.test(e.contactId)) problems.push('contactId');
  if (e.workflowId !== undefined && !/^\d+$/.test(e.workflowId)) problems.push('workflowId');
  if (e.actionDefinitionId !== undefined && !Number.isSafeInteger(e.actionDefinitionId))
    problems.push('actionDefinitionId');
  if (typeof e.inputs !== 'object' || e.inputs === null) problems.push('inputs');
  else if (Object.values(e.inputs).some((v) => typeof v !== 'string')) problems.push('inputs');
  if (Number.isNaN(Date.parse(e.receivedAt))) problems.push('receivedAt');
  return problems;
}

const SID = (prefix: string) => new RegExp(`^${prefix}[0-9a-fA-F]{32}$`);

export interface RecordingService extends OutreachService {
  executions: ActionExecution[];
  bestChannelCalls: ActionExecution[];
  statuses: MessageStatusUpdate[];
  inbound: InboundMessage[];
  crmBatches: CrmEvent[][];
  voice: VoiceRequest[];
  bookingTokens: string[];
  cardRequests: { contactId: string; action?: string }[];
  /** What the doors handed over that breaks the contract; must stay empty. */
  violations: string[];
  /** Throw from every method while set (a failing service). */
  failing: boolean;
  /** Wait this long in enqueueAction (a slow queue, so concurrent deliveries overlap). */
  enqueueDelayMs: number;
}

export function recordingService(): RecordingService {
  const s: RecordingService = {
    executions: [],
    bestChannelCalls: [],
    statuses: [],
    inbound: [],
    crmBatches: [],
    voice: [],
    bookingTokens: [],
    cardRequests: [],
    violations: [],
    failing: false,
    enqueueDelayMs: 0,
    async enqueueAction(execution) {
      if (s.failing) throw new Error('queue unavailable');
      if (s.enqueueDelayMs > 0) await new Promise((r) => setTimeout(r, s.enqueueDelayMs));
      const problems = executionProblems(execution);
      if (execution.action === 'best-channel') problems.push('best-channel enqueued');
      if (problems.length > 0) s.violations.push(`execution: ${problems.join(', ')}`);
      s.executions.push(execution);
    },
    async bestChannel(execution): Promise<ActionOutputs> {
      if (s.failing) throw new Error('rules unavailable');
      const problems = executionProblems(execution);
      if (problems.length > 0) s.violations.push(`best-channel: ${problems.join(', ')}`);
      s.bestChannelCalls.push(execution);
      return { channel: 'sms', reason: 'texts are read within minutes' };
    },
    async handleMessageStatus(update) {
      if (s.failing) throw new Error('status store unavailable');
      if (!SID('[A-Z]{2}').test(update.messageSid) || !SID('AC').test(update.accountSid))
        s.violations.push('status: sid');
      if (!update.status) s.violations.push('status: status');
      if (update.errorCode !== undefined && !Number.isInteger(update.errorCode))
        s.violations.push('status: errorCode');
      s.statuses.push(update);
    },
    async handleInbound(message) {
      if (s.failing) throw new Error('inbox unavailable');
      if (!SID('[A-Z]{2}').test(message.messageSid)) s.violations.push('inbound: sid');
      if (!['sms', 'whatsapp'].includes(message.channel)) s.violations.push('inbound: channel');
      if (/^whatsapp:/i.test(message.from) || /^whatsapp:/i.test(message.to))
        s.violations.push('inbound: prefix');
      if (typeof message.body !== 'string') s.violations.push('inbound: body');
      if (!Number.isInteger(message.numMedia) || message.numMedia < 0)
        s.violations.push('inbound: numMedia');
      s.inbound.push(message);
      return `<?xml version="1.0" encoding="UTF-8"?><Response><Message>Thanks, we got it.</Message></Response>`;
    },
    async handleCrmEvents(events) {
      if (s.failing) throw new Error('crm handler unavailable');
      const seen = new Set(s.crmBatches.flat().map((e) => e.eventId));
      for (const e of events) {
        if (!/^\d+$/.test(e.eventId) || seen.has(e.eventId)) s.violations.push('crm: eventId');
        seen.add(e.eventId);
        if (!/^\d+$/.test(e.objectId)) s.violations.push('crm: objectId');
        if (!Number.isSafeInteger(e.portalId) || !Number.isSafeInteger(e.occurredAt))
          s.violations.push('crm: numbers');
      }
      s.crmBatches.push(events);
    },
    async cardView(contactId) {
      if (s.failing) throw new Error('card unavailable');
      s.cardRequests.push({ contactId });
      return {
        contactId,
        isPatient: false,
        status: null,
        segment: null,
        reason: '',
        lastVisit: null,
        recallDue: null,
        nextAppointment: null,
        consent: { sms: 'unknown', whatsapp: 'unknown', email: 'unknown' },
        optedOut: false,
        waitingForPerson: false,
        paused: false,
        touches: [],
        actions: { pause: false, resume: false, sendLink: false, doNotContact: false },
      };
    },
    async cardAction(contactId, action) {
      if (s.failing) throw new Error('card unavailable');
      s.cardRequests.push({ contactId, action });
      return { ok: true, outcome: action, message: 'done' };
    },
    async followBookingLink(token) {
      if (s.failing) throw new Error('links unavailable');
      s.bookingTokens.push(token);
      return token.startsWith('good')
        ? { kind: 'redirect', url: 'https://example.com/book' }
        : { kind: 'page', html: '<p>Call us</p>' };
    },
    async handleVoice(request) {
      if (s.failing) throw new Error('call flow unavailable');
      if (!SID('CA').test(request.callSid)) s.violations.push('voice: callSid');
      if (Object.values(request.query).some((v) => typeof v !== 'string'))
        s.violations.push('voice: query');
      s.voice.push(request);
      return `<?xml version="1.0" encoding="UTF-8"?><Response><Say>Step ${request.step}</Say></Response>`;
    },
  };
  return s;
}

export interface DoorsUnderTest {
  /** `http://127.0.0.1:<port>`: where the test sends its requests. */
  baseUrl: string;
  /** The URL callers sign (the proxy's public address). */
  publicBaseUrl: string;
  service: RecordingService;
  clock: ManualClock;
  idempotency: IdempotencyStore;
  /** The JSON log lines written so far. */
  logLines(): string[];
  close(): Promise<void>;
}

/** Starts the doors; `publicBaseUrl: 'local'` makes the public URL the local one (for sandboxes that post to it). */
export async function startDoors(
  options: { publicBaseUrl?: string | 'local'; captureLogs?: boolean } = {},
): Promise<DoorsUnderTest> {
  const redis = await testRedis();
  const idempotency = createRedisIdempotencyStore(redis.redis, redis.prefix);
  const clock = new ManualClock(START);
  const service = recordingService();
  const lines: string[] = [];
  const logger: Logger = options.captureLogs
    ? pino(
        { level: 'debug' },
        new Writable({
          write(chunk: Buffer, _encoding, done) {
            lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
            done();
          },
        }),
      )
    : silentLogger;
  // Listen first: with `publicBaseUrl: 'local'` the public URL is the port we are given.
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const publicBaseUrl =
    options.publicBaseUrl === 'local' ? baseUrl : (options.publicBaseUrl ?? PUBLIC_BASE_URL);
  const routers = doorRoutes({
    publicBaseUrl,
    clientSecret: CLIENT_SECRET,
    authToken: AUTH_TOKEN,
    service,
    idempotency,
    clock,
    logger,
  });
  server.on('request', createApp({ logger, routers }));
  return {
    baseUrl,
    publicBaseUrl,
    service,
    clock,
    idempotency,
    logLines: () => [...lines],
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
      await redis.cleanup();
    },
  };
}
