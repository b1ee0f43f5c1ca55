import type { Clock } from '../../../lib/clock.ts';
import { WebhookDispatcher } from '../webhooks.ts';
import { ContactStore } from './contact-store.ts';
import { ContactWriter } from './contact-writes.ts';
import { ENGAGEMENT_TYPES, type EngagementType } from './engagement-schemas.ts';
import { EngagementStore } from './engagement-store.ts';
import {
  SubscriptionStore,
  type CallbackCompletion,
  type Owner,
} from './owners-and-subscriptions.ts';
import { PropertyStore } from './property-store.ts';

/** Everything the sandbox portal holds; route handlers and the sandbox's own methods share it. */
export interface Portal {
  clock: Clock;
  portalId: number;
  properties: PropertyStore;
  contacts: ContactStore;
  writer: ContactWriter;
  engagements: Record<EngagementType, EngagementStore>;
  owners: readonly Owner[];
  ownerIds: () => ReadonlySet<string>;
  subscriptions: SubscriptionStore;
  callbacks: CallbackCompletion[];
  webhooks: WebhookDispatcher;
}

// Engagement ids start in their own ranges so a contact id is never mistaken for one.
const FIRST_IDS: Record<EngagementType, number> = {
  communications: 30_000_001,
  tasks: 40_000_001,
  calls: 50_000_001,
};

/** An empty portal: HubSpot's standard contact properties, the given owners, no records. */
export function createPortal(options: {
  clock: Clock;
  portalId: number;
  owners: readonly Owner[];
}): Portal {
  const { clock, portalId, owners } = options;
  const ids = new Set(owners.map((o) => o.id));
  const ownerIds = () => ids;
  const properties = new PropertyStore(clock);
  const contacts = new ContactStore();
  const engagements = Object.fromEntries(
    ENGAGEMENT_TYPES.map((type) => [
      type,
      new EngagementStore(type, contacts, ownerIds, clock, FIRST_IDS[type]),
    ]),
  ) as Record<EngagementType, EngagementStore>;
  return {
    clock,
    portalId,
    properties,
    contacts,
    writer: new ContactWriter(contacts, properties, ownerIds, clock),
    engagements,
    owners,
    ownerIds,
    subscriptions: new SubscriptionStore(),
    callbacks: [],
    webhooks: new WebhookDispatcher(clock, portalId),
  };
}
