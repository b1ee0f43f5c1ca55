import { z } from 'zod';
import { ConfigError } from '../../lib/errors.ts';
import en from '../../../templates/en.json' with { type: 'json' };
import es from '../../../templates/es.json' with { type: 'json' };
import { TemplateEntry, type Template } from './template-schema.ts';

/**
 * The templates the product ships with, read from `templates/en.json` and `templates/es.json` (the
 * files marketers and reviewers read and edit). Parsed once at import: a malformed file is a bug
 * in the release and stops the service at start, not at the first send. Their lint is pinned by a
 * test (every default passes every rule).
 */
const TemplateFile = z.array(TemplateEntry);

function load(file: unknown, name: string): Template[] {
  const parsed = TemplateFile.safeParse(file);
  if (!parsed.success) {
    throw new ConfigError([`templates/${name}: ${z.prettifyError(parsed.error)}`]);
  }
  return parsed.data;
}

export const DEFAULT_TEMPLATES: readonly Template[] = Object.freeze([
  ...load(en, 'en.json'),
  ...load(es, 'es.json'),
]);
