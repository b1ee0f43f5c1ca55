import { DateTime } from 'luxon';
import type { ReactivationEvent } from '../store/event-log.ts';
import type { OutreachDeps } from './outreach-deps.ts';

/** Records a reactivation event, counted on the practice's calendar day. */
export async function recordEvent(
  deps: Pick<OutreachDeps, 'store' | 'clock' | 'practice' | 'logger'>,
  event: Omit<ReactivationEvent, 'at' | 'day'> & { at?: Date },
): Promise<void> {
  const at = event.at ?? deps.clock.now();
  const day = DateTime.fromJSDate(at).setZone(deps.practice.timeZone).toISODate()!;
  const { at: _at, ...rest } = event;
  try {
    await deps.store.events.record({ ...rest, at: at.toISOString(), day });
  } catch (error) {
    // Measurement must never stop a message or an opt-out.
    deps.logger.warn({ type: event.type, error: (error as Error).message }, 'event not recorded');
  }
}
