import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../lib/errors.ts';
import { PracticeFile } from '../practice.ts';
import { isSendable, nationalPhone, renderMessage, type RenderInput } from './render-message.ts';
import { templateById } from './template-catalog.ts';
import type { Template } from './template-schema.ts';

const SID_EN = 'HX' + 'a'.repeat(32);
const practice = PracticeFile.parse({
  name: 'Riverside Family Dental',
  timeZone: 'America/New_York',
  locations: [
    {
      name: 'Downtown',
      timeZone: 'America/New_York',
      phone: '+1 617-555-0142',
      bookingUrl: 'https://r.example/book',
    },
  ],
  whatsappContentSids: { 'overdue_recall.whatsapp.a': SID_EN },
});
const location = practice.locations[0]!;
const LINK = 'https://r.example/b/abc';
const custom = (body: string, over: Partial<Template> = {}): Template => ({
  id: 'dormant.sms.c',
  segment: 'dormant',
  channel: 'sms',
  variant: 'c',
  language: 'en',
  label: 'test',
  body,
  ...over,
});
const render = (template: Template, over: Partial<RenderInput> = {}) =>
  renderMessage({
    template,
    patient: { firstName: 'Ana' },
    practice,
    location,
    bookingLink: LINK,
    firstMessageOfConversation: false,
    ...over,
  });
const byId = (id: string, language = 'en') => templateById(id, { language })!;

describe('rendering a text', () => {
  it('fills every placeholder and appends the opt-out line', () => {
    const r = render(
      custom(
        "Hi {firstName}, it's {practiceName} {locationName}, call {practicePhone} or {bookingLink}",
      ),
    );
    expect(r.body).toBe(
      "Hi Ana, it's Riverside Family Dental Downtown, call (617) 555-0142 or https://r.example/b/abc\nReply STOP to opt out.",
    );
    expect(r).toMatchObject({ channel: 'sms', segments: 1, encoding: 'GSM-7', issues: [] });
  });

  it('appends the Spanish line to a Spanish template', () => {
    const r = render(byId('overdue_recall.sms.a', 'es'));
    expect(r.body.endsWith('\nResponda STOP para darse de baja.')).toBe(true);
    expect(r.language).toBe('es');
  });

  it('does not repeat an opt-out instruction the body already has', () => {
    const r = render(custom("It's {practiceName}: {bookingLink}. Reply STOP to opt out."));
    expect(r.body).toBe(
      "It's Riverside Family Dental: https://r.example/b/abc. Reply STOP to opt out.",
    );
  });

  it('appends it to every reactivation message, first of a conversation or not', () => {
    for (const first of [true, false])
      expect(render(byId('dormant.sms.a'), { firstMessageOfConversation: first }).body).toMatch(
        /Reply STOP to opt out\.$/,
      );
  });

  it('a non-recurring message (a reminder) carries it only when it opens a conversation', () => {
    const t = custom("It's {practiceName}: {bookingLink}");
    expect(render(t, { recurring: false, firstMessageOfConversation: true }).body).toMatch(
      /Reply STOP/,
    );
    const later = render(t, { recurring: false, firstMessageOfConversation: false });
    expect(later.body).not.toMatch(/STOP/);
    expect(isSendable(later)).toBe(true);
  });

  it('counts segments and encoding of the whole text', () => {
    const r = render(custom("It's {practiceName} – {bookingLink}"));
    expect(r).toMatchObject({ channel: 'sms', encoding: 'UCS-2', segments: 2 });
  });
});

