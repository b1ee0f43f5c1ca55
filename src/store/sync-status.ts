import { z } from 'zod';

/** The snapshot each real (not dry-run) sync leaves: how the last one ended. */
export const SYNC_SNAPSHOT = 'sync';

/**
 * How the last sync ended, for the dashboard: a practice that only looks there must see that
 * HubSpot stopped being updated (a revoked token, a PMS that moved) without reading the logs.
 * `error` is the typed error's own message (what to fix, never patient data) or a generic line.
 */
export const SyncStatus = z.object({
  at: z.iso.datetime(),
  outcome: z.enum(['ok', 'failed']),
  error: z.string().optional(),
  /** Patients read from the PMS (a successful sync). */
  patients: z.number().int().nonnegative().optional(),
});
export type SyncStatus = z.infer<typeof SyncStatus>;
