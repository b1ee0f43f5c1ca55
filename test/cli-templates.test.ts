import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_PRACTICE_FILE, readPracticeFile } from '../src/config.ts';
import { segmentCount, smsEncoding } from '../src/domain/sms-segments.ts';
import { describeTemplates } from '../src/domain/templates/describe-templates.ts';
import { DEFAULT_TEMPLATES } from '../src/domain/templates/default-templates.ts';
import { runCli } from './helpers/cli.ts';

/**
 * `reactivate templates` as a process: what a marketer sees where the templates are edited (issue 4,
 * point 4), read from the practice file like every other command, so the practice's own wording
 * is included.
 */
let folder: string;
beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'reactivate-templates-'));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** A copy of the example practice file with `templates` (and any other change) of its own. */
function practiceFile(name: string, change: Record<string, unknown>): string {
  const path = join(folder, name);
  const example = readPracticeFile(EXAMPLE_PRACTICE_FILE);
  writeFileSync(path, JSON.stringify({ ...example, ...change }, null, 2));
  return path;
}

const override = (body: string) => ({
  id: 'overdue_recall.sms.a',
  segment: 'overdue_recall',
  channel: 'sms',
  variant: 'a',
  language: 'en',
  label: 'friendly reminder',
  body,
});

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const key = (r: { id: string; language: string }) => `${r.id}|${r.language}`;

