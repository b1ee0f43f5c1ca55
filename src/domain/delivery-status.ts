/**
 * Twilio's message statuses in the order a message moves through them. Callbacks arrive out of
 * order and more than once; a status is applied only when it ranks above the one recorded, so a
 * late `sent` never overwrites `delivered`. `read` (WhatsApp) follows `delivered`.
 */
const RANKS: Record<string, number> = {
  accepted: 0,
  scheduled: 0,
  queued: 0,
  sending: 1,
  sent: 2,
  delivered: 3,
  undelivered: 3,
  failed: 3,
  canceled: 3,
  read: 4,
};

/** The rank of a status; unknown statuses rank nowhere (never applied). */
export function deliveryRank(status: string): number | undefined {
  return RANKS[status];
}

/** True once the message will not move on (except to `read`). */
export function isFinalDelivery(status: string): boolean {
  return (RANKS[status] ?? 0) >= 3;
}

/** True when the message did not reach the patient. */
export function isDeliveryFailure(status: string): boolean {
  return status === 'failed' || status === 'undelivered' || status === 'canceled';
}
