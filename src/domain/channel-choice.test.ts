import { describe, expect, it } from 'vitest';
import { chooseChannel, type ChannelChoiceInput } from './channel-choice.ts';

const all = { sms: true, email: true, call: true, whatsapp: false };
const input = (over: Partial<ChannelChoiceInput> = {}): ChannelChoiceInput => ({
  reach: all,
  optedOut: false,
  contactPreference: 'none',
  ...over,
});

describe('choosing the channel', () => {
  it.each<[string, Partial<ChannelChoiceInput>, string]>([
    ['opted out closes everything', { optedOut: true }, 'none'],
    [
      'nothing reachable',
      { reach: { sms: false, email: false, call: false, whatsapp: false } },
      'none',
    ],
    ['text by default', {}, 'sms'],
    [
      'WhatsApp when opted in and no text',
      { reach: { sms: false, email: true, call: true, whatsapp: true } },
      'whatsapp',
    ],
    ['email when no text', { reach: { ...all, sms: false } }, 'email'],
    [
      'a call as the last resort',
      { reach: { sms: false, email: false, call: true, whatsapp: false } },
      'call',
    ],
    ['the PMS preference: email', { contactPreference: 'email' }, 'email'],
    ['the PMS preference: home phone', { contactPreference: 'home_phone' }, 'call'],
    [
      'the PMS preference: mobile, texting refused',
      { contactPreference: 'mobile_phone', reach: { ...all, sms: false } },
      'call',
    ],
    [
      'a preference for a closed channel falls back',
      { contactPreference: 'email', reach: { ...all, email: false } },
      'sms',
    ],
    [
      'the channel answered before beats the PMS preference',
      { contactPreference: 'email', answeredOn: 'call' },
      'call',
    ],
    [
      'the channel answered before, if still open',
      { answeredOn: 'email', reach: { ...all, email: false } },
      'sms',
    ],
    ['a landline cannot take a text', { mobileLineType: 'landline' }, 'email'],
    [
      'nor WhatsApp',
      {
        mobileLineType: 'fixedVoip',
        reach: { sms: true, email: false, call: true, whatsapp: true },
      },
      'call',
    ],
    [
      'a landline and nothing else',
      {
        mobileLineType: 'landline',
        reach: { sms: true, email: false, call: false, whatsapp: false },
      },
      'none',
    ],
    ['a VoIP mobile can', { mobileLineType: 'nonFixedVoip' }, 'sms'],
  ])('%s', (_name, over, expected) => {
    expect(chooseChannel(input(over)).channel).toBe(expected);
  });

  it('explains its answer', () => {
    expect(chooseChannel(input({ answeredOn: 'call' })).reason).toBe('answered by phone before');
    expect(chooseChannel(input({ mobileLineType: 'landline' })).reason).toContain('landline');
    expect(chooseChannel(input({ optedOut: true })).reason).toContain('opted out');
  });
});
