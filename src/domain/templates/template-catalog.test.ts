import { describe, expect, it } from 'vitest';
import { PracticeFile } from '../practice.ts';
import {
  AUTOMATIC_VARIANT,
  templateById,
  templatesFor,
  variantOptions,
} from './template-catalog.ts';
import { templateLanguageOf } from './template-schema.ts';

const base = {
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
};
const entry = (id: string, language: 'en' | 'es', label: string, body: string) => {
  const [segment, channel, variant] = id.split('.');
  return { id, segment, channel, variant, language, label, body };
};
const practice = PracticeFile.parse({
  ...base,
  templates: [
    entry(
      'overdue_recall.sms.a',
      'en',
      'friendly reminder',
      "Our own words, it's {practiceName}: {bookingLink}",
    ),
    entry(
      'overdue_recall.sms.c',
      'en',
      'spring offer',
      'Spring at {practiceName}.[[ {offer}]] {bookingLink}',
    ),
  ],
});

describe('the patient’s language', () => {
  it.each([
    ['es', 'es'],
    ['es-MX', 'es'],
    ['ES_us', 'es'],
    ['en', 'en'],
    ['en-US', 'en'],
    ['fr', 'en'],
    [undefined, 'en'],
    ['', 'en'],
  ])('%s → %s', (tag, language) => {
    expect(templateLanguageOf(tag)).toBe(language);
  });
});

describe('templatesFor', () => {
  it('gives the default variants in English', () => {
    const list = templatesFor({ segment: 'no_show', channel: 'sms', language: 'en' });
    expect(list.map((t) => [t.id, t.language])).toEqual([
      ['no_show.sms.a', 'en'],
      ['no_show.sms.b', 'en'],
    ]);
  });

  it('gives Spanish to a Spanish speaker', () => {
    const list = templatesFor({ segment: 'dormant', channel: 'voice', language: 'es-MX' });
    expect(list.map((t) => [t.id, t.language])).toEqual([
      ['dormant.voice.a', 'es'],
      ['dormant.voice.b', 'es'],
    ]);
  });

  it('prefers the practice’s own wording, and adds its variants', () => {
    const list = templatesFor({
      segment: 'overdue_recall',
      channel: 'sms',
      language: 'en',
      practice,
    });
    expect(list.map((t) => t.id)).toEqual([
      'overdue_recall.sms.a',
      'overdue_recall.sms.b',
      'overdue_recall.sms.c',
    ]);
    expect(list[0]!.body).toMatch(/^Our own words/);
  });

  it('falls back to English when a variant has no Spanish version', () => {
    const list = templatesFor({
      segment: 'overdue_recall',
      channel: 'sms',
      language: 'es',
      practice,
    });
    expect(list.map((t) => [t.variant, t.language])).toEqual([
      ['a', 'es'],
      ['b', 'es'],
      ['c', 'en'],
    ]);
    // Overriding the English "a" leaves the Spanish default in place.
    expect(list[0]!.body).toMatch(/^Hola/);
  });
});

describe('templateById', () => {
  it.each([
    ['overdue_recall.sms.a', 'es', undefined, 'es'],
    ['overdue_recall.sms.a', undefined, undefined, 'en'],
    ['overdue_recall.sms.c', 'es', practice, 'en'],
  ] as const)('%s in %s', (id, language, p, expected) => {
    expect(templateById(id, { language, practice: p })).toMatchObject({ id, language: expected });
  });

  it('is undefined for an unknown id', () => {
    expect(templateById('overdue_recall.sms.z')).toBeUndefined();
    expect(templateById('overdue_recall.sms.c')).toBeUndefined();
  });
});

describe('the variant dropdown', () => {
  it('lists the letters with their labels, then automatic', () => {
    expect(variantOptions()).toEqual([
      { value: 'a', label: 'A – friendly reminder' },
      { value: 'b', label: "B – we've missed you" },
      { value: AUTOMATIC_VARIANT, label: 'Automatic (learn which works best)' },
    ]);
  });

  it('includes a practice’s own variant, and joins differing labels', () => {
    expect(variantOptions({ practice }).map((o) => o.label)).toEqual([
      'A – friendly reminder',
      "B – we've missed you",
      'C – spring offer',
      'Automatic (learn which works best)',
    ]);
    const other = PracticeFile.parse({
      ...base,
      templates: [
        entry('dormant.sms.a', 'en', 'welcome back', 'Back to {practiceName}? {bookingLink}'),
      ],
    });
    expect(variantOptions({ practice: other })[0]).toEqual({
      value: 'a',
      label: 'A – friendly reminder / welcome back',
    });
    expect(variantOptions({ practice: other, segment: 'dormant', channel: 'sms' })[0]).toEqual({
      value: 'a',
      label: 'A – welcome back',
    });
  });
});

describe('the practice file’s templates', () => {
  it.each([
    ['a mismatched id', { ...entry('overdue_recall.sms.a', 'en', 'x', 'b'), variant: 'b' }],
    ['an unknown channel', entry('overdue_recall.email.a', 'en', 'x', 'b')],
    ['an unknown language', { ...entry('overdue_recall.sms.a', 'en', 'x', 'b'), language: 'fr' }],
    ['a long variant key', entry('overdue_recall.sms.spring', 'en', 'x', 'b')],
    ['an empty body', entry('overdue_recall.sms.a', 'en', 'x', '  ')],
  ])('rejects %s', (_what, bad) => {
    expect(PracticeFile.safeParse({ ...base, templates: [bad] }).success).toBe(false);
  });
});
