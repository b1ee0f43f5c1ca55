import type { Client } from '@hubspot/api-client';
import type { Router } from 'express';
import type { Twilio } from 'twilio';
import { doorRoutes } from '../../webhooks/index.ts';
import { createActionCallbacks } from '../crm/action-callbacks.ts';
import { createContactAccess } from '../crm/contact-access.ts';
import { unsubscribeFromAllEmail } from '../crm/email-preferences.ts';
import { createTimeline } from '../crm/timeline.ts';
import type { PracticeFile } from '../domain/practice.ts';
import { createBullQueue } from '../jobs/bullmq-queue.ts';
import { createMemoryQueue } from '../jobs/memory-queue.ts';
import type { Clock } from '../lib/clock.ts';
import type { Logger } from '../lib/logger.ts';
import type { Random } from '../lib/random.ts';
import {
  createTwilioMessenger,
  TWILIO_API_BUCKET,
  TWILIO_MESSAGES_BUCKET,
  type Messenger,
} from '../messaging/messenger.ts';
import type { OutreachService } from '../outreach/doors.ts';
import type {
  ActionJob,
  CrmWrite,
  OutreachDeps,
  PmsWrite,
  PmsWriteBack,
  PriceLookup,
  ReminderJob,
} from '../outreach/outreach-deps.ts';
import { applyCrmWrite } from '../outreach/propagation.ts';
import { applyPmsWrite } from '../outreach/write-back.ts';
import type { JobQueue } from '../outreach/queue.ts';
import { createOutreachService, startOutreachWorkers } from '../outreach/service.ts';
import { processReminder } from '../outreach/reminders.ts';
import { lookUpPrice } from '../outreach/message-cost.ts';
import type { BucketLimit } from '../store/rate-limiter.ts';
import type { Store } from '../store/store.ts';

export interface ServiceOptions {
  practice: PracticeFile;
  store: Store;
  logger: Logger;
  clock: Clock;
  random: Random;
  hubspot: Client;
  twilio: Twilio;
  messagingServiceSid: string;
  voiceFrom: string;
  publicBaseUrl: string;
  linkSecret: string;
  hubspotClientSecret: string;
  twilioAuthToken: string;
  /** The HubSpot account id (links to contact records in front-desk tasks). */
  portalId?: number;
  pmsWriteBack?: PmsWriteBack;
  /** How long after a message's final status its price is first asked for (default a minute). */
  priceLookupDelayMs?: number;
  /** A messenger to use instead of Twilio's (benchmarks measure the pipeline without one). */
  messenger?: Messenger;
}

export interface ComposedService {
  deps: OutreachDeps;
  service: OutreachService;
  routers: { path: string; router: Router }[];
  /** Starts this process's workers (the worker role). */
  startWorkers(options?: { concurrency?: number }): void;
  close(): Promise<void>;
}

/** The limiter buckets of Twilio calls, sized to the sender's throughput. */
export function twilioLimits(messagesPerSecond: number): Record<string, BucketLimit> {
  return {
    [TWILIO_MESSAGES_BUCKET]: evenlySpread(Math.max(1, Math.floor(messagesPerSecond))),
    [TWILIO_API_BUCKET]: { limit: 50, windowMs: 1_000 },
  };
}

/**
 * N per second as k per w milliseconds: any second holds at most N, and a backlog leaves in small
 * even steps instead of N at the top of each second. Twilio counts where the messages arrive,
 * after our variable latency: a burst of N shifted by it put up to 92 into one second of a 75/s
 * sender (bench/send-throughput.ts). w is also 3% longer than k/N of a second, as HubSpot's window
 * once was (src/cli/wiring.ts), so that uneven delay between here and Twilio does not squeeze
 * extra messages into its second: with 2%, a stall on the two-core bench machine still let 77 in;
 * with 3%, none over 75, at 95% of the rate. Among bursts k of up to a tenth of N, the one whose
 * whole-millisecond w loses the least rate (75/s: 5 per 69 ms).
 */
function evenlySpread(perSecond: number): BucketLimit {
  let best: BucketLimit | undefined;
  for (let k = 1; k <= Math.max(1, perSecond / 10); k++) {
    const windowMs = Math.max(
      Math.ceil((1_030 * k) / perSecond),
      // The windows that start within one second, k each, must not add up to more than N.
      Math.ceil(1_000 / Math.floor(perSecond / k)),
    );
    if (!best || k / windowMs > best.limit / best.windowMs) best = { limit: k, windowMs };
  }
  return best!;
}

