import type { Clock } from '../../lib/clock.ts';
import { signV1, signV3 } from './signatures.ts';

export type SubscriptionType =
  'contact.propertyChange' | 'contact.deletion' | 'contact.privacyDeletion';

/** One event of HubSpot's webhook payload (a JSON array of these). */
export interface WebhookEvent {
  eventId: number;
  subscriptionId: number;
  portalId: number;
  appId: number;
  occurredAt: number;
  subscriptionType: SubscriptionType;
  attemptNumber: number;
  objectId: number;
  propertyName?: string;
  propertyValue?: string;
  changeSource: string;
}

export interface WebhookSubscriptionOptions {
  targetUrl: string;
  clientSecret: string;
  appId: number;
  /** Properties whose changes are sent as contact.propertyChange; every property when unset. */
  propertyNames?: string[];
  /**
   * Also send events for changes made through the API. HubSpot does send them; off by default so
   * that the service's own writes do not echo back in tests that do not expect them.
   */
  includeApiChanges?: boolean;
  /** HubSpot retries a failed delivery up to 10 times (over hours); the sandbox over milliseconds. */
  maxAttempts?: number;
  /** Wait before each retry; the last value repeats. Default 100, 200, 400, … up to 5 s. */
  retryDelaysMs?: number[];
}

export interface WebhookDelivery {
  events: WebhookEvent[];
  attemptNumber: number;
  at: Date;
  /** The receiver's status, when it answered. */
  status?: number;
  error?: string;
}

export type PendingEvent = Pick<WebhookEvent, 'subscriptionType' | 'objectId' | 'changeSource'> &
  Partial<Pick<WebhookEvent, 'propertyName' | 'propertyValue'>>;

const SUBSCRIPTION_IDS: Record<SubscriptionType, number> = {
  'contact.propertyChange': 2_101,
  'contact.deletion': 2_102,
  'contact.privacyDeletion': 2_103,
};
// HubSpot gives up on a delivery that takes longer than 5 seconds.
const TIMEOUT_MS = 5_000;

/** Sends HubSpot's signed webhook requests to one subscriber, retrying on failure. */
export class WebhookDispatcher {
  private subscription: WebhookSubscriptionOptions | undefined;
  private lastEventId = 4_000_000;
  private readonly log: WebhookDelivery[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(
    private readonly clock: Clock,
    private readonly portalId: number,
  ) {}

  get deliveries(): readonly WebhookDelivery[] {
    return this.log;
  }

  subscribe(options: WebhookSubscriptionOptions): void {
    this.subscription = { ...options };
  }

  unsubscribe(): void {
    this.subscription = undefined;
  }

  /** Sends the events a change produced, in one request. `fromApi` marks changes made through the API. */
  emit(pending: readonly PendingEvent[], fromApi: boolean): void {
    const sub = this.subscription;
    if (!sub || this.closed || (fromApi && !sub.includeApiChanges)) return;
    const wanted = pending.filter(
      (e) =>
        e.subscriptionType !== 'contact.propertyChange' ||
        !sub.propertyNames ||
        sub.propertyNames.includes(e.propertyName ?? ''),
    );
    if (wanted.length === 0) return;
    const occurredAt = this.clock.now().getTime();
    const events = wanted.map((e) => {
      this.lastEventId += 1;
      return {
        eventId: this.lastEventId,
        subscriptionId: SUBSCRIPTION_IDS[e.subscriptionType],
        portalId: this.portalId,
        appId: sub.appId,
        occurredAt,
        attemptNumber: 0,
        ...e,
      };
    });
    this.track(this.deliver(sub, events, 0));
  }

  /** Resolves when no delivery or retry is pending. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0 || this.timers.size > 0) {
      await Promise.all([...this.inFlight]);
      if (this.timers.size > 0) await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private track(promise: Promise<void>): void {
    this.inFlight.add(promise);
    void promise.finally(() => this.inFlight.delete(promise));
  }

  private async deliver(
    sub: WebhookSubscriptionOptions,
    events: WebhookEvent[],
    attemptNumber: number,
  ): Promise<void> {
    const batch = events.map((e) => ({ ...e, attemptNumber }));
    const body = JSON.stringify(batch);
    const timestamp = this.clock.now().getTime();
    const headers = {
      'Content-Type': 'application/json',
      'X-HubSpot-Signature': signV1({ clientSecret: sub.clientSecret, body }),
      'X-HubSpot-Signature-Version': 'v1',
      'X-HubSpot-Signature-v3': signV3({
        clientSecret: sub.clientSecret,
        method: 'POST',
        url: sub.targetUrl,
        body,
        timestamp,
      }),
      'X-HubSpot-Request-Timestamp': String(timestamp),
    };
    const delivery: WebhookDelivery = { events: batch, attemptNumber, at: this.clock.now() };
    this.log.push(delivery);
    let ok = false;
    try {
      const response = await fetch(sub.targetUrl, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      delivery.status = response.status;
      await response.arrayBuffer();
      ok = response.ok;
    } catch (error) {
      delivery.error = error instanceof Error ? error.message : String(error);
    }
    if (ok || this.closed || attemptNumber + 1 >= (sub.maxAttempts ?? 10)) return;
    const delays = sub.retryDelaysMs ?? [100, 200, 400, 800, 1_600, 3_200, 5_000];
    const wait = delays[Math.min(attemptNumber, delays.length - 1)] ?? 1_000;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.track(this.deliver(sub, events, attemptNumber + 1));
    }, wait);
    this.timers.add(timer);
  }
}
