import type { PracticeFile, Segment } from '../practice.ts';
import { DEFAULT_TEMPLATES } from './default-templates.ts';
import {
  templateLanguageOf,
  type Template,
  type TemplateChannel,
  type TemplateLanguage,
} from './template-schema.ts';

/**
 * Which templates a practice has: its own (the practice file's `templates`) over the defaults,
 * matched by id and language; a practice entry with a new variant letter adds a variant.
 */

/** Every template of a practice, one per id and language, overrides first applied. */
export function allTemplates(practice?: Pick<PracticeFile, 'templates'>): Template[] {
  const byKey = new Map<string, Template>();
  for (const t of DEFAULT_TEMPLATES) byKey.set(`${t.id}|${t.language}`, t);
  for (const t of practice?.templates ?? []) byKey.set(`${t.id}|${t.language}`, t);
  return [...byKey.values()].sort((a, b) =>
    a.id === b.id ? a.language.localeCompare(b.language) : a.id.localeCompare(b.id),
  );
}

export interface TemplatesForInput {
  segment: Segment;
  channel: TemplateChannel;
  /** The patient's language tag (`es`, `es-MX`, `en`…); anything but Spanish reads English. */
  language: string | undefined;
  practice?: Pick<PracticeFile, 'templates'>;
}

/**
 * The variants for a segment and channel, in the patient's language: the Spanish version of each
 * variant for a Spanish speaker, the English one when that variant has no Spanish version.
 * Sorted by variant letter.
 */
export function templatesFor(input: TemplatesForInput): Template[] {
  const language = templateLanguageOf(input.language);
  const byVariant = new Map<string, Template[]>();
  for (const t of allTemplates(input.practice)) {
    if (t.segment !== input.segment || t.channel !== input.channel) continue;
    byVariant.set(t.variant, [...(byVariant.get(t.variant) ?? []), t]);
  }
  return [...byVariant.values()]
    .map((versions) => inLanguage(versions, language))
    .sort((a, b) => a.variant.localeCompare(b.variant));
}

/** The version in `language`, else English, else whichever exists. */
function inLanguage(versions: Template[], language: TemplateLanguage): Template {
  return (
    versions.find((t) => t.language === language) ??
    versions.find((t) => t.language === 'en') ??
    versions[0]!
  );
}

/**
 * One template by id (`overdue_recall.sms.a`) in the patient's language, falling back to English;
 * undefined when no such template exists.
 */
export function templateById(
  id: string,
  options: { language?: string; practice?: Pick<PracticeFile, 'templates'> } = {},
): Template | undefined {
  const matches = allTemplates(options.practice).filter((t) => t.id === id);
  return matches.length === 0
    ? undefined
    : inLanguage(matches, templateLanguageOf(options.language));
}

/** The dropdown value that lets the service pick the variant (later work learns which is best). */
export const AUTOMATIC_VARIANT = 'automatic';

export interface DropdownOption {
  value: string;
  label: string;
}

/**
 * The variant dropdown of the HubSpot workflow actions: `A – friendly reminder`, … then
 * `Automatic (learn which works best)`. Labels come from the English templates (the marketer's
 * language); when the segments label a letter differently, the labels are joined with " / ",
 * the most used first.
 * Narrow with `segment` and `channel` for one action's own list.
 */
export function variantOptions(
  filter: {
    segment?: Segment;
    channel?: TemplateChannel;
    practice?: Pick<PracticeFile, 'templates'>;
  } = {},
): DropdownOption[] {
  const byVariant = new Map<string, Template[]>();
  for (const t of allTemplates(filter.practice)) {
    if (filter.segment && t.segment !== filter.segment) continue;
    if (filter.channel && t.channel !== filter.channel) continue;
    byVariant.set(t.variant, [...(byVariant.get(t.variant) ?? []), t]);
  }
  const options = [...byVariant.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([variant, versions]) => {
      const english = versions.filter((t) => t.language === 'en');
      const counts = new Map<string, number>();
      for (const t of english.length > 0 ? english : versions)
        counts.set(t.label, (counts.get(t.label) ?? 0) + 1);
      // The label most segments use comes first.
      const labels = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([label]) => label);
      return { value: variant, label: `${variant.toUpperCase()} – ${labels.join(' / ')}` };
    });
  return [...options, { value: AUTOMATIC_VARIANT, label: 'Automatic (learn which works best)' }];
}
