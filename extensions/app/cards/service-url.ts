/**
 * Where the card finds the reactivation service.
 *
 * A card cannot read environment variables, and HubSpot applies profile variables
 * (`hsprofile.<name>.json`, `${SERVICE_URL}`) to the `*-hsmeta.json` files, not to card source. So
 * the address lives here, and must match `permittedUrls.fetch` in `app-hsmeta.json` (HubSpot refuses
 * any other URL): the deployer edits DEFAULT_SERVICE_URL to the `SERVICE_URL` of their
 * `extensions/hsprofile.<name>.json`. test/hubspot-project.test.ts keeps it equal to the example
 * profile.
 *
 * `@hubspot/ui-extensions` 0.17 also types an optional `context.variables` (profile variables).
 * HubSpot's documentation does not say that cards receive them, so it is used when present and
 * the constant stands otherwise: either way the card reaches the service.
 */
export const DEFAULT_SERVICE_URL = 'https://reactivation.example-practice.com';

/**
 * The service's base URL (no trailing slash): the profile's `SERVICE_URL` when HubSpot hands it
 * to the card and it is an https URL, else {@link DEFAULT_SERVICE_URL}.
 */
export function serviceUrl(variables?: Readonly<Record<string, unknown>>): string {
  const fromProfile = variables?.SERVICE_URL;
  if (typeof fromProfile === 'string' && /^https:\/\/[^/\s]+/.test(fromProfile)) {
    return fromProfile.replace(/\/+$/, '');
  }
  return DEFAULT_SERVICE_URL;
}
