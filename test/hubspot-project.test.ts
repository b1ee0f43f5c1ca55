import { existsSync, readFileSync } from 'node:fs';
import { translate } from '@hubspot/project-parsing-lib/translate';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SERVICE_URL } from '../extensions/app/cards/service-url.ts';
import { CHANNELS } from '../src/domain/channel-choice.ts';
import { OUTREACH_OUTCOMES } from '../src/domain/outreach-outcome.ts';
import { variantOptions } from '../src/domain/templates/template-catalog.ts';
import { ACTION_NAMES } from '../src/outreach/doors.ts';

/**
 * The HubSpot developer project, parsed by HubSpot's own parser (schema validation needs an
 * account, so it is skipped). Run with the example profile, as `hs project upload --profile` would.
 */
const root = new URL('../', import.meta.url).pathname;
const project = JSON.parse(readFileSync(`${root}hsproject.json`, 'utf8'));

async function parse() {
  const { intermediateRepresentation, skippedHsMetaFiles } = await translate(
    { projectSourceDir: `${root}${project.srcDir}`, platformVersion: project.platformVersion },
    { skipValidation: true, profile: 'example' },
  );
  return { nodes: intermediateRepresentation.intermediateNodesIndexedByUid, skippedHsMetaFiles };
}

describe('the HubSpot developer project', () => {
  it('is a 2025.2 project whose components live in extensions/', () => {
    expect(project).toEqual({
      name: 'patient-reactivation',
      srcDir: 'extensions',
      platformVersion: '2025.2',
    });
  });

  it('parses with nothing skipped, and has one private app with static auth', async () => {
    const { nodes, skippedHsMetaFiles } = await parse();
    expect(skippedHsMetaFiles).toEqual([]);
    const apps = Object.values(nodes).filter((n) => n.componentType === 'APPLICATION');
    expect(apps).toHaveLength(1);
    const app = apps[0]!;
    expect(app.uid).toBe('patient_reactivation_app');
    expect(app.config).toMatchObject({ distribution: 'private', auth: { type: 'static' } });
  });

  it('asks for exactly the scopes the service uses', async () => {
    const { nodes } = await parse();
    const scopes = (
      nodes.patient_reactivation_app!.config as { auth: { requiredScopes: string[] } }
    ).auth.requiredScopes;
    expect(new Set(scopes)).toEqual(
      new Set([
        'crm.objects.contacts.read', // sync, cards, outreach: read contacts
        'crm.objects.contacts.write', // sync upserts; timeline communications, tasks, calls on contacts
        'crm.schemas.contacts.read', // setup reads the property definitions
        'crm.schemas.contacts.write', // setup creates the property group and properties
        'crm.objects.owners.read', // hand-off tasks go to the contact owner
        'automation', // custom workflow actions and their callbacks
        'communication_preferences.read_write', // an opt-out unsubscribes the patient from every email
      ]),
    );
  });

  it('lets the card fetch only the service, whose address comes from the deployment profile', async () => {
    const { nodes } = await parse();
    expect(
      (nodes.patient_reactivation_app!.config as { permittedUrls: { fetch: string[] } })
        .permittedUrls.fetch,
    ).toEqual(['https://reactivation.example-practice.com']);
  });

  it('has the reactivation card on the contact record, its entrypoint beside it', async () => {
    const { nodes } = await parse();
    const cards = Object.values(nodes).filter((n) => n.componentType === 'CARD');
    expect(cards).toHaveLength(1);
    const card = cards[0]!;
    expect(card.uid).toBe('reactivation_card');
    expect(card.config).toMatchObject({
      location: 'crm.record.tab',
      entrypoint: '/app/cards/ReactivationCard.tsx',
      objectTypes: ['contacts'],
    });
    const config = card.config as { name: string; description: string; entrypoint: string };
    expect(config.name).toBeTruthy();
    expect(config.description).toBeTruthy();
    expect(existsSync(`${root}${project.srcDir}${config.entrypoint}`)).toBe(true);
    // HubSpot builds the card from its own package.json, with the versions the tests ran against.
    const rootPackage = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
    const cardPackage = JSON.parse(
      readFileSync(`${root}${project.srcDir}/app/cards/package.json`, 'utf8'),
    );
    expect(cardPackage.dependencies).toEqual({
      '@hubspot/ui-extensions': rootPackage.devDependencies['@hubspot/ui-extensions'],
      react: rootPackage.devDependencies.react,
    });
  });

  it('points the card at the same service the example profile permits it to fetch', () => {
    const profile = JSON.parse(
      readFileSync(`${root}${project.srcDir}/hsprofile.example.json`, 'utf8'),
    );
    expect(DEFAULT_SERVICE_URL).toBe(profile.variables.SERVICE_URL);
  });

  it('has the four workflow actions, each posting to its door at the service', async () => {
    const { nodes } = await parse();
    const actions = Object.values(nodes).filter((n) => n.componentType === 'WORKFLOW_ACTION');
    const urls = actions.map((a) => (a.config as WorkflowActionConfig).actionUrl).sort();
    expect(urls).toEqual(
      [...ACTION_NAMES].sort().map((name) => `${SERVICE_URL}/hubspot/actions/${name}`),
    );
    for (const action of actions) {
      const config = action.config as WorkflowActionConfig;
      expect(config, action.uid).toMatchObject({
        isPublished: true,
        supportedClients: [{ client: 'WORKFLOWS' }],
        objectTypes: ['CONTACT'],
      });
      // Every input and output has a label a marketer reads.
      const en = config.labels.en;
      expect(en.actionName, action.uid).toBeTruthy();
      expect(en.actionDescription, action.uid).toBeTruthy();
      expect(en.actionCardContent, action.uid).toBeTruthy();
      expect(Object.keys(en.inputFieldLabels).sort(), action.uid).toEqual(
        (config.inputFields ?? []).map((f) => f.typeDefinition.name).sort(),
      );
      expect(Object.keys(en.outputFieldLabels).sort(), action.uid).toEqual(
        config.outputFields.map((f) => f.typeDefinition.name).sort(),
      );
    }
  });

  it("offers the send actions' templates exactly as the template catalogue lists them", async () => {
    const { nodes } = await parse();
    for (const name of ['send-sms', 'send-whatsapp', 'call']) {
      const config = actionConfig(nodes, name);
      expect(field(config.inputFields, 'template').options, name).toEqual(variantOptions());
      expect(
        field(config.inputFields, 'when_not_allowed_now').options?.map((o) => o.value),
      ).toEqual(['wait', 'continue']);
      expect(
        field(config.outputFields, 'outcome').options?.map((o) => o.value),
        name,
      ).toEqual([...OUTREACH_OUTCOMES]);
      expect(
        config.outputFields.map((f) => f.typeDefinition.name),
        name,
      ).toEqual(['outcome', 'channel', 'message_id', 'reason']);
    }
    expect(field(actionConfig(nodes, 'send-sms').inputFields, 'offer').type).toBe('string');
    expect(
      field(actionConfig(nodes, 'call').inputFields, 'mode').options?.map((o) => o.value),
    ).toEqual(['automated_call', 'front_desk_task']);
    const best = actionConfig(nodes, 'best-channel');
    expect(new Set(field(best.outputFields, 'channel').options?.map((o) => o.value))).toEqual(
      new Set([...CHANNELS, 'none']),
    );
    expect(best.outputFields.map((f) => f.typeDefinition.name)).toEqual(['channel', 'reason']);
  });

  it('subscribes the webhooks door to consent, opt-out, status and deletion events', async () => {
    const { nodes } = await parse();
    const hooks = Object.values(nodes).filter((n) => n.componentType === 'WEBHOOKS');
    expect(hooks).toHaveLength(1);
    expect(hooks[0]!.config).toEqual({
      settings: { targetUrl: `${SERVICE_URL}/hubspot/webhooks`, maxConcurrentRequests: 10 },
      subscriptions: {
        legacyCrmObjects: [
          ...['reactivation_status', 'hs_email_optout', 'sms_consent', 'whatsapp_consent'].map(
            (propertyName) => ({
              subscriptionType: 'contact.propertyChange',
              propertyName,
              active: true,
            }),
          ),
          { subscriptionType: 'contact.deletion', active: true },
        ],
        hubEvents: [{ subscriptionType: 'contact.privacyDeletion', active: true }],
      },
    });
  });
});

