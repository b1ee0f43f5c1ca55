/**
 * The HubSpot sandbox: a local stand-in for HubSpot's API for tests, benchmarks and the embedded
 * demo. Point `@hubspot/api-client` at it with `new Client({ accessToken, basePath: sandbox.baseUrl,
 * numberOfApiCallRetries: 0 })`.
 */
export { startHubSpotSandbox, type HubSpotSandbox } from './sandbox.ts';
export type { HubSpotSandboxOptions, WindowOption } from './options.ts';
export type { AnsweredRequest } from './app.ts';
export type { FaultControl, Fail429Options, RouteMatch } from './faults.ts';
export type { SandboxStats } from './stats.ts';
export { HubSpotApiError, type RateLimitPolicy } from './http-error.ts';
export {
  signV1,
  signV2,
  signV3,
  v2Headers,
  v3Headers,
  v3Uri,
  type SignInput,
} from './signatures.ts';
export type {
  SubscriptionType,
  WebhookDelivery,
  WebhookEvent,
  WebhookSubscriptionOptions,
} from './webhooks.ts';
export type {
  ContactsView,
  DefinitionsView,
  EmailSubscriptionSnapshot,
  EmailSubscriptionsView,
  EngagementSnapshot,
  EngagementsView,
} from './views.ts';
export type { ContactSnapshot } from './state/contact-store.ts';
export type { CallbackCompletion, Owner } from './state/owners-and-subscriptions.ts';
export type {
  GroupDefinition,
  OptionDefinition,
  PropertyDefinition,
} from './state/property-definitions.ts';
export { ALL_SCOPES, SCOPES } from './scopes.ts';
export { TO_CONTACT_TYPE_ID } from './state/engagement-schemas.ts';
