import { readFileSync } from 'node:fs';
import { translate } from '@hubspot/project-parsing-lib/translate';
import { describe, expect, it } from 'vitest';

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
});
