import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Compares a signature a caller sent with the one we expect, in constant time.
 *
 * `crypto.timingSafeEqual` needs buffers of equal length and throws otherwise; a length check
 * before it would return early. Hashing both sides first gives two 32-byte buffers whatever the
 * inputs, so neither the length nor the position of the first difference shows in the timing.
 */
export function constantTimeEqual(received: string, expected: string): boolean {
  const a = createHash('sha256').update(received, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}
