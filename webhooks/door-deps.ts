import type { Clock } from '../src/lib/clock.ts';
import type { Logger } from '../src/lib/logger.ts';
import type { OutreachService } from '../src/outreach/doors.ts';
import type { IdempotencyStore } from '../src/store/idempotency.ts';

/** What every door needs: where callers reach us, whom to hand over to, and how to stay exactly-once. */
export interface CommonDoorDeps {
  /** `PUBLIC_BASE_URL`: the scheme, host (and any path prefix) callers were given. */
  publicBaseUrl: string;
  service: OutreachService;
  idempotency: IdempotencyStore;
  logger: Logger;
}

/** The HubSpot doors (workflow actions, CRM webhooks). */
export interface HubSpotDoorDeps extends CommonDoorDeps {
  /** The app's client secret: the key of HubSpot's request signatures. */
  clientSecret: string;
  /** Stamps `receivedAt` and judges v3 timestamps. */
  clock: Clock;
  /** The HubSpot account the app is installed in: card requests from any other are refused. */
  portalId?: number;
}

/** The Twilio doors (message status, inbound messages, voice). */
export interface TwilioDoorDeps extends CommonDoorDeps {
  /** The account's auth token: the key of `X-Twilio-Signature`. */
  authToken: string;
}

/** How long a delivery id is remembered: HubSpot retries over hours, a BLOCKed action waits 7 days. */
export const DEDUPE_TTL_MS = 7 * 24 * 60 * 60 * 1000;
