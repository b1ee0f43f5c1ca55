import type { RateLimitPolicy } from './http-error.ts';

export interface WindowSpec {
  requests: number;
  windowMs: number;
}

/** A rolling window: at most `requests` admitted in any `windowMs`, counted per key (token). */
export class RollingWindow {
  private readonly hits = new Map<string, number[]>();

  constructor(readonly spec: WindowSpec) {}

  /** Admits and counts a request, or refuses it (a refused request is not counted). */
  tryAcquire(key: string, now: number): boolean {
    const list = this.prune(key, now);
    if (list.length >= this.spec.requests) return false;
    list.push(now);
    return true;
  }

  remaining(key: string, now: number): number {
    return Math.max(0, this.spec.requests - this.prune(key, now).length);
  }

  reset(): void {
    this.hits.clear();
  }

  private prune(key: string, now: number): number[] {
    const list = this.hits.get(key) ?? [];
    const from = now - this.spec.windowMs;
    let drop = 0;
    while (drop < list.length && (list[drop] ?? 0) <= from) drop += 1;
    if (drop > 0) list.splice(0, drop);
    this.hits.set(key, list);
    return list;
  }
}

/**
 * HubSpot's limits for one portal: the ten-secondly rolling limit (190 per 10 s for a private app on
 * Professional/Enterprise), the search limit (4–5 per second; search calls count in both), and the
 * daily limit (650,000 on Professional). All run on the sandbox clock.
 */
export class RateLimiter {
  private readonly general: RollingWindow | undefined;
  private readonly search: RollingWindow | undefined;
  private day = '';
  private readonly daily = new Map<string, number>();

  constructor(
    general: WindowSpec | undefined,
    search: WindowSpec | undefined,
    private readonly dailyLimit: number,
  ) {
    this.general = general && general.requests > 0 ? new RollingWindow(general) : undefined;
    this.search = search && search.requests > 0 ? new RollingWindow(search) : undefined;
  }

  get enabled(): boolean {
    return this.general !== undefined;
  }

  /** Counts a request; returns the policy it broke, if any. */
  admit(token: string, isSearch: boolean, now: number): RateLimitPolicy | undefined {
    const day = new Date(now).toISOString().slice(0, 10);
    if (day !== this.day) {
      this.day = day;
      this.daily.clear();
    }
    const used = this.daily.get(token) ?? 0;
    if (this.general && used >= this.dailyLimit) return 'DAILY';
    if (this.general && this.general.remaining(token, now) === 0) return 'TEN_SECONDLY_ROLLING';
    if (isSearch && this.search && !this.search.tryAcquire(token, now)) return 'SECONDLY';
    this.general?.tryAcquire(token, now);
    this.daily.set(token, used + 1);
    return undefined;
  }

  /**
   * The headers HubSpot sends with each response of a private app (usage guidelines: Max,
   * Remaining and Interval-Milliseconds for the rolling window, Daily and Daily-Remaining).
   */
  headers(token: string, now: number): Record<string, string> {
    if (!this.general) return {};
    return {
      'X-HubSpot-RateLimit-Daily': String(this.dailyLimit),
      'X-HubSpot-RateLimit-Daily-Remaining': String(
        Math.max(0, this.dailyLimit - (this.daily.get(token) ?? 0)),
      ),
      'X-HubSpot-RateLimit-Interval-Milliseconds': String(this.general.spec.windowMs),
      'X-HubSpot-RateLimit-Max': String(this.general.spec.requests),
      'X-HubSpot-RateLimit-Remaining': String(this.general.remaining(token, now)),
    };
  }

  reset(): void {
    this.general?.reset();
    this.search?.reset();
    this.daily.clear();
  }
}
