import type { OutreachDeps } from './outreach-deps.ts';

/** The line type of a mobile number: cached, else looked up once (Twilio Lookup costs). */
export async function lineTypeOf(deps: OutreachDeps, e164: string): Promise<string | undefined> {
  const cached = await deps.store.lineTypes.get(e164);
  if (cached) return cached;
  try {
    const type = await deps.messenger.lookupLineType(e164);
    if (type) await deps.store.lineTypes.set(e164, type);
    return type;
  } catch (error) {
    // Without an answer the number is treated as a mobile; Twilio refuses a landline anyway.
    deps.logger.warn({ error: (error as Error).message }, 'line type lookup failed');
    return undefined;
  }
}
