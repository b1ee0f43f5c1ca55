import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setupProperties } from '../src/crm/setup-properties.ts';
import { PROPERTIES } from '../src/crm/property-schema.ts';
import { renderSetup } from '../src/cli/setup-command.ts';
import { hubspotHarness, type HubSpotHarness } from './helpers/hubspot.ts';

describe('reactivate setup', () => {
  let h: HubSpotHarness;
  beforeEach(async () => {
    h = await hubspotHarness({ setup: false });
  });
  afterEach(async () => {
    await h.cleanup();
  });

  it('creates the group and every property; a second run changes nothing and says so', async () => {
    const first = await setupProperties(h.client);
    expect(first.group).toBe('created');
    expect(first.created).toEqual(PROPERTIES.map((p) => p.name));
    const group = h.sandbox.groups.get('patient_reactivation');
    expect(group?.label).toBe('Patient reactivation');
    const id = h.sandbox.properties.get('pms_patient_id');
    expect(id).toMatchObject({
      type: 'string',
      hasUniqueValue: true,
      groupName: 'patient_reactivation',
    });
    const status = h.sandbox.properties.get('reactivation_status');
    expect(status?.options.map((o: { value: string }) => o.value)).toEqual([
      'eligible',
      'in_sequence',
      'contacted',
      'replied',
      'booked',
      'confirmed',
      'recovered',
      'opted_out',
      'do_not_contact',
      'paused',
      'not_eligible',
    ]);
    expect(status?.options.find((o: { value: string }) => o.value === 'replied')?.label).toBe(
      'Replied – waiting for the front desk',
    );

    h.sandbox.resetStats();
    const second = await setupProperties(h.client);
    expect(second).toEqual({
      group: 'exists',
      created: [],
      unchanged: PROPERTIES.map((p) => p.name),
      optionsAdded: [],
      conflicts: [],
    });
    expect(h.sandbox.stats.count('POST', '/crm/v3/properties/contacts')).toBe(0);
    expect(h.sandbox.stats.count('PATCH', '/crm/v3/properties/contacts/:name')).toBe(0);
    expect(renderSetup(second)).toBe(
      'Nothing to change: the group and every property already exist.\n',
    );
  });

  it('never overwrites what a HubSpot user edited, only adds missing options', async () => {
    await setupProperties(h.client);
    // A user renames the property, relabels an option and deletes another.
    const current = h.sandbox.properties.get('reactivation_segment')!;
    await h.client.crm.properties.coreApi.update('contacts', 'reactivation_segment', {
      label: 'Why they left',
      options: current.options
        .filter((o: { value: string }) => o.value !== 'dormant')
        .map((o: { value: string; label: string }) => ({
          ...o,
          hidden: false,
          label: o.value === 'no_show' ? 'No-show' : o.label,
        })),
    } as never);
    const report = await setupProperties(h.client);
    expect(report.optionsAdded).toEqual([
      { property: 'reactivation_segment', values: ['dormant'] },
    ]);
    const after = h.sandbox.properties.get('reactivation_segment')!;
    expect(after.label).toBe('Why they left');
    expect(after.options.find((o: { value: string }) => o.value === 'no_show')?.label).toBe(
      'No-show',
    );
    expect(after.options.map((o: { value: string }) => o.value)).toContain('dormant');
  });

  it('reports a property that exists with another type instead of changing it', async () => {
    await h.client.crm.properties.coreApi.create('contacts', {
      name: 'last_visit_date',
      label: 'Last visit (text)',
      type: 'string',
      fieldType: 'text',
      groupName: 'contactinformation',
    } as never);
    const report = await setupProperties(h.client);
    expect(report.conflicts).toEqual([
      { property: 'last_visit_date', expected: 'type date', found: 'type string' },
    ]);
    expect(h.sandbox.properties.get('last_visit_date')?.type).toBe('string');
    expect(renderSetup(report)).toContain(
      'CONFLICT last_visit_date: expected type date, found type string',
    );
  });
});