describe('reactivate templates', () => {
  it('lists every segment × channel × language × variant with the segment count and characters describeTemplates computes', async () => {
    const result = await runCli(['templates', '--format', 'json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const rows = JSON.parse(result.stdout) as Array<Record<string, unknown>>;
    const expected = describeTemplates(readPracticeFile(EXAMPLE_PRACTICE_FILE));
    expect(rows).toEqual(JSON.parse(JSON.stringify(expected)));
    // Every default template, once each.
    expect(rows).toHaveLength(DEFAULT_TEMPLATES.length);
    expect(new Set(rows.map((r) => key(r as { id: string; language: string })))).toEqual(
      new Set(DEFAULT_TEMPLATES.map(key)),
    );
    for (const row of rows) {
      expect(row.id).toBe(`${row.segment}.${row.channel}.${row.variant}`);
      expect(row.characters).toBe(Array.from(row.preview as string).length);
      if (row.channel === 'sms') {
        // The count is the one carriers bill, of the text the patient gets (opt-out line included).
        expect(row.segments).toBe(segmentCount(row.preview as string));
        expect(row.encoding).toBe(smsEncoding(row.preview as string));
        expect(row.preview as string).toMatch(/Reply STOP to opt out\.|Responda STOP/);
      } else {
        expect(row).not.toHaveProperty('segments');
      }
    }
    // The defaults are written to stay GSM-7 (templates/README.md), Spanish included.
    expect(rows.filter((r) => r.channel === 'sms').map((r) => r.encoding)).not.toContain('UCS-2');
  });

  it('prints a table: one line per template with its segments and characters, the problems below it', async () => {
    const result = await runCli(['templates']);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^segment\s+channel\s+lang\s+variant\s+label\s+SMS segments\s+characters$/,
      ),
    );
    for (const row of describeTemplates(readPracticeFile(EXAMPLE_PRACTICE_FILE))) {
      const cells = [
        row.segment,
        row.channel,
        row.language,
        row.variant,
        row.label,
        row.segments === undefined ? '—' : `${row.segments} (${row.encoding})`,
        String(row.characters),
      ];
      const pattern = new RegExp(`^${cells.map(escapeRegExp).join('\\s+')}$`);
      expect(
        lines.filter((l) => pattern.test(l)),
        row.id,
      ).toHaveLength(1);
    }
    // The example practice has no WhatsApp Content SIDs: shown as a setting to add, not a failure.
    expect(result.stdout).toMatch(/^\s+setup\s+whatsapp_not_configured: /m);
    expect(result.stdout).toContain('48 templates: 0 break a rule (never sent), 0 with a warning.');
    expect(result.stdout).toContain('16 WhatsApp templates have no approved Content SID');
  });

  it("includes the practice's own wording: an emoji makes the text UCS-2 and costs more segments", async () => {
    const path = practiceFile('emoji.json', {
      templates: [
        override(
          "Hi {firstName}, it's {practiceName} 😊 It's time for your check-up, and we'd love to see you again. Book a time that suits you: {bookingLink}",
        ),
      ],
    });
    const before = describeTemplates(readPracticeFile(EXAMPLE_PRACTICE_FILE)).find(
      (r) => r.id === 'overdue_recall.sms.a' && r.language === 'en',
    )!;
    expect(before).toMatchObject({ encoding: 'GSM-7', segments: 2 });

    const result = await runCli(['templates', '--format', 'json', '--practice', path]);
    expect(result.code).toBe(0);
    const rows = JSON.parse(result.stdout) as Array<Record<string, unknown>>;
    expect(rows).toEqual(JSON.parse(JSON.stringify(describeTemplates(readPracticeFile(path)))));
    const ours = rows.find((r) => r.id === 'overdue_recall.sms.a' && r.language === 'en')!;
    expect(ours.preview).toContain('😊');
    expect(ours.encoding).toBe('UCS-2');
    expect(ours.segments).toBe(4);
    expect(ours.segments as number).toBeGreaterThan(before.segments!);
    // Four segments is more than the 3 a text should take: a warning, which does not fail.
    expect(ours.issues).toEqual([
      expect.objectContaining({ rule: 'sms_segments', severity: 'warning' }),
    ]);
    // The Spanish version of the same variant is untouched.
    expect(rows.find((r) => r.id === 'overdue_recall.sms.a' && r.language === 'es')).toMatchObject({
      encoding: 'GSM-7',
    });

    // Read through PRACTICE_CONFIG as the service reads it, the table says the same.
    const table = await runCli(['templates'], { PRACTICE_CONFIG: path });
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(
      /^overdue_recall\s+sms\s+en\s+a\s+friendly reminder\s+4 \(UCS-2\)\s+\d+$/m,
    );
    expect(table.stdout).toMatch(/^\s+warning\s+sms_segments: long text: 4 segments/m);
    expect(table.stdout).toContain('48 templates: 0 break a rule (never sent), 1 with a warning.');
  });

  it('a template whose words break a rule is shown with why, and the command exits 1', async () => {
    const path = practiceFile('urgent.json', {
      templates: [
        override(
          'Hi {firstName}, last chance to book your check-up at {practiceName}: {bookingLink}',
        ),
      ],
    });
    const result = await runCli(['templates', '--practice', path]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^\s+error\s+urgency: uses pressure: "last chance"$/m);
    expect(result.stdout).toContain('48 templates: 1 breaks a rule (never sent)');
    expect(result.stderr).toBe(
      'reactivate: 1 template breaks a rule and is never sent (the "error" lines say why)\n',
    );

    const json = await runCli(['templates', '--format', 'json', '--practice', path]);
    expect(json.code).toBe(1);
    const row = (JSON.parse(json.stdout) as Array<Record<string, unknown>>).find(
      (r) => r.id === 'overdue_recall.sms.a' && r.language === 'en',
    )!;
    expect(row.issues).toEqual([
      { rule: 'urgency', severity: 'error', message: 'uses pressure: "last chance"' },
    ]);
  });

  it('used wrongly, exits 2: an unknown format, a practice file that is not valid, an unknown option', async () => {
    const format = await runCli(['templates', '--format', 'xml']);
    expect(format.code).toBe(2);
    expect(format.stdout).toBe('');
    expect(format.stderr).toBe('reactivate: unknown format "xml" (expected table, json)\n');

    const broken = practiceFile('broken.json', {
      templates: [{ ...override('Hi {firstName}'), id: 'overdue_recall.sms.1' }],
    });
    const invalid = await runCli(['templates', '--practice', broken]);
    expect(invalid.code).toBe(2);
    expect(invalid.stdout).toBe('');
    expect(invalid.stderr).toContain('templates.0.id');

    const missing = await runCli(['templates', '--practice', join(folder, 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read .*nope\.json/);

    const unknown = await runCli(['templates', '--colour']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown option '--colour'/);
  });

  it('is listed in the help', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^\s+templates \[options\]\s+list every message template/m);
  });
});
