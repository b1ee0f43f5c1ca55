import { describe, expect, it } from 'vitest';
import { validate } from './validate.ts';
import { InboundParams, StatusParams, toInboundMessage, toStatusUpdate } from './twilio-params.ts';

const SM = 'SM' + 'a'.repeat(32);
const AC = 'AC' + 'b'.repeat(32);

describe('Twilio parameters', () => {
  it('read a WhatsApp inbound message without its prefixes', () => {
    const p = validate(InboundParams, {
      MessageSid: SM,
      AccountSid: AC,
      From: 'whatsapp:+14155550123',
      To: 'WhatsApp:+15017122661',
      Body: 'hola',
      NumMedia: '2',
      WaId: '14155550123',
    });
    expect(toInboundMessage(p)).toEqual({
      messageSid: SM,
      accountSid: AC,
      channel: 'whatsapp',
      from: '+14155550123',
      to: '+15017122661',
      body: 'hola',
      numMedia: 2,
    });
  });

  it("keep Advanced Opt-Out's verdict, and drop a value it never sends", () => {
    const base = {
      MessageSid: SM,
      AccountSid: AC,
      From: '+1415',
      To: '+1501',
      Body: 'x',
      NumMedia: '0',
    };
    expect(
      toInboundMessage(validate(InboundParams, { ...base, OptOutType: 'stop' })).optOutType,
    ).toBe('STOP');
    expect(
      toInboundMessage(validate(InboundParams, { ...base, OptOutType: 'PAUSE' })),
    ).not.toHaveProperty('optOutType');
  });

  it('read an empty ErrorCode as none, and name the field that is wrong', () => {
    const base = { MessageSid: SM, AccountSid: AC, MessageStatus: 'failed' };
    expect(toStatusUpdate(validate(StatusParams, { ...base, ErrorCode: '' }))).toEqual({
      messageSid: SM,
      accountSid: AC,
      status: 'failed',
    });
    expect(toStatusUpdate(validate(StatusParams, { ...base, ErrorCode: '30003' })).errorCode).toBe(
      30003,
    );
    expect(() => validate(StatusParams, { ...base, ErrorCode: 'x' })).toThrow(
      expect.objectContaining({ status: 400, field: 'ErrorCode' }),
    );
    expect(() => validate(StatusParams, { ...base, MessageStatus: ['sent', 'failed'] })).toThrow(
      expect.objectContaining({ field: 'MessageStatus' }),
    );
  });
});
