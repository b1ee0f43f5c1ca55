/**
 * One line of `reactivate doctor`: a check passed (`ok`, with what was found), failed (`fail`, with
 * what to fix) or could not run (`skip`, with why). Details never hold a secret.
 */
export interface CheckResult {
  status: 'ok' | 'fail' | 'skip';
  check: string;
  detail: string;
}

export const ok = (check: string, detail: string): CheckResult => ({ status: 'ok', check, detail });
export const fail = (check: string, detail: string): CheckResult => ({
  status: 'fail',
  check,
  detail,
});
export const skip = (check: string, detail: string): CheckResult => ({
  status: 'skip',
  check,
  detail,
});

const LABELS = { ok: 'ok  ', fail: 'FAIL', skip: 'skip' } as const;

/** `ok   hubspot token: …` / `FAIL …` / `skip …`: the labels line up. */
export function formatResult(r: CheckResult): string {
  return `${LABELS[r.status]} ${r.check}: ${r.detail}`;
}

/** A network error's code (`ECONNREFUSED`), never its message (it may hold a URL with a password). */
export function networkReason(error: unknown): string {
  const seen = new Set<unknown>();
  let e: unknown = error;
  while (e && typeof e === 'object' && !seen.has(e)) {
    seen.add(e);
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return 'no answer';
}

/** Settles within `ms`, or rejects with a timeout: a check must not hang the doctor. */
export function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })),
      ms,
    );
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
