import type { HubSpotFetchOptions } from '@hubspot/ui-extensions';
import {
  isCardActionResult,
  isCardView,
  type CardAction,
  type CardActionResult,
  type CardView,
} from './card-shape.ts';

/** `hubspot.fetch`'s shape: the card's only way out (HubSpot signs the request and proxies it). */
export type CardFetch = (url: string, options: HubSpotFetchOptions) => Promise<Response>;

/** A view loads fast; an action may wait on the compliance gate and a message provider. */
const VIEW_TIMEOUT_MS = 8_000;
const ACTION_TIMEOUT_MS = 14_000;

/** Why a call to the service failed: unreachable, refused, or an answer of the wrong shape. */
export class CardServiceError extends Error {
  constructor(
    readonly kind: 'network' | 'status' | 'shape',
    message: string,
  ) {
    super(message);
    this.name = 'CardServiceError';
  }
}

export interface CardClient {
  /** `GET /hubspot/card/contacts/<id>`: what the card shows. */
  load(): Promise<CardView>;
  /** `POST /hubspot/card/contacts/<id>/actions/<action>`: what happened, and usually the new view. */
  act(action: CardAction): Promise<CardActionResult>;
}

export interface CardClientOptions {
  fetch: CardFetch;
  /** The service's base URL, without a trailing slash. */
  serviceUrl: string;
  portalId: number | string;
  contactId: number | string;
}

/** The card's door to the service's `/hubspot/card/...` routes (src/outreach/card-view.ts). */
export function createCardClient(options: CardClientOptions): CardClient {
  const base = `${options.serviceUrl}/hubspot/card/contacts/${encodeURIComponent(String(options.contactId))}`;
  const query = `?portalId=${encodeURIComponent(String(options.portalId))}`;

  async function call(url: string, init: HubSpotFetchOptions): Promise<unknown> {
    let response: Response;
    try {
      response = await options.fetch(url, init);
    } catch {
      throw new CardServiceError('network', 'The reactivation service could not be reached.');
    }
    if (!response.ok) {
      throw new CardServiceError(
        'status',
        `The reactivation service answered with an error (${response.status}).`,
      );
    }
    try {
      return await response.json();
    } catch {
      throw new CardServiceError('shape', 'The reactivation service sent an unreadable answer.');
    }
  }

  return {
    async load() {
      const body = await call(`${base}${query}`, { method: 'GET', timeout: VIEW_TIMEOUT_MS });
      if (!isCardView(body)) {
        throw new CardServiceError('shape', 'The reactivation service sent an unexpected answer.');
      }
      return body;
    },
    async act(action) {
      const body = await call(`${base}/actions/${action}${query}`, {
        method: 'POST',
        // Everything the service needs is in the URL; HubSpot signs the (empty) body with it.
        body: {},
        timeout: ACTION_TIMEOUT_MS,
      });
      if (!isCardActionResult(body)) {
        throw new CardServiceError('shape', 'The reactivation service sent an unexpected answer.');
      }
      return body;
    },
  };
}
