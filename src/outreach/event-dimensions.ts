import type { MessageRecord } from '../store/message-log.ts';
import type { ReactivationEvent } from '../store/event-log.ts';

/** The dashboard's dimensions of an event about a message: its office, segment, channel, variant. */
export function dimensionsOf(
  m: MessageRecord | undefined,
): Partial<Pick<ReactivationEvent, 'location' | 'segment' | 'channel' | 'templateId' | 'variant'>> {
  if (!m) return {};
  return {
    channel: m.channel,
    ...(m.location ? { location: m.location } : {}),
    ...(m.segment ? { segment: m.segment } : {}),
    ...(m.templateId ? { templateId: m.templateId } : {}),
    ...(m.variant ? { variant: m.variant } : {}),
  };
}
