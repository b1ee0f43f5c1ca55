import type { Client } from '@hubspot/api-client';
import { withHubSpotRetry } from './hubspot-errors.ts';

/**
 * Email stays HubSpot's own channel; an opt-out on any channel must reach it too. The v4
 * communication preferences API has no typed method in @hubspot/api-client 13, so it is called
 * through the client's `apiRequest` (same auth, same limiter).
 */
export async function unsubscribeFromAllEmail(client: Client, email: string): Promise<void> {
  await withHubSpotRetry(async () => {
    const response = await client.apiRequest({
      method: 'POST',
      path: `/communication-preferences/v4/statuses/${encodeURIComponent(email)}/unsubscribe-all`,
      qs: { channel: 'EMAIL' },
    });
    if (!response.ok) {
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => (headers[name] = value));
      // Shaped like the client's ApiException, so the one retry policy reads it.
      throw { code: response.status, body: await response.text(), headers };
    }
  });
}
