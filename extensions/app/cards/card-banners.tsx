import { Alert } from '@hubspot/ui-extensions';
import { formatInstant, type Formatting } from './card-format.ts';
import type { CardView } from './card-shape.ts';

/**
 * What the front desk must not miss: a patient waiting for a person, an opt-out, and a confirmation
 * the PMS does not know of (no write-back) that someone has to mark there.
 */
export function CardBanners({ view, formatting }: { view: CardView; formatting: Formatting }) {
  const toMark = view.markConfirmedInPms;
  return (
    <>
      {view.waitingForPerson && (
        <Alert title="Waiting for a person" variant="warning" testId="waiting-for-person">
          The patient replied and automated outreach has stopped. Please get back to them: call, or
          send the booking link.
        </Alert>
      )}
      {view.optedOut && (
        <Alert title="Opted out" variant="danger" testId="opted-out">
          The patient asked not to be contacted. No reactivation messages will be sent.
        </Alert>
      )}
      {toMark && (
        <Alert title="Mark it in the PMS" variant="info" testId="mark-confirmed-in-pms">
          {`Confirmed by the patient on ${formatInstant(toMark.confirmedAt, formatting)} — mark the appointment of ${formatInstant(toMark.appointmentAt, formatting)} confirmed in the PMS.`}
        </Alert>
      )}
    </>
  );
}