const SERVICE_URL = 'https://reactivation.example-practice.com';

interface FieldDefinition {
  typeDefinition: {
    name: string;
    type: string;
    fieldType: string;
    options?: { value: string; label: string }[];
  };
}
interface WorkflowActionConfig {
  actionUrl: string;
  inputFields?: FieldDefinition[];
  outputFields: FieldDefinition[];
  labels: {
    en: {
      actionName: string;
      actionDescription: string;
      actionCardContent: string;
      inputFieldLabels: Record<string, string>;
      outputFieldLabels: Record<string, string>;
    };
  };
}

function actionConfig(
  nodes: Awaited<ReturnType<typeof parse>>['nodes'],
  name: string,
): WorkflowActionConfig {
  const node = Object.values(nodes).find(
    (n) =>
      n.componentType === 'WORKFLOW_ACTION' &&
      (n.config as WorkflowActionConfig).actionUrl.endsWith(`/hubspot/actions/${name}`),
  );
  if (!node) throw new Error(`no workflow action for ${name}`);
  return node.config as WorkflowActionConfig;
}

function field(
  fields: FieldDefinition[] | undefined,
  name: string,
): FieldDefinition['typeDefinition'] {
  const found = fields?.find((f) => f.typeDefinition.name === name);
  if (!found) throw new Error(`no field ${name}`);
  return found.typeDefinition;
}
