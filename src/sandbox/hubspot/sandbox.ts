import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildApp } from './app.ts';
import { Faults, type FaultControl } from './faults.ts';
import { notFoundError } from './http-error.ts';
import { resolveOptions, type HubSpotSandboxOptions } from './options.ts';
import { RateLimiter } from './rate-limit.ts';
import { snapshot, type ContactSnapshot } from './state/contact-store.ts';
import type { CallbackCompletion } from './state/owners-and-subscriptions.ts';
import { unsubscribeFromAll } from './state/opt-out.ts';
import { createPortal, type Portal } from './state/portal.ts';
import type { GroupDefinition, PropertyDefinition } from './state/property-definitions.ts';
import { Stats, type SandboxStats } from './stats.ts';
import {
  contactsView,
  emailSubscriptionsView,
  engagementsView,
  groupsView,
  propertiesView,
  type ContactsView,
  type DefinitionsView,
  type EmailSubscriptionsView,
  type EngagementsView,
} from './views.ts';
import type { WebhookDelivery, WebhookSubscriptionOptions } from './webhooks.ts';

export interface HubSpotSandbox {
  /** `http://127.0.0.1:<port>`: the api-client's `basePath`. */
  readonly baseUrl: string;
  readonly accessToken: string;
  readonly portalId: number;
  readonly faults: FaultControl;
  readonly stats: SandboxStats;
  resetStats(): void;
  readonly contacts: ContactsView;
  readonly properties: DefinitionsView<PropertyDefinition>;
  readonly groups: DefinitionsView<GroupDefinition>;
  readonly communications: EngagementsView;
  readonly tasks: EngagementsView;
  readonly calls: EngagementsView;
  /** Every completion received, in order (a repeated callbackId is marked `duplicate`). */
  readonly callbackCompletions: readonly CallbackCompletion[];
  readonly emailSubscriptions: EmailSubscriptionsView;
  /** Deliveries made so far, and a way to wait until retries are done. */
  readonly webhooks: { readonly deliveries: readonly WebhookDelivery[]; idle(): Promise<void> };
  /**
   * A contact created outside the sync (a web form, a person in HubSpot): same rules as the API,
   * same errors (HubSpotApiError with HubSpot's status and body). Sends no webhook.
   */
  createContact(properties: Record<string, string>): ContactSnapshot;
  /** A staff member edits a contact in HubSpot: contact.propertyChange per changed property. */
  staffUpdateContact(id: string, properties: Record<string, string>): ContactSnapshot;
  /** A staff member deletes a contact: contact.deletion. */
  deleteContact(id: string): void;
  /** A GDPR deletion: the contact is gone for good; contact.privacyDeletion. */
  privacyDeleteContact(id: string): void;
  /** The recipient clicks "unsubscribe from all": statuses, hs_email_optout, propertyChange. */
  unsubscribeEmail(email: string): void;
  /** Sends HubSpot's signed webhook events to `targetUrl` from now on (replaces a previous one). */
  subscribeWebhooks(options: WebhookSubscriptionOptions): void;
  close(): Promise<void>;
}

/**
 * Starts a local stand-in for HubSpot's API on 127.0.0.1 that answers with HubSpot's shapes,
 * status codes, error bodies and limits, for `@hubspot/api-client` pointed at it with `basePath`.
 */
export async function startHubSpotSandbox(
  options: HubSpotSandboxOptions = {},
): Promise<HubSpotSandbox> {
  const resolved = resolveOptions(options);
  const clock = resolved.clock;
  const portal = createPortal({ clock, portalId: resolved.portalId, owners: resolved.owners });
  const stats = new Stats();
  const faults = new Faults(() => clock.now().getTime());
  const limiter = new RateLimiter(
    resolved.rateLimit || undefined,
    resolved.searchRateLimit || undefined,
    resolved.dailyLimit,
  );
  let baseUrl = '';
  const app = buildApp({
    portal,
    baseUrl: () => baseUrl,
    onResponse: resolved.onResponse,
    gate: {
      accessToken: resolved.accessToken,
      scopes: new Set(resolved.scopes),
      limiter,
      faults,
      stats,
      latencyMs: resolved.latencyMs,
      clock,
    },
  });
  const server = await listen(app, resolved.port);
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    baseUrl,
    accessToken: resolved.accessToken,
    portalId: resolved.portalId,
    faults,
    stats,
    resetStats: () => stats.reset(),
    contacts: contactsView(portal),
    properties: propertiesView(portal),
    groups: groupsView(portal),
    communications: engagementsView(portal.engagements.communications),
    tasks: engagementsView(portal.engagements.tasks),
    calls: engagementsView(portal.engagements.calls),
    get callbackCompletions() {
      return [...portal.callbacks];
    },
    emailSubscriptions: emailSubscriptionsView(portal),
    webhooks: {
      get deliveries() {
        return [...portal.webhooks.deliveries];
      },
      idle: () => portal.webhooks.idle(),
    },
    createContact: (properties) => {
      const [result] = portal.writer.apply([{ properties }], 'FORM');
      if (!result) throw new Error('contact write returned nothing');
      return snapshot(result.record);
    },
    staffUpdateContact: (id, properties) => staffUpdate(portal, id, properties),
    deleteContact: (id) => {
      if (!portal.contacts.archive(id, clock.now())) throw notFoundError();
      portal.webhooks.emit(
        [{ subscriptionType: 'contact.deletion', objectId: Number(id), changeSource: 'CRM_UI' }],
        false,
      );
    },
    privacyDeleteContact: (id) => {
      if (!portal.contacts.get(id)) throw notFoundError();
      portal.contacts.purge(id);
      // changeSource for privacy deletions is unconfirmed.
      portal.webhooks.emit(
        [
          {
            subscriptionType: 'contact.privacyDeletion',
            objectId: Number(id),
            changeSource: 'GDPR',
          },
        ],
        false,
      );
    },
    unsubscribeEmail: (email) => {
      unsubscribeFromAll(portal, email, { source: 'EMAIL', changeSource: 'EMAIL', fromApi: false });
    },
    subscribeWebhooks: (subscription) => portal.webhooks.subscribe(subscription),
    close: async () => {
      portal.webhooks.close();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}

function staffUpdate(
  portal: Portal,
  id: string,
  properties: Record<string, string>,
): ContactSnapshot {
  const target = portal.contacts.get(id);
  if (!target) throw notFoundError();
  const [result] = portal.writer.apply([{ target, properties, inputId: id }], 'CRM_UI');
  if (!result) throw new Error('contact write returned nothing');
  portal.webhooks.emit(
    result.changes.map((c) => ({
      subscriptionType: 'contact.propertyChange' as const,
      objectId: Number(c.id),
      propertyName: c.propertyName,
      propertyValue: c.value ?? '',
      changeSource: 'CRM_UI',
    })),
    false,
  );
  return snapshot(result.record);
}

function listen(app: ReturnType<typeof buildApp>, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, '127.0.0.1', (error?: Error) =>
      error ? reject(error) : resolve(server),
    );
  });
}
