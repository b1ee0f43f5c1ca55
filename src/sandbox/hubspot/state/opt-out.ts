import type { Portal } from './portal.ts';

/**
 * An address unsubscribes from all email: every subscription type goes to NOT_SUBSCRIBED and,
 * as HubSpot does, the contact holding the address gets `hs_email_optout = true` (which a
 * contact.propertyChange webhook reports). Returns false when the address already was out.
 */
export function unsubscribeFromAll(
  portal: Portal,
  email: string,
  options: { source: string; changeSource: string; fromApi: boolean },
): boolean {
  const at = portal.clock.now();
  const changed = portal.subscriptions.unsubscribeAll(email, at, options.source);
  const contact = portal.contacts.findByUnique('email', email);
  if (!contact) return changed;
  const changes = portal.contacts.write(
    contact,
    new Map([['hs_email_optout', 'true']]),
    at,
    options.source,
  );
  if (changes.length > 0) {
    portal.webhooks.emit(
      [
        {
          subscriptionType: 'contact.propertyChange',
          objectId: Number(contact.id),
          propertyName: 'hs_email_optout',
          propertyValue: 'true',
          changeSource: options.changeSource,
        },
      ],
      options.fromApi,
    );
  }
  return changed;
}
