/**
 * The portal's users (owners), its email subscription types and each subscriber's statuses, and
 * the workflow callbacks completed through the automation API.
 */

export interface Owner {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  userId: number;
}

export const DEFAULT_OWNERS: readonly Owner[] = [
  {
    id: '70000001',
    email: 'frontdesk@example.com',
    firstName: 'Front',
    lastName: 'Desk',
    userId: 9000001,
  },
];

/** The `PublicOwner` JSON of `GET /crm/v3/owners`. */
export function ownerJson(owner: Owner, at: Date): Record<string, unknown> {
  return {
    id: owner.id,
    email: owner.email,
    type: 'PERSON',
    firstName: owner.firstName,
    lastName: owner.lastName,
    userId: owner.userId,
    userIdIncludingInactive: owner.userId,
    createdAt: at.toISOString(),
    updatedAt: at.toISOString(),
    archived: false,
  };
}

export interface SubscriptionType {
  id: number;
  name: string;
}

export const SUBSCRIPTION_TYPES: readonly SubscriptionType[] = [
  { id: 1001, name: 'Marketing Information' },
  { id: 1002, name: 'One to One' },
];

export type SubscriptionStatus = 'SUBSCRIBED' | 'NOT_SUBSCRIBED' | 'NOT_SPECIFIED';

export interface SubscriberState {
  /** Opted out of all email ("unsubscribe from all"), and when. */
  unsubscribedFromAll?: Date;
  statuses: Map<number, { status: SubscriptionStatus; timestamp: Date; source: string }>;
}

/** Email subscription statuses, keyed by lower-cased email address. */
export class SubscriptionStore {
  private readonly subscribers = new Map<string, SubscriberState>();

  get(email: string): SubscriberState | undefined {
    return this.subscribers.get(email.trim().toLowerCase());
  }

  /** Opts the address out of every subscription type; returns false when it already was. */
  unsubscribeAll(email: string, at: Date, source: string): boolean {
    const key = email.trim().toLowerCase();
    const state: SubscriberState = this.subscribers.get(key) ?? { statuses: new Map() };
    this.subscribers.set(key, state);
    const already = state.unsubscribedFromAll !== undefined;
    state.unsubscribedFromAll ??= at;
    for (const type of SUBSCRIPTION_TYPES) {
      if (state.statuses.get(type.id)?.status !== 'NOT_SUBSCRIBED') {
        state.statuses.set(type.id, { status: 'NOT_SUBSCRIBED', timestamp: at, source });
      }
    }
    return !already;
  }

  /** The status of every subscription type for an address (NOT_SPECIFIED when never set). */
  statuses(
    email: string,
  ): { type: SubscriptionType; status: SubscriptionStatus; timestamp?: Date; source?: string }[] {
    const state = this.get(email);
    return SUBSCRIPTION_TYPES.map((type) => {
      const entry = state?.statuses.get(type.id);
      return entry ? { type, ...entry } : { type, status: 'NOT_SPECIFIED' as const };
    });
  }
}

export interface CallbackCompletion {
  callbackId: string;
  outputFields: Record<string, unknown>;
  completedAt: Date;
  /** True when this callback had already been completed (HubSpot's answer to that is unconfirmed). */
  duplicate: boolean;
  /** `single` for `/{callbackId}/complete`, `batch` for `/complete`. */
  via: 'single' | 'batch';
}
