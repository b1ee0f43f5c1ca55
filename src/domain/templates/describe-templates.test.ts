import { describe, expect, it } from 'vitest';
import { PracticeFile } from '../practice.ts';
import { DEFAULT_TEMPLATES } from './default-templates.ts';
import { TYPICAL_BOOKING_LINK, describeTemplates } from './describe-templates.ts';

const practice = (over: Record<string, unknown> = {}) =>
  PracticeFile.parse({
    name: 'Riverside Family Dental',
    timeZone: 'America/New_York',
    locations: [
      {
        name: 'Downtown',
        timeZone: 'America/New_York',
        phone: '+1 617-555-0142',
        bookingUrl: 'https://r.example/b',
      },
    ],
    ...over,
  });

describe('describeTemplates', () => {
  it('lists every template with what a marketer needs to see', () => {
    const rows = describeTemplates(practice());
    expect(rows).toHaveLength(DEFAULT_TEMPLATES.length);
    expect(TYPICAL_BOOKING_LINK).toHaveLength(60);
    const sms = rows.find((r) => r.id === 'overdue_recall.sms.a' && r.language === 'en')!;
    expect(sms).toMatchObject({
      label: 'friendly reminder',
      channel: 'sms',
      encoding: 'GSM-7',
      issues: [],
    });
    expect(sms.segments).toBe(2);
    expect(sms.preview).toContain(TYPICAL_BOOKING_LINK);
    const voice = rows.find((r) => r.id === 'overdue_recall.voice.a')!;
    expect(voice).not.toHaveProperty('segments');
  });

  it('shows a WhatsApp template without a Content SID as a problem', () => {
    const row = describeTemplates(practice()).find(
      (r) => r.id === 'dormant.whatsapp.a' && r.language === 'en',
    )!;
    expect(row.issues.map((i) => i.rule)).toEqual(['whatsapp_not_configured']);
  });

  it('shows a practice’s own template with its problems and its cost', () => {
    const rows = describeTemplates(
      practice({
        name: 'Clínica Dental Sonrisa',
        templates: [
          {
            id: 'dormant.sms.a',
            segment: 'dormant',
            channel: 'sms',
            variant: 'a',
            language: 'en',
            label: 'ours',
            body: 'Hi {firstName}, last chance for your cleaning at {practiceName}: {bookingLink}',
          },
        ],
      }),
    );
    const row = rows.find((r) => r.id === 'dormant.sms.a' && r.language === 'en')!;
    expect(row.label).toBe('ours');
    expect(row.issues).toEqual([
      { rule: 'urgency', severity: 'error', message: 'uses pressure: "last chance"' },
    ]);
    // "í" in the practice's name switches every text to UCS-2.
    expect(row.encoding).toBe('UCS-2');
    expect(row.segments).toBe(3);
  });
});
