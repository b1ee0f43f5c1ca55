import { describe, expect, it } from 'vitest';
import { PracticeFile, SEGMENTS } from '../practice.ts';
import { smsEncoding } from '../sms-segments.ts';
import { DEFAULT_TEMPLATES } from './default-templates.ts';
import { describeTemplates } from './describe-templates.ts';
import { parseBody, staticText } from './template-body.ts';
import { lintTemplate } from './template-lint.ts';
import { TEMPLATE_CHANNELS, TEMPLATE_LANGUAGES, TEMPLATE_SEGMENTS } from './template-schema.ts';

const sid = (n: number) => `HX${n.toString(16).padStart(32, '0')}`;
const whatsappIds = [
  ...new Set(DEFAULT_TEMPLATES.filter((t) => t.channel === 'whatsapp').map((t) => t.id)),
];
const practice = PracticeFile.parse({
  name: 'Riverside Family Dental',
  timeZone: 'America/New_York',
  locations: [
    {
      name: 'Riverside Family Dental Downtown',
      timeZone: 'America/New_York',
      phone: '+1 617-555-0142',
      bookingUrl: 'https://riverside.example/book',
    },
  ],
  whatsappContentSids: Object.fromEntries(
    whatsappIds.map((id, i) => [id, { en: sid(2 * i), es: sid(2 * i + 1) }]),
  ),
});

describe('the default templates', () => {
  it('use the segments of the practice file', () => {
    expect([...TEMPLATE_SEGMENTS]).toEqual([...SEGMENTS]);
  });

  it.each(
    TEMPLATE_SEGMENTS.flatMap((segment) =>
      TEMPLATE_CHANNELS.flatMap((channel) =>
        TEMPLATE_LANGUAGES.map((language) => ({ segment, channel, language })),
      ),
    ),
  )(
    '$segment × $channel × $language has at least two distinct variants',
    ({ segment, channel, language }) => {
      const variants = DEFAULT_TEMPLATES.filter(
        (t) => t.segment === segment && t.channel === channel && t.language === language,
      );
      expect(variants.map((t) => t.variant)).toEqual(expect.arrayContaining(['a', 'b']));
      expect(new Set(variants.map((t) => t.body)).size).toBe(variants.length);
      expect(new Set(variants.map((t) => t.label)).size).toBe(variants.length);
    },
  );

  it('hold one entry per id and language', () => {
    const keys = DEFAULT_TEMPLATES.map((t) => `${t.id}|${t.language}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it.each(DEFAULT_TEMPLATES.map((t) => [`${t.id} (${t.language})`, t] as const))(
    '%s passes every lint rule',
    (_name, template) => {
      expect(lintTemplate(template)).toEqual([]);
      expect(lintTemplate(template, { practice })).toEqual([]);
    },
  );

  it('Spanish texts are written in GSM-7 (no á, í, ó, ú)', () => {
    for (const t of DEFAULT_TEMPLATES.filter((t) => t.channel === 'sms' && t.language === 'es'))
      expect([t.id, smsEncoding(staticText(parseBody(t.body).nodes))]).toEqual([t.id, 'GSM-7']);
  });

  it('voice templates leave the menu to the call flow', () => {
    for (const t of DEFAULT_TEMPLATES.filter((t) => t.channel === 'voice'))
      expect(t.body).not.toMatch(/press|pulse|marque|oprima/i);
  });

  it('every text renders to at most 2 segments with a typical name and a 60-character link', () => {
    const sms = describeTemplates(practice).filter((d) => d.channel === 'sms');
    expect(sms).toHaveLength(TEMPLATE_SEGMENTS.length * 2 * TEMPLATE_LANGUAGES.length);
    for (const d of sms) {
      expect([d.id, d.language, d.encoding]).toEqual([d.id, d.language, 'GSM-7']);
      expect(d.segments, `${d.id} ${d.language}`).toBeLessThanOrEqual(2);
      expect(d.issues).toEqual([]);
    }
  });
});
