import { snapshot, type ContactSnapshot } from './state/contact-store.ts';
import type { EngagementRecord, EngagementStore } from './state/engagement-store.ts';
import type { SubscriptionStatus } from './state/owners-and-subscriptions.ts';
import type { Portal } from './state/portal.ts';
import type { GroupDefinition, PropertyDefinition } from './state/property-definitions.ts';

/** Read access to the sandbox portal for tests: copies, never the live records. */

export interface ContactsView {
  /** Live (not archived) contacts, in id order. */
  list(): ContactSnapshot[];
  /** A live contact by id, or (with `archived: true`) an archived one. */
  get(id: string, options?: { archived?: boolean }): ContactSnapshot | undefined;
  /** Live contacts whose `property` equals `value` (emails compared case-insensitively). */
  findBy(property: string, value: string): ContactSnapshot[];
  count(): number;
}

export interface DefinitionsView<T> {
  list(): T[];
  get(name: string): T | undefined;
}

export interface EngagementSnapshot {
  id: string;
  properties: Record<string, string>;
  /** Ids of the associated contacts. */
  contactIds: string[];
  createdAt: Date;
  updatedAt: Date;
}

export interface EngagementsView {
  list(): EngagementSnapshot[];
  get(id: string): EngagementSnapshot | undefined;
}

export interface EmailSubscriptionSnapshot {
  unsubscribedFromAll?: Date;
  /** Status per subscription type name. */
  statuses: Record<string, SubscriptionStatus>;
}

export interface EmailSubscriptionsView {
  get(email: string): EmailSubscriptionSnapshot | undefined;
}

/** Contacts as tests see them. */
export function contactsView(portal: Portal): ContactsView {
  return {
    list: () => portal.contacts.live().map(snapshot),
    get: (id, options) => {
      const record = portal.contacts.get(id, options);
      return record ? snapshot(record) : undefined;
    },
    findBy: (property, value) =>
      portal.contacts
        .live()
        .filter((r) => {
          const held = r.values.get(property);
          return property === 'email'
            ? held?.toLowerCase() === value.trim().toLowerCase()
            : held === value;
        })
        .map(snapshot),
    count: () => portal.contacts.live().length,
  };
}

/** Property definitions (copies). */
export function propertiesView(portal: Portal): DefinitionsView<PropertyDefinition> {
  return {
    list: () => portal.properties.list().map((p) => structuredClone(p)),
    get: (name) => {
      const def = portal.properties.get(name);
      return def ? structuredClone(def) : undefined;
    },
  };
}

/** Property groups (copies). */
export function groupsView(portal: Portal): DefinitionsView<GroupDefinition> {
  return {
    list: () => portal.properties.listGroups().map((g) => ({ ...g })),
    get: (name) => {
      const group = portal.properties.getGroup(name);
      return group ? { ...group } : undefined;
    },
  };
}

function engagementSnapshot(record: EngagementRecord): EngagementSnapshot {
  return {
    id: record.id,
    properties: Object.fromEntries(record.values),
    contactIds: [...record.contactIds],
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

/** One kind of timeline object. */
export function engagementsView(store: EngagementStore): EngagementsView {
  return {
    list: () => store.list().map(engagementSnapshot),
    get: (id) => {
      const record = store.get(id);
      return record ? engagementSnapshot(record) : undefined;
    },
  };
}

/** Email subscription statuses by address. */
export function emailSubscriptionsView(portal: Portal): EmailSubscriptionsView {
  return {
    get: (email) => {
      const state = portal.subscriptions.get(email);
      if (!state) return undefined;
      const statuses = Object.fromEntries(
        portal.subscriptions.statuses(email).map((s) => [s.type.name, s.status]),
      );
      return {
        ...(state.unsubscribedFromAll ? { unsubscribedFromAll: state.unsubscribedFromAll } : {}),
        statuses,
      };
    },
  };
}
