import { describe, expect, it } from 'vitest';
import type { ChannelChoiceInput } from './channel-choice.ts';
import { chooseReminderChannel } from './reminder-channel.ts';
import { reminderContent, reminderContentSid } from './reminder-whatsapp.ts';

const none = { sms: false, email: false, call: false, whatsapp: false };
const input = (over: Partial<ChannelChoiceInput> = {}): ChannelChoiceInput => ({
  reach: { sms: true, email: true, call: true, whatsapp: false },
  optedOut: false,
  contactPreference: 'none',
  ...over,
});

describe('the reminder channel', () => {
  it.each<[string, Partial<ChannelChoiceInput>, boolean, string]>([
    ['text by default, as the best channel', {}, true, 'sms'],
    ['opted out: nothing', { optedOut: true }, true, 'none:opted_out'],
    ['no consent, no address: nothing', { reach: none }, true, 'none:unreachable'],
    [
      'email only: nothing (email is HubSpot own channel)',
      { reach: { ...none, email: true } },
      true,
      'none:email_only',
    ],
    [
      'prefers email, has a phone: a call',
      { contactPreference: 'email', reach: { ...none, email: true, call: true } },
      true,
      'call',
    ],
    ['prefers email, can text: a text', { contactPreference: 'email' }, true, 'sms'],
    [
      'WhatsApp opt-in, texting refused: WhatsApp',
      { reach: { ...none, whatsapp: true, call: true } },
      true,
      'whatsapp',
    ],
    [
      'answered on WhatsApp: WhatsApp over a text',
      { reach: { ...none, sms: true, whatsapp: true }, answeredOn: 'whatsapp' },
      true,
      'whatsapp',
    ],
    [
      'WhatsApp without an approved template: a text when allowed',
      {
        reach: { ...none, sms: true, whatsapp: true, call: true },
        answeredOn: 'whatsapp',
        contactPreference: 'home_phone',
      },
      false,
      'sms',
    ],
    [
      'WhatsApp without a template, no text: the next channel',
      { reach: { ...none, whatsapp: true, call: true } },
      false,
      'call',
    ],
    [
      'WhatsApp without a template, nothing else',
      { reach: { ...none, whatsapp: true, email: true } },
      false,
      'none:no_whatsapp_template',
    ],
    ['a landline "mobile": a call', { mobileLineType: 'landline' }, true, 'call'],
    ['prefers a call (home phone): a call', { contactPreference: 'home_phone' }, true, 'call'],
    [
      'a landline "mobile" and calls closed: nothing',
      { mobileLineType: 'landline', reach: { ...none, sms: true } },
      true,
      'none:unreachable',
    ],
  ])('%s', (_name, over, whatsappTemplate, expected) => {
    const choice = chooseReminderChannel(input(over), { whatsappTemplate });
    expect(choice.channel === 'none' ? `none:${choice.why}` : choice.channel).toBe(expected);
    expect(choice.reason.length).toBeGreaterThan(0);
  });
});

describe('the WhatsApp reminder template', () => {
  const A = 'HX' + 'a'.repeat(32);
  const B = 'HX' + 'b'.repeat(32);
  const C = 'HX' + 'c'.repeat(32);
  const practice = {
    whatsappContentSids: { reminder: { en: A, es: B }, 'reminder.confirmation': C },
  };
  it.each([
    ['confirmation', 'en', C],
    ['confirmation', 'es', B], // the step's own template has no Spanish: the general one
    ['3d', 'en', A],
    ['2h', 'es', B],
  ] as const)('step %s in %s → its Content SID', (step, language, sid) => {
    expect(reminderContentSid(practice, step, language)?.contentSid).toBe(sid);
  });
  it('none configured, or a string for English only', () => {
    expect(reminderContentSid({}, '1d', 'en')).toBeUndefined();
    expect(
      reminderContentSid({ whatsappContentSids: { reminder: A } }, '1d', 'es'),
    ).toBeUndefined();
  });
  it('variables hold the practice, the day and time, the office; nothing else', () => {
    const content = reminderContent(
      practice,
      '1d',
      {
        practiceName: 'Riverside Family Dental',
        locationName: 'Downtown',
        start: '2026-03-10T10:30:00',
        timeZone: 'America/New_York',
      },
      'en',
    )!;
    expect(content.contentVariables).toEqual({
      '1': 'Riverside Family Dental',
      '2': 'Tue, Mar 10 at 10:30 AM',
      '3': 'Downtown',
    });
    expect(content.body).toBe(
      'Riverside Family Dental: reminder of your appointment Tue, Mar 10 at 10:30 AM at Downtown. Reply C to confirm or R to reschedule. Reply STOP to opt out.',
    );
  });
});
