import { recordEvent } from './events.ts';
import { dimensionsOf } from './event-dimensions.ts';
import type { OutreachDeps, PriceLookup } from './outreach-deps.ts';
import type { JobResult } from './queue.ts';

/** Twilio prices a message some time after its final status: first ask after a minute. */
export const FIRST_PRICE_LOOKUP_MS = 60_000;
/** Then 2, 4, 8, 16 minutes later; after that the message counts with no cost. */
const MAX_ATTEMPTS = 5;

/** Queues the first ask for a message's price. */
export async function schedulePriceLookup(deps: OutreachDeps, sid: string): Promise<void> {
  if (!deps.priceLookups) return;
  const delay = deps.priceLookupDelayMs ?? FIRST_PRICE_LOOKUP_MS;
  const at = new Date(deps.clock.now().getTime() + delay);
  await deps.priceLookups.add(`price:${sid}:0`, { sid, attempt: 0 }, { at });
}

/**
 * Asks Twilio what a message cost and records it as a `priced` event with the message's
 * dimensions: the dashboard's message cost and return on cost add these up. A price in another
 * currency than the practice's is not converted (no rate here): it is left out and logged.
 */
export async function lookUpPrice(
  deps: OutreachDeps,
  job: PriceLookup,
): Promise<JobResult<PriceLookup>> {
  const message = await deps.store.messages.get(job.sid);
  if (!message) return { kind: 'done' };
  const found = await deps.messenger.priceOf(job.sid);
  if (!found) {
    if (job.attempt + 1 >= MAX_ATTEMPTS) return { kind: 'done' };
    const delay = FIRST_PRICE_LOOKUP_MS * 2 ** (job.attempt + 1);
    return {
      kind: 'later',
      at: new Date(deps.clock.now().getTime() + delay),
      data: { sid: job.sid, attempt: job.attempt + 1 },
    };
  }
  const cost = Math.abs(Number(found.price));
  if (!Number.isFinite(cost)) return { kind: 'done' };
  if (found.unit.toUpperCase() !== deps.practice.currency.toUpperCase()) {
    deps.logger.warn(
      { messageSid: job.sid, unit: found.unit },
      'message priced in another currency than the practice: left out of the cost',
    );
    return { kind: 'done' };
  }
  await recordEvent(deps, {
    type: 'priced',
    patientKey: message.patientKey,
    ...dimensionsOf(message),
    cost,
  });
  return { kind: 'done' };
}
