import type { RateLimitPolicy } from './http-error.ts';

/** Which requests a fault applies to; unset parts match everything. */
export interface RouteMatch {
  method?: string;
  /** A request path (exact) or a pattern tested against it. */
  path?: string | RegExp;
}

export interface Fail429Options {
  /** Fail this many requests. */
  count?: number;
  /** Fail requests until this instant (epoch ms on the sandbox clock). */
  untilMs?: number;
  /** Fail requests for this long from now (ms on the sandbox clock). */
  forMs?: number;
  /** Send `Retry-After: <seconds>` (HubSpot's own 429s may come without it). */
  retryAfterSeconds?: number;
  /** Which HubSpot limit the body names; TEN_SECONDLY_ROLLING by default. */
  policy?: RateLimitPolicy;
  match?: RouteMatch;
}

export interface FaultControl {
  /** HubSpot's 429 for the next `count` requests, or for a span of time. */
  fail429(spec: number | Fail429Options): void;
  /** A 5xx (500 by default) for the next `count` requests. */
  fail5xx(count: number, status?: number, match?: RouteMatch): void;
  /** Extra latency on every response until reset. */
  latency(ms: number): void;
  /**
   * Holds every request (counted, not answered) until the returned function is called: a test
   * keeps a client busy for exactly as long as it needs, whatever the machine's speed.
   */
  stall(): () => void;
  /** Clears every fault (and lets stalled requests go). */
  reset(): void;
}

export type FaultOutcome =
  | { kind: '429'; policy: RateLimitPolicy; retryAfterSeconds?: number }
  | { kind: '5xx'; status: number };

interface Rule {
  outcome: FaultOutcome;
  remaining: number;
  until: number;
  match: RouteMatch | undefined;
}

/** The faults a test injects, checked for each request after authentication and rate limits. */
export class Faults implements FaultControl {
  private rules: Rule[] = [];
  private extraLatency = 0;
  private stalled: { until: Promise<void>; release: () => void } | undefined;

  constructor(private readonly now: () => number) {}

  fail429(spec: number | Fail429Options): void {
    const options: Fail429Options = typeof spec === 'number' ? { count: spec } : spec;
    const until =
      options.untilMs ??
      (options.forMs !== undefined ? this.now() + options.forMs : Number.POSITIVE_INFINITY);
    const remaining =
      options.count ?? (until === Number.POSITIVE_INFINITY ? 0 : Number.POSITIVE_INFINITY);
    const outcome: FaultOutcome = { kind: '429', policy: options.policy ?? 'TEN_SECONDLY_ROLLING' };
    if (options.retryAfterSeconds !== undefined)
      outcome.retryAfterSeconds = options.retryAfterSeconds;
    this.rules.push({ outcome, remaining, until, match: options.match });
  }

  fail5xx(count: number, status = 500, match?: RouteMatch): void {
    if (status < 500 || status > 599) throw new RangeError(`not a 5xx status: ${status}`);
    this.rules.push({
      outcome: { kind: '5xx', status },
      remaining: count,
      until: Number.POSITIVE_INFINITY,
      match,
    });
  }

  latency(ms: number): void {
    this.extraLatency = ms;
  }

  get latencyMs(): number {
    return this.extraLatency;
  }

  stall(): () => void {
    if (!this.stalled) {
      let release = (): void => undefined;
      const until = new Promise<void>((resolve) => (release = resolve));
      this.stalled = { until, release };
    }
    const stalled = this.stalled;
    return () => {
      stalled.release();
      if (this.stalled === stalled) this.stalled = undefined;
    };
  }

  /** Resolves when requests may go on (at once unless stalled). */
  flowing(): Promise<void> {
    return this.stalled?.until ?? Promise.resolve();
  }

  reset(): void {
    this.rules = [];
    this.extraLatency = 0;
    this.stalled?.release();
    this.stalled = undefined;
  }

  /** The fault this request meets, if any (and uses one of its count). */
  take(method: string, path: string): FaultOutcome | undefined {
    const now = this.now();
    this.rules = this.rules.filter((r) => r.remaining > 0 && r.until > now);
    const rule = this.rules.find((r) => matches(r.match, method, path));
    if (!rule) return undefined;
    rule.remaining -= 1;
    return rule.outcome;
  }
}

function matches(match: RouteMatch | undefined, method: string, path: string): boolean {
  if (!match) return true;
  if (match.method && match.method.toUpperCase() !== method.toUpperCase()) return false;
  if (match.path === undefined) return true;
  return typeof match.path === 'string' ? match.path === path : match.path.test(path);
}
