import type { Client } from '@hubspot/api-client';
import { createBatcher } from '../lib/batcher.ts';
import { withHubSpotRetry } from './hubspot-errors.ts';

/**
 * Completing blocked workflow actions: the worker's outputs go back to HubSpot, which lets the
 * enrolled contact move on. Completions are batched (HubSpot's batch endpoint takes 100).
 */
export function createActionCallbacks(client: Client) {
  const batcher = createBatcher<{ callbackId: string; outputFields: Record<string, string> }, void>(
    {
      maxSize: 100,
      // Under HubSpot's limit, batches grow instead of calls multiplying (src/lib/batcher.ts).
      maxInFlight: 1,
      maxWaitMs: 20,
      run: async (inputs) => {
        await withHubSpotRetry(() =>
          client.automation.actions.callbacksApi.completeBatch({ inputs }),
        );
        return inputs.map(() => undefined);
      },
    },
  );
  return {
    complete: (callbackId: string, outputFields: Record<string, string>) =>
      batcher.submit({ callbackId, outputFields }),
  };
}

export type ActionCallbacks = ReturnType<typeof createActionCallbacks>;
