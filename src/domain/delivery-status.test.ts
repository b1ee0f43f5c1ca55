import { describe, expect, it } from 'vitest';
import { deliveryRank, isDeliveryFailure, isFinalDelivery } from './delivery-status.ts';

describe('delivery statuses', () => {
  it('rank in the order a message moves', () => {
    const order = ['queued', 'sending', 'sent', 'delivered', 'read'].map((s) => deliveryRank(s)!);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(deliveryRank('sent')!).toBeLessThan(deliveryRank('undelivered')!);
    expect(deliveryRank('whatever')).toBeUndefined();
  });
  it('tell final and failed ones', () => {
    expect(['delivered', 'undelivered', 'failed', 'read'].every(isFinalDelivery)).toBe(true);
    expect(['queued', 'sent'].some(isFinalDelivery)).toBe(false);
    expect(['failed', 'undelivered'].every(isDeliveryFailure)).toBe(true);
    expect(isDeliveryFailure('delivered')).toBe(false);
  });
});
