import { describe, expect, it } from 'vitest';
import { lintOffer, lintRenderedBody, lintTemplate, type LintRule } from './template-lint.ts';
import type { Template, TemplateChannel } from './template-schema.ts';

const GOOD = "Hi {firstName}, it's {practiceName}.[[ {offer}]] Book: {bookingLink}";
const template = (body: string, channel: TemplateChannel = 'sms'): Template => ({
  id: `dormant.${channel}.a`,
  segment: 'dormant',
  channel,
  variant: 'a',
  language: 'en',
  label: 'test',
  body,
});
const rules = (body: string, channel?: TemplateChannel, practiceName?: string) =>
  lintTemplate(
    template(body, channel),
    practiceName
      ? {
          practice: {
            name: practiceName,
            whatsappContentSids: { 'dormant.whatsapp.a': 'HX' + '0'.repeat(32) },
          },
        }
      : {},
  ).map((i) => i.rule);

describe('template lint', () => {
  it.each<[string, string, TemplateChannel | undefined, LintRule[]]>([
    ['a good text', GOOD, 'sms', []],
    [
      '(1) a procedure',
      'Hi {firstName}, time for your crown at {practiceName}: {bookingLink}',
      'sms',
      ['clinical_detail'],
    ],
    [
      '(1) a Spanish condition',
      'Hola {firstName}, sus caries en {practiceName}: {bookingLink}',
      'sms',
      ['clinical_detail'],
    ],
    ['(2) pressure', 'Last chance, {firstName}! {practiceName}: {bookingLink}', 'sms', ['urgency']],
    ['(2) a countdown', 'Only 2 spots left at {practiceName}: {bookingLink}', 'sms', ['urgency']],
    [
      '(2) pressure and its deadline word, reported once',
      'Offer expires soon at {practiceName}: {bookingLink}',
      'sms',
      ['urgency'],
    ],
    [
      '(2) a deadline in a template',
      'Offer valid until the 5th at {practiceName}: {bookingLink}',
      'sms',
      ['urgency'],
    ],
    [
      '(3) the practice not named',
      'Hi {firstName}, book: {bookingLink}',
      'sms',
      ['practice_not_named'],
    ],
    [
      '(4) no way to book or talk',
      "Hi {firstName}, it's {practiceName}.",
      'sms',
      ['no_way_to_book'],
    ],
    ['(4) a phone is a way to talk', "It's {practiceName}, call {practicePhone}.", 'sms', []],
    [
      '(7) an unknown placeholder',
      "Hi {first_name}, it's {practiceName}: {bookingLink}",
      'sms',
      ['unknown_placeholder'],
    ],
    [
      'broken syntax',
      "Hi [[ {firstName}, it's {practiceName}: {bookingLink}",
      'sms',
      ['template_syntax'],
    ],
    [
      'an offer outside a section',
      "It's {practiceName}. {offer} {bookingLink}",
      'sms',
      ['offer_outside_section'],
    ],
    ['voice reading a link', 'This is {practiceName}: {bookingLink}', 'voice', ['voice_link']],
    ['voice with a phone', 'This is {practiceName}. Call {practicePhone}.', 'voice', []],
    [
      'WhatsApp with its opt-out line',
      "It's {practiceName}: {bookingLink}\nReply STOP to opt out.",
      'whatsapp',
      [],
    ],
    [
      'WhatsApp without an opt-out line',
      "It's {practiceName}: {bookingLink}",
      'whatsapp',
      ['opt_out_missing'],
    ],
    [
      'WhatsApp with a placeholder it has no variable for',
      "It's {practiceName}, call {practicePhone} or {bookingLink}. Reply STOP to opt out.",
      'whatsapp',
      ['whatsapp_placeholder'],
    ],
    [
      'WhatsApp with an optional section',
      "It's {practiceName}.[[ {offer}]] {bookingLink} Reply STOP to opt out.",
      'whatsapp',
      ['whatsapp_placeholder', 'whatsapp_placeholder'],
    ],
  ])('%s', (_what, body, channel, expected) => {
    expect(rules(body, channel)).toEqual(expected);
  });

  it('(3) the literal practice name counts, given the practice', () => {
    expect(rules('Riverside Dental here: {bookingLink}', 'sms')).toEqual(['practice_not_named']);
    expect(rules('Riverside Dental here: {bookingLink}', 'sms', 'Riverside Dental')).toEqual([]);
  });

  it('WhatsApp needs a Content SID for the template’s language, given the practice', () => {
    const body = "It's {practiceName}: {bookingLink}\nReply STOP to opt out.";
    const practice = { name: 'P', whatsappContentSids: {} };
    const issues = lintTemplate(template(body, 'whatsapp'), { practice });
    expect(issues).toEqual([
      expect.objectContaining({
        rule: 'whatsapp_not_configured',
        severity: 'error',
        message: expect.stringMatching(/whatsappContentSids/),
      }),
    ]);
  });

  it('explains itself in words a marketer understands', () => {
    const issues = lintTemplate(
      template('Hi {firstName}, your root canal at {practiceName}: {bookingLink}'),
    );
    expect(issues).toEqual([
      { rule: 'clinical_detail', severity: 'error', message: 'mentions a procedure: "root canal"' },
    ]);
    expect(lintTemplate(template('Hurry to {practiceName}: {bookingLink}'))[0]?.message).toBe(
      'uses pressure: "Hurry"',
    );
  });

  it('reads the words, not the placeholder names', () => {
    // "{offer}" would not be pressure; a practice called "Implant Center" is not clinical detail here.
    expect(
      rules("It's {practiceName}.[[ {offer}]] {bookingLink}", 'sms', 'Smile Implant Center'),
    ).toEqual([]);
  });
});

