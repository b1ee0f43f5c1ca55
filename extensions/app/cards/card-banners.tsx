import { Alert } from '@hubspot/ui-extensions';
import type { CardView } from './card-shape.ts';

/** The two things the front desk must not miss: a patient waiting for a person, and an opt-out. */
export function CardBanners({ view }: { view: CardView }) {
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
    </>
  );
}
