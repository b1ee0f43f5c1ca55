import { newSid } from './sids.ts';
import { twilioErrors } from './twilio-error.ts';
import type { WhatsappTemplateSeed } from './types.ts';

export interface TemplateRecord {
  sid: string;
  friendlyName: string;
  language: string;
  body: string;
  variables: Record<string, string>;
  category: NonNullable<WhatsappTemplateSeed['category']>;
  status: NonNullable<WhatsappTemplateSeed['status']>;
  created: Date;
}

/** The Content API's templates: seeded once, looked up by `ContentSid`, rendered with variables. */
export class TemplateBook {
  private readonly bySid = new Map<string, TemplateRecord>();

  constructor(seeds: WhatsappTemplateSeed[], created: Date) {
    for (const seed of seeds) {
      const record: TemplateRecord = {
        sid: seed.sid ?? newSid('HX'),
        friendlyName: seed.friendlyName,
        language: seed.language ?? 'en',
        body: seed.body,
        variables: seed.variables ?? {},
        category: seed.category ?? 'UTILITY',
        status: seed.status ?? 'approved',
        created,
      };
      this.bySid.set(record.sid, record);
    }
  }

  list(): TemplateRecord[] {
    return [...this.bySid.values()];
  }

  find(sid: string): TemplateRecord | undefined {
    return this.bySid.get(sid);
  }

  /**
   * The text a template sends: each `{{key}}` replaced by `ContentVariables` (a JSON object of
   * strings), falling back to the template's default variables. Throws 21655 for an unknown SID,
   * 21656 for variables that are not such an object.
   */
  render(
    sid: string,
    contentVariables: string | undefined,
  ): { template: TemplateRecord; body: string; variables: Record<string, string> | null } {
    const template = this.find(sid);
    if (!template) throw twilioErrors.invalidContentSid();
    const variables = contentVariables === undefined ? null : parseVariables(contentVariables);
    const values = { ...template.variables, ...(variables ?? {}) };
    const body = template.body.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (match, key: string) =>
      key in values ? String(values[key]) : match,
    );
    return { template, body, variables };
  }
}

function parseVariables(json: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw twilioErrors.invalidContentVariables();
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw twilioErrors.invalidContentVariables();
  }
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value !== 'string' && typeof value !== 'number') {
      throw twilioErrors.invalidContentVariables();
    }
    out[key] = String(value);
  }
  return out;
}