describe('the offer', () => {
  const t = () => byId('overdue_recall.sms.a');
  it.each([
    ['absent', undefined, 'check-up. Book a time'],
    ['blank', '  ', 'check-up. Book a time'],
    ['with its full stop', '10% off your visit.', 'check-up. 10% off your visit. Book a time'],
    ['without one: added', '10% off your visit', 'check-up. 10% off your visit. Book a time'],
    ['ending with "!"', '10% off!', 'check-up. 10% off! Book a time'],
    ['spread over lines', ' 10% off\n your visit ', 'check-up. 10% off your visit. Book a time'],
  ])('%s', (_what, offer, expected) => {
    const r = render(t(), { offer });
    expect(r.body).toContain(expected);
    expect(r.issues).toEqual([]);
  });

  it('with a real end date is fine', () => {
    expect(render(t(), { offer: '10% off, valid until March 31' }).issues).toEqual([]);
  });

  it('with pressure makes the message unsendable', () => {
    const r = render(t(), { offer: 'Hurry, only 2 spots left!' });
    expect(r.issues.map((i) => i.rule)).toEqual(['urgency', 'urgency']);
    expect(isSendable(r)).toBe(false);
  });

  it('naming a procedure makes the message unsendable', () => {
    expect(isSendable(render(t(), { offer: 'Free whitening with any crown' }))).toBe(false);
  });

  it('in a template with no place for it is left out, with a warning', () => {
    const r = render(custom("It's {practiceName}: {bookingLink}"), { offer: '10% off' });
    expect(r.body).not.toContain('10%');
    expect(r.issues).toEqual([
      expect.objectContaining({ rule: 'offer_not_used', severity: 'warning' }),
    ]);
    expect(isSendable(r)).toBe(true);
  });
});

describe('names and phones', () => {
  it('a missing first name leaves a clean greeting', () => {
    expect(render(byId('dormant.sms.a'), { patient: {} }).body).toMatch(/^Hi, it's Riverside/);
    expect(render(byId('dormant.sms.a', 'es'), { patient: { firstName: ' ' } }).body).toMatch(
      /^Hola, le saluda/,
    );
  });

  it.each([
    ['+1 617-555-0142', 'US', '(617) 555-0142'],
    ['617.555.0142', 'US', '(617) 555-0142'],
    ['+52 55 1234 5678', 'US', '55 1234 5678'],
    ['not a phone', 'US', 'not a phone'],
  ])('%s reads %s', (phone, region, expected) => {
    expect(nationalPhone(phone, region)).toBe(expected);
  });
});

describe('WhatsApp: an approved template and its variables', () => {
  it('sends the Content SID with {{1}} first name, {{2}} practice, {{3}} link', () => {
    const r = render(byId('overdue_recall.whatsapp.a'));
    expect(r).toMatchObject({
      channel: 'whatsapp',
      contentSid: SID_EN,
      contentVariables: { '1': 'Ana', '2': 'Riverside Family Dental', '3': LINK },
      issues: [],
    });
    expect(r.body).toMatch(/^Hi Ana, it's Riverside Family Dental\..*\nReply STOP to opt out\.$/s);
    expect(isSendable(r)).toBe(true);
  });

  it('is not sendable without a Content SID for its language', () => {
    const r = render(byId('overdue_recall.whatsapp.a', 'es'));
    expect(r).toMatchObject({ channel: 'whatsapp', contentSid: undefined });
    expect(r.issues.map((i) => i.rule)).toEqual(['whatsapp_not_configured']);
    expect(isSendable(r)).toBe(false);
  });

  it('never sends an empty variable: a missing name reads "there"', () => {
    const r = render(byId('overdue_recall.whatsapp.a'), { patient: {} });
    expect(r).toMatchObject({ contentVariables: { '1': 'there' } });
    expect(r.body).toMatch(/^Hi there, it's/);
  });
});

describe('voice', () => {
  it('plain sentences, no opt-out line, no segments', () => {
    const r = render(byId('no_show.voice.a'), { offer: 'Your first visit back is on us.' });
    expect(r.channel).toBe('voice');
    expect(r.body).toContain('Your first visit back is on us. You can call us at (617) 555-0142.');
    expect(r.body).not.toMatch(/STOP/);
    expect(r).not.toHaveProperty('segments');
    expect(r.issues).toEqual([]);
  });
});

describe('guards', () => {
  it('refuses a template of another channel', () => {
    expect(() => render(byId('dormant.voice.a'), { channel: 'sms' })).toThrow(ValidationError);
  });

  it('reports a template that breaks a rule', () => {
    const r = render(custom('Hi {firstName}, your root canal: {bookingLink}'));
    expect(r.issues.map((i) => i.rule)).toEqual(['clinical_detail', 'practice_not_named']);
    expect(isSendable(r)).toBe(false);
  });

  it('reports a text over 1,600 characters', () => {
    const r = render(custom("It's {practiceName}.[[ {offer}]] {bookingLink}"), {
      offer: 'x'.repeat(1600),
    });
    expect(r.issues.map((i) => i.rule)).toEqual(['sms_too_long', 'sms_segments']);
  });
});