describe('offer lint: a real date is allowed, pressure is not', () => {
  it.each([
    ['10% off your next visit.', []],
    ['10% off, valid until March 31.', []],
    ['Offer expires 2026-03-31.', []],
    ['10% de descuento, válido hasta el 31 de marzo.', []],
    ['Hurry, 10% off!', ['urgency']],
    ['10% off, expires tonight', ['urgency']],
    ['Only 3 spots left!', ['urgency']],
    ['Free crown check', ['clinical_detail']],
  ])('%s', (offer, expected) => {
    expect(lintOffer(offer).map((i) => i.rule)).toEqual(expected);
  });

  it('says the problem is in the offer', () => {
    expect(lintOffer('Last chance!')[0]?.message).toBe('the offer uses pressure: "Last chance"');
  });
});

describe('rendered body lint', () => {
  const optOut = '\nReply STOP to opt out.';
  it.each<[string, string, TemplateChannel, LintRule[]]>([
    ['a short text', 'Hi' + optOut, 'sms', []],
    ['no opt-out line', 'Hi', 'sms', ['opt_out_missing']],
    ['WhatsApp without opt-out', 'Hi', 'whatsapp', ['opt_out_missing']],
    ['voice needs no opt-out line', 'Hi', 'voice', []],
    ['3 segments: fine', 'a'.repeat(459 - optOut.length) + optOut, 'sms', []],
    ['4 segments: a warning', 'a'.repeat(460 - optOut.length) + optOut, 'sms', ['sms_segments']],
    [
      '1,600 characters: allowed',
      'a'.repeat(1600 - optOut.length) + optOut,
      'sms',
      ['sms_segments'],
    ],
    [
      '1,601 characters: an error',
      'a'.repeat(1601 - optOut.length) + optOut,
      'sms',
      ['sms_too_long', 'sms_segments'],
    ],
  ])('%s', (_what, body, channel, expected) => {
    expect(lintRenderedBody(body, channel).map((i) => i.rule)).toEqual(expected);
  });

  it('a segment warning is a warning', () => {
    expect(lintRenderedBody('a'.repeat(500) + optOut, 'sms')[0]?.severity).toBe('warning');
  });
});
