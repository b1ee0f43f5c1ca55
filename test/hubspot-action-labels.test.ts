import { readFileSync, readdirSync } from 'node:fs';
import { translate } from '@hubspot/project-parsing-lib/translate';
import { describe, expect, it } from 'vitest';
import { ACTION_NAMES } from '../src/outreach/doors.ts';

/**
 * The words a marketer sees in HubSpot's workflow editor for the four custom actions, exactly as
 * issue 4 ("Action definitions") names them, in the files HubSpot reads and after HubSpot's own
 * parser has read them.
 */
const root = new URL('../', import.meta.url).pathname;
const folder = `${root}extensions/app/workflow-actions/`;

/** The names, by the service door each action posts to. */
const EXPECTED: Record<(typeof ACTION_NAMES)[number], string> = {
  'send-sms': 'Send reactivation text',
  'send-whatsapp': 'Send WhatsApp message',
  call: 'Call patient',
  'best-channel': 'Choose best channel',
};

interface ActionFile {
  config: {
    actionUrl: string;
    inputFields?: {
      typeDefinition: { name: string; options?: { value: string; label: string }[] };
    }[];
    labels: Record<string, { actionName: string }>;
  };
}

const door = (actionUrl: string) => actionUrl.replace(/^.*\/hubspot\/actions\//, '');

function actionFiles(): Map<string, ActionFile> {
  const files = readdirSync(folder).filter((f) => f.endsWith('-hsmeta.json'));
  return new Map(
    files.map((f) => {
      const parsed = JSON.parse(readFileSync(folder + f, 'utf8')) as ActionFile;
      return [door(parsed.config.actionUrl), parsed];
    }),
  );
}

describe('the workflow actions as a marketer sees them', () => {
  it('are named exactly as the issue names them, one file per action', () => {
    const files = actionFiles();
    expect([...files.keys()].sort()).toEqual([...ACTION_NAMES].sort());
    const names = Object.fromEntries(
      [...files].map(([name, file]) => [name, file.config.labels.en!.actionName]),
    );
    expect(names).toEqual(EXPECTED);
    // English is the only language: no other label a marketer could see instead.
    for (const [name, file] of files) expect(Object.keys(file.config.labels), name).toEqual(['en']);
  });

  it('keep those names once HubSpot’s own project parser has read them', async () => {
    const project = JSON.parse(readFileSync(`${root}hsproject.json`, 'utf8'));
    const { intermediateRepresentation } = await translate(
      { projectSourceDir: `${root}${project.srcDir}`, platformVersion: project.platformVersion },
      { skipValidation: true, profile: 'example' },
    );
    const actions = Object.values(intermediateRepresentation.intermediateNodesIndexedByUid).filter(
      (n) => n.componentType === 'WORKFLOW_ACTION',
    );
    const names = Object.fromEntries(
      actions.map((a) => {
        const config = a.config as ActionFile['config'];
        return [door(config.actionUrl), config.labels.en!.actionName];
      }),
    );
    expect(names).toEqual(EXPECTED);
  });

  it('"Call patient" offers the two ways the issue describes: an automated voice call, or a call task for the front desk', () => {
    const call = actionFiles().get('call')!;
    const mode = call.config.inputFields!.find((f) => f.typeDefinition.name === 'mode')!;
    expect(mode.typeDefinition.options).toEqual([
      { value: 'automated_call', label: 'Automated voice call' },
      { value: 'front_desk_task', label: 'Call task for the front desk' },
    ]);
  });

  it('are the names the README’s first workflow tells marketers to pick', () => {
    const readme = readFileSync(`${root}README.md`, 'utf8');
    for (const name of Object.values(EXPECTED)) expect(readme).toContain(`"${name}"`);
  });
});
