import { describe, expect, it } from 'vitest';
import { PracticeFile } from '../practice.ts';
import { contentSidFor } from './whatsapp-content.ts';

const A = 'HX' + 'a'.repeat(32);
const B = 'HX' + 'b'.repeat(32);
const base = {
  name: 'P',
  timeZone: 'America/New_York',
  locations: [
    {
      name: 'L',
      timeZone: 'America/New_York',
      phone: '+16175550142',
      bookingUrl: 'https://p.example/b',
    },
  ],
};

describe('Content SIDs', () => {
  const practice = PracticeFile.parse({
    ...base,
    whatsappContentSids: { 'dormant.whatsapp.a': A, 'dormant.whatsapp.b': { en: A, es: B } },
  });
  it.each([
    ['dormant.whatsapp.a', 'en', A],
    ['dormant.whatsapp.a', 'es', undefined],
    ['dormant.whatsapp.b', 'en', A],
    ['dormant.whatsapp.b', 'es', B],
    ['no_show.whatsapp.a', 'en', undefined],
  ] as const)('%s (%s)', (id, language, sid) => {
    expect(contentSidFor(practice, { id, language })).toBe(sid);
  });

  it.each([
    ['not an HX SID', { 'dormant.whatsapp.a': 'MG' + 'a'.repeat(32) }],
    ['too short', { 'dormant.whatsapp.a': 'HX123' }],
    ['an unknown language', { 'dormant.whatsapp.a': { fr: A } }],
  ])('the practice file rejects %s', (_what, sids) => {
    expect(PracticeFile.safeParse({ ...base, whatsappContentSids: sids }).success).toBe(false);
  });
});
