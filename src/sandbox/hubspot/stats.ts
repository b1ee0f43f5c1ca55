/** What the sandbox has answered, for tests and benchmarks that count calls. */
export interface SandboxStats {
  /** Every request received, whatever its answer. */
  readonly total: number;
  /** 429s sent: the rate limits' and injected ones. */
  readonly rateLimited: number;
  /** 5xx sent (injected). */
  readonly serverErrors: number;
  /** Requests per route, keyed `"<METHOD> <route pattern>"`, e.g. `"POST /crm/v3/objects/contacts/batch/upsert"`. */
  readonly byRoute: Readonly<Record<string, number>>;
  /** Requests for one route (`count('POST', '/crm/v3/objects/contacts/search')`). */
  count(method: string, route: string): number;
  reset(): void;
}

export class Stats implements SandboxStats {
  private totalCount = 0;
  private tooMany = 0;
  private fiveHundreds = 0;
  private routes: Record<string, number> = {};

  get total(): number {
    return this.totalCount;
  }

  get rateLimited(): number {
    return this.tooMany;
  }

  get serverErrors(): number {
    return this.fiveHundreds;
  }

  get byRoute(): Readonly<Record<string, number>> {
    return { ...this.routes };
  }

  count(method: string, route: string): number {
    return this.routes[`${method.toUpperCase()} ${route}`] ?? 0;
  }

  record(method: string, route: string): void {
    this.totalCount += 1;
    const key = `${method.toUpperCase()} ${route}`;
    this.routes[key] = (this.routes[key] ?? 0) + 1;
  }

  recordStatus(status: number): void {
    if (status === 429) this.tooMany += 1;
    if (status >= 500) this.fiveHundreds += 1;
  }

  reset(): void {
    this.totalCount = 0;
    this.tooMany = 0;
    this.fiveHundreds = 0;
    this.routes = {};
  }
}
