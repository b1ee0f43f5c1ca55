/**
 * Each sender's (a `From` number's or a messaging service's) outgoing queue, as Twilio runs it:
 * messages beyond the sender's rate are accepted and wait their turn, one every 1/rate seconds.
 * Twilio keeps up to 10 hours of messages queued; beyond that the sandbox refuses the request with
 * 21611, so a client that does not pace itself sees both the growing queue and the refusal.
 */
export class SenderQueue {
  private readonly nextFree = new Map<string, number>();

  constructor(private readonly rate?: { perSecond: number; maxQueueSeconds?: number }) {}

  /** The time (ms) the next message of `sender` may leave, or `full` when the queue is too long. */
  reserve(sender: string, now: number): number | 'full' {
    if (!this.rate) return now;
    const at = Math.max(now, this.nextFree.get(sender) ?? now);
    const maxWaitMs = (this.rate.maxQueueSeconds ?? 36_000) * 1000;
    if (at - now > maxWaitMs) return 'full';
    this.nextFree.set(sender, at + 1000 / this.rate.perSecond);
    return at;
  }
}
