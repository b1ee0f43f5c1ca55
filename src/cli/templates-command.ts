import { resolve } from 'node:path';
import type { Command } from 'commander';
import { loadConfig, readPracticeFile } from '../config.ts';
import {
  TYPICAL_BOOKING_LINK,
  TYPICAL_FIRST_NAME,
  describeTemplates,
  type TemplateDescription,
} from '../domain/templates/describe-templates.ts';
import type { LintIssue } from '../domain/templates/template-lint.ts';
import { AppError, UsageError } from '../lib/errors.ts';
import type { CliContext } from './context.ts';

const FORMATS = ['table', 'json'] as const;

interface TemplatesFlags {
  format: string;
  practice?: string;
}

/**
 * A template whose words break a rule: it is never sent, whatever the configuration. Exit code 1,
 * after every template is printed.
 */
export class TemplatesFailedError extends AppError {
  constructor(failed: number) {
    super(
      `${failed} template${failed === 1 ? ' breaks a rule and is' : 's break a rule and are'} never sent (the "error" lines say why)`,
      { code: 'templates_failed', permanent: true },
    );
  }
}

/**
 * A WhatsApp template without its approved Content SID is a missing setting, not wrong words: it
 * is shown (and not sent until the SID is added) but does not fail the command, or every practice
 * that does not use WhatsApp would fail it.
 */
const isConfiguration = (issue: LintIssue): boolean => issue.rule === 'whatsapp_not_configured';
const breaksARule = (d: TemplateDescription): boolean =>
  d.issues.some((i) => i.severity === 'error' && !isConfiguration(i));

/** `reactivate templates`: every template of the practice with its SMS cost and its problems. */
export function registerTemplates(program: Command, ctx: CliContext): void {
  program
    .command('templates')
    .description(
      'list every message template (defaults and the practice’s own) with its SMS segment count, encoding, length and problems',
    )
    .option('--format <format>', FORMATS.join(' | '), 'table')
    .option('--practice <file>', 'the practice file (default: PRACTICE_CONFIG, else the example)')
    .action((flags: TemplatesFlags) => {
      if (!(FORMATS as readonly string[]).includes(flags.format))
        throw new UsageError(`unknown format "${flags.format}" (expected ${FORMATS.join(', ')})`);
      const practice = flags.practice
        ? readPracticeFile(resolve(ctx.cwd, flags.practice))
        : loadConfig(ctx.env).practice;
      const rows = describeTemplates(practice);
      ctx.stdout.write(
        flags.format === 'json'
          ? `${JSON.stringify(rows, null, 2)}\n`
          : renderTemplatesTable(rows, practice.name),
      );
      const failed = rows.filter(breaksARule).length;
      if (failed > 0) throw new TemplatesFailedError(failed);
    });
}

const COLUMNS = [
  { title: 'segment', width: 21 },
  { title: 'channel', width: 8 },
  { title: 'lang', width: 4 },
  { title: 'variant', width: 7 },
  { title: 'label', width: 24 },
  { title: 'SMS segments', width: 13 },
  { title: 'characters', width: 10 },
] as const;
const LABEL = 4;

/** The templates as a table for a terminal: one line each, its problems indented below it. */
export function renderTemplatesTable(rows: TemplateDescription[], practiceName: string): string {
  const line = (cells: string[]): string =>
    cells
      .map((cell, i) =>
        i === cells.length - 1 ? cell.padStart(COLUMNS[i]!.width) : cell.padEnd(COLUMNS[i]!.width),
      )
      .join(' ')
      .trimEnd();
  const out = [
    `Message templates of ${practiceName}, each rendered as a patient would get it: first name "${TYPICAL_FIRST_NAME}", a ${TYPICAL_BOOKING_LINK.length}-character booking link, no offer, opt-out line included.`,
    '',
    line(COLUMNS.map((c) => c.title)),
  ];
  for (const row of rows) {
    out.push(
      line([
        row.segment,
        row.channel,
        row.language,
        row.variant,
        row.label.length > COLUMNS[LABEL].width
          ? `${row.label.slice(0, COLUMNS[LABEL].width - 1)}…`
          : row.label,
        row.segments === undefined ? '—' : `${row.segments} (${row.encoding})`,
        String(row.characters),
      ]),
    );
    // A missing Content SID is a setting to add, not an error in the words.
    for (const issue of row.issues)
      out.push(
        `    ${(isConfiguration(issue) ? 'setup' : issue.severity).padEnd(7)} ${issue.rule}: ${issue.message}`,
      );
  }
  const failed = rows.filter(breaksARule).length;
  const warned = rows.filter((r) => r.issues.some((i) => i.severity === 'warning')).length;
  const unconfigured = rows.filter((r) => r.issues.some(isConfiguration)).length;
  out.push(
    '',
    `${rows.length} templates: ${failed} break${failed === 1 ? 's' : ''} a rule (never sent), ${warned} with a warning.`,
  );
  if (unconfigured > 0)
    out.push(
      `${unconfigured} WhatsApp template${unconfigured === 1 ? ' has' : 's have'} no approved Content SID in whatsappContentSids: not sent until added.`,
    );
  out.push(
    'SMS segments: GSM-7 carries 160 characters in one segment (153 each when split); one character outside it (á, í, ó, ú, curly quotes, an emoji) switches the whole text to UCS-2: 70 (67). Each segment is billed as a message.',
    '',
  );
  return out.join('\n');
}
