import { hubspot } from '@hubspot/ui-extensions';
import { ReactivationCardView } from './reactivation-card-view.tsx';

/**
 * The card's entry point (`entrypoint` in reactivation-card-hsmeta.json): HubSpot calls this with
 * the record's context; the card talks to the service through `hubspot.fetch` only.
 */
hubspot.extend<'crm.record.tab'>(({ context }) => (
  <ReactivationCardView context={context} fetch={hubspot.fetch} />
));
