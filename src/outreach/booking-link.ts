import { verifyBookingToken } from '../domain/booking-token.ts';
import { locationFor, type Location } from '../domain/practice.ts';
import type { BookingLinkAnswer } from './doors.ts';
import { recordEvent } from './events.ts';
import { dimensionsOf } from './event-dimensions.ts';
import type { OutreachDeps } from './outreach-deps.ts';
import { escapeXml } from './twiml.ts';

/**
 * A patient tapped their booking link: the click is recorded (and credited to the last message)
 * and the patient goes on to their office's booking page. A link that is expired, altered or
 * unknown never shows an error: a friendly page with the practice's phone.
 */
export async function followBookingLink(
  deps: OutreachDeps,
  token: string,
): Promise<BookingLinkAnswer> {
  const check = verifyBookingToken(token, deps.clock.now(), { secret: deps.linkSecret });
  const patientKey = check.ok ? await deps.store.directory.keyOfLink(check.id) : undefined;
  if (!check.ok || !patientKey) {
    deps.logger.info({ reason: check.ok ? 'unknown' : check.reason }, 'booking link refused');
    return {
      kind: 'page',
      html: friendlyPage(
        deps.practice.name,
        deps.practice.locations,
        check.ok ? 'unknown' : check.reason,
      ),
    };
  }
  const entry = await deps.store.directory.get(patientKey);
  const location = locationFor(deps.practice, entry?.clinicId);
  const last = (await deps.store.messages.forPatient(patientKey, 1))[0];
  // The click is a touch of that message: a booking soon after is credited to it (sync-events.ts).
  if (last)
    await deps.store.messages.annotate(last.sid, { clickedAt: deps.clock.now().toISOString() });
  await recordEvent(deps, {
    type: 'clicked',
    patientKey,
    ...dimensionsOf(last),
    location: location.name,
  });
  deps.logger.info({ patientKey }, 'booking link followed');
  return { kind: 'redirect', url: location.bookingUrl };
}

function friendlyPage(practice: string, locations: Location[], reason: string): string {
  const phones = locations
    .map(
      (l) =>
        `<li>${escapeXml(l.name)}: <a href="tel:${escapeXml(l.phone.replace(/[^\d+]/g, ''))}">${escapeXml(l.phone)}</a></li>`,
    )
    .join('');
  const headline =
    reason === 'expired' ? 'This booking link has expired' : 'We could not open this booking link';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeXml(practice)}</title>
<style>body{font:17px/1.5 system-ui,sans-serif;color:#1d2733;margin:0;background:#f5f7fa}main{max-width:520px;margin:10vh auto;padding:24px;background:#fff;border-radius:12px;box-shadow:0 1px 4px rgba(0,0,0,.08)}a{color:#1a6ec0}</style></head>
<body><main><h1>${escapeXml(practice)}</h1><p>${headline}, but we would love to see you. Call us and we will find a time together:</p><ul>${phones}</ul></main></body></html>`;
}
