import { describe, expect, it } from 'vitest';
import { segmentCount, smsEncoding } from './sms-segments.ts';

const a = (n: number) => 'a'.repeat(n);

describe('SMS encoding', () => {
  it.each([
    ['plain ASCII', 'Hi Ana, time for your checkup', 'GSM-7'],
    ['ñ is in the GSM-7 basic table', 'Hola Muñoz', 'GSM-7'],
    ['é, ü, à, Ç are too', 'Café über à Ça', 'GSM-7'],
    ['extension characters stay GSM-7', 'Price: 10€ [ok] {x} ~ ^ | \\', 'GSM-7'],
    ['á is not (UCS-2)', 'Está listo', 'UCS-2'],
    ['an emoji is not', 'See you soon 😀', 'UCS-2'],
    ['a curly quote is not', 'We’re open', 'UCS-2'],
  ])('%s', (_name, body, encoding) => {
    expect(smsEncoding(body)).toBe(encoding);
  });
});

describe('segment counts', () => {
  it.each([
    ['1 GSM-7 character', 'a', 1],
    ['160 GSM-7 characters fit one segment', a(160), 1],
    ['161 split into 153-septet parts', a(161), 2],
    ['306 = 2 × 153', a(306), 2],
    ['307 need a third', a(307), 3],
    ['80 € (2 septets each) = 160 septets', '€'.repeat(80), 1],
    ['81 € = 162 septets', '€'.repeat(81), 2],
    ['an escape pair never straddles two segments', a(152) + '€' + a(152), 3],
    ['70 UCS-2 units fit one segment', 'á'.repeat(70), 1],
    ['71 split into 67-unit parts', 'á'.repeat(71), 2],
    ['134 = 2 × 67', 'á'.repeat(134), 2],
    ['135 need a third', 'á'.repeat(135), 3],
    ['35 emoji = 70 UTF-16 units', '😀'.repeat(35), 1],
    ['36 emoji = 72 units', '😀'.repeat(36), 2],
    ['a surrogate pair is never cut in half', 'á'.repeat(66) + '😀' + 'á'.repeat(66), 3],
    ['one emoji turns a 100-character text into 2 segments', a(99) + '😀', 2],
    ['one ñ keeps a 160-character text in one', a(159) + 'ñ', 1],
  ])('%s', (_name, body, segments) => {
    expect(segmentCount(body)).toBe(segments);
  });
});
