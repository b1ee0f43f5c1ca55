import { z } from 'zod';
import { REACTIVATION_STATUSES } from '../../domain/reactivation-status.ts';

/**
 * What the sync keeps per patient in the store, written only after HubSpot accepted the contact:
 * - `f`: fingerprint of everything sent, so an unchanged patient costs no call;
 * - `st`: the PMS status last written, so the status is only sent (after reading HubSpot's own) when
 *   the PMS says something new;
 * - `seg`: the last visit the patient had when last seen in a segment (`{}` if none), which tells
 *   "came back" from "never left", and that segment (`s`: what a booking or a return is credited to);
 * - `id`: the HubSpot contact id; `em`: whether this contact was last given an email.
 */
export const SyncRecord = z.object({
  f: z.string(),
  st: z.enum(REACTIVATION_STATUSES),
  seg: z.object({ lv: z.string().optional(), s: z.string().optional() }).optional(),
  id: z.string().optional(),
  em: z.literal(1).optional(),
});
export type SyncRecord = z.infer<typeof SyncRecord>;

/** Reads a stored record; a damaged one counts as absent (the patient is simply sent again). */
export function decodeSyncRecord(raw: string | undefined): SyncRecord | undefined {
  if (raw === undefined) return undefined;
  try {
    const parsed = SyncRecord.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function encodeSyncRecord(record: SyncRecord): string {
  return JSON.stringify(record);
}

/** A contact deleted in HubSpot: the sync leaves the patient out from then on. */
export const TOMBSTONE = JSON.stringify({ deleted: 1 });

export function isTombstone(raw: string | undefined): boolean {
  return raw === TOMBSTONE;
}
