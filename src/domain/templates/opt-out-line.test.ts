import { describe, expect, it } from 'vitest';
import { smsEncoding } from '../sms-segments.ts';
import { hasOptOutInstruction, optOutLine } from './opt-out-line.ts';

describe('opt-out instruction', () => {
  it.each([
    ['Reply STOP to opt out.', true],
    ['reply stop to unsubscribe', true],
    ['Text STOP to end messages', true],
    ['Reply with "STOP" to opt out', true],
    ['Responda STOP para darse de baja.', true],
    ['Responda STOP para no recibir más mensajes.', true],
    ['Envíe STOP para no recibir mensajes', true],
    ['Responde STOP', true],
    ['We will never stop caring', false],
    ['STOP by any time', false],
    ['Bus stop', false],
  ])('%s', (body, expected) => {
    expect(hasOptOutInstruction(body)).toBe(expected);
  });

  it('the SMS lines stay in GSM-7 (one accent would double a Spanish text’s cost)', () => {
    expect(smsEncoding(optOutLine('sms', 'en'))).toBe('GSM-7');
    expect(smsEncoding(optOutLine('sms', 'es'))).toBe('GSM-7');
    expect(optOutLine('whatsapp', 'es')).toBe('Responda STOP para no recibir más mensajes.');
  });
});