interface QueueTuning {
  attempts?: number;
  backoff?: { type: 'fixed' | 'exponential'; delayMs: number };
}

function queue<T>(name: string, o: ServiceOptions, tuning: QueueTuning = {}): JobQueue<T> {
  return o.store.redis
    ? createBullQueue<T>({
        name,
        redis: o.store.redis,
        prefix: o.store.prefix,
        logger: o.logger,
        clock: o.clock,
        ...tuning,
      })
    : createMemoryQueue<T>({ logger: o.logger, clock: o.clock, ...tuning });
}

/**
 * The service, put together from its parts: HubSpot and Twilio clients, the store, the queues
 * (BullMQ on Redis, in memory otherwise), the outreach use cases and the doors in front of them.
 */
export function composeService(o: ServiceOptions): ComposedService {
  const deps: OutreachDeps = {
    practice: o.practice,
    store: o.store,
    contacts: createContactAccess(o.hubspot),
    timeline: createTimeline(o.hubspot),
    callbacks: createActionCallbacks(o.hubspot),
    messenger:
      o.messenger ??
      createTwilioMessenger({
        client: o.twilio,
        limiter: o.store.limiter,
        messagingServiceSid: o.messagingServiceSid,
        voiceFrom: o.voiceFrom,
      }),
    unsubscribeEmail: (email) => unsubscribeFromAllEmail(o.hubspot, email),
    actions: queue<ActionJob>('outreach-actions', o),
    // Retried every few seconds for a day: HubSpot being down must not lose an opt-out.
    crmWrites: queue<CrmWrite>('crm-writes', o, {
      attempts: 17_280,
      backoff: { type: 'fixed', delayMs: 5_000 },
    }),
    reminderJobs: queue<ReminderJob>('reminders', o),
    priceLookups: queue<PriceLookup>('price-lookups', o, {
      attempts: 3,
      backoff: { type: 'exponential', delayMs: 30_000 },
    }),
    clock: o.clock,
    random: o.random,
    logger: o.logger.child({ module: 'outreach' }),
    publicBaseUrl: o.publicBaseUrl,
    linkSecret: o.linkSecret,
    ...(o.portalId ? { portalId: o.portalId } : {}),
    ...(o.priceLookupDelayMs !== undefined ? { priceLookupDelayMs: o.priceLookupDelayMs } : {}),
    ...(o.pmsWriteBack
      ? {
          pmsWriteBack: o.pmsWriteBack,
          // Backing off from 5 s to about 45 h, some 4 days in all: an office server switched off
          // for a long weekend still gets every chart entry, dated when it happened.
          pmsWrites: queue<PmsWrite>('pms-writes', o, {
            attempts: 17,
            backoff: { type: 'exponential', delayMs: 5_000 },
          }),
        }
      : {}),
  };
  const service = createOutreachService(deps);
  const routers = doorRoutes({
    publicBaseUrl: o.publicBaseUrl,
    service,
    idempotency: o.store.idempotency,
    logger: o.logger.child({ module: 'doors' }),
    clientSecret: o.hubspotClientSecret,
    clock: o.clock,
    authToken: o.twilioAuthToken,
    ...(o.portalId ? { portalId: o.portalId } : {}),
  });
  return {
    deps,
    service,
    routers,
    startWorkers(options = {}) {
      startOutreachWorkers(deps, options);
      deps.crmWrites.process((write) => applyCrmWrite(deps, write), { concurrency: 10 });
      deps.reminderJobs.process((job) => processReminder(deps, job), { concurrency: 10 });
      deps.pmsWrites?.process((write) => applyPmsWrite(deps, write), { concurrency: 5 });
      deps.priceLookups?.process((job) => lookUpPrice(deps, job), { concurrency: 2 });
    },
    async close() {
      await Promise.all([
        deps.actions.close(),
        deps.crmWrites.close(),
        deps.reminderJobs.close(),
        ...(deps.priceLookups ? [deps.priceLookups.close()] : []),
        ...(deps.pmsWrites ? [deps.pmsWrites.close()] : []),
      ]);
    },
  };
}
