/**
 * How many SMS segments a body takes, the way carriers and Twilio count them. A body made only of
 * GSM-7 characters is sent in 7-bit septets: 160 in a single segment, 153 per segment once it is
 * split (the rest is the concatenation header); the extension characters (`^{}\[~]|€` and form
 * feed) take two septets and never straddle two segments. Any other character switches the whole
 * body to UCS-2: 70 UTF-16 code units alone, 67 per segment when split, without cutting a
 * surrogate pair (an emoji) in half. "ñ", "é", "ü" are in GSM-7's basic table; "á", "í", "ó", "ú"
 * are not.
 */
const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM7_EXTENSION = '^{}\\[~]|€\f';

const basic = new Set(GSM7_BASIC);
const extension = new Set(GSM7_EXTENSION);

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export function smsEncoding(body: string): SmsEncoding {
  for (const char of body) {
    if (!basic.has(char) && !extension.has(char)) return 'UCS-2';
  }
  return 'GSM-7';
}

/** Splits `units` (each with its size) greedily into segments of at most `perSegment`. */
function countSegments(sizes: number[], single: number, perSegment: number): number {
  const total = sizes.reduce((sum, size) => sum + size, 0);
  if (total <= single) return 1;
  let segments = 1;
  let used = 0;
  for (const size of sizes) {
    if (used + size > perSegment) {
      segments += 1;
      used = 0;
    }
    used += size;
  }
  return segments;
}

/** The number of segments `body` is billed as (at least 1). */
export function segmentCount(body: string): number {
  const chars = Array.from(body);
  if (smsEncoding(body) === 'GSM-7') {
    return countSegments(
      chars.map((char) => (extension.has(char) ? 2 : 1)),
      160,
      153,
    );
  }
  return countSegments(
    chars.map((char) => char.length),
    70,
    67,
  );
}
