import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../src/lib/logger.ts';
import type { ActionExecution } from '../src/outreach/doors.ts';
import type { ContactSnapshot } from '../src/sandbox/hubspot/state/contact-store.ts';
import type { ContactsView } from '../src/sandbox/hubspot/views.ts';
import {
  SEGMENT_WORKFLOWS,
  startWorkflowRunner,
  type WorkflowRunner,
} from '../src/sandbox/hubspot/workflow-runner.ts';
import { ROOT } from './helpers/cli.ts';
import { CLIENT_SECRET, startDoors, type DoorsUnderTest } from './helpers/doors.ts';

/**
 * The embedded default's stand-in for HubSpot's workflow engine, against the service's real doors
 * (webhooks/: the v2 signature checked by `assertV2` on the exact bytes and URL): each segment's
 * eligible contacts are enrolled once, in that segment's workflow, and each action is called the
 * way HubSpot calls the app's definitions (extensions/app/workflow-actions), required inputs and
 * all. With another client secret, the doors refuse every call and nothing is handed over.
 */

const PORTAL_ID = 62515;

interface InputField {
  typeDefinition: { name: string; options?: { value: string }[] };
  isRequired?: boolean;
}

/** The app's workflow actions as uploaded to HubSpot: their URL path and input fields. */
function actionDefinitions(): Map<string, { path: string; inputs: InputField[] }> {
  const defs = new Map<string, { path: string; inputs: InputField[] }>();
  for (const name of ['best-channel', 'send-sms', 'send-whatsapp', 'call']) {
    const meta = JSON.parse(
      readFileSync(join(ROOT, `extensions/app/workflow-actions/${name}-hsmeta.json`), 'utf8'),
    ) as { config: { actionUrl: string; inputFields?: InputField[] } };
    defs.set(name, {
      path: meta.config.actionUrl.replace('${SERVICE_URL}', ''),
      inputs: meta.config.inputFields ?? [],
    });
  }
  return defs;
}

/** A portal's contacts as the runner reads them; statuses can be changed as the service would. */
function contactsOf(list: { id: string; segment?: string; status: string }[]): ContactsView & {
  setStatus(id: string, status: string): void;
} {
  const records = new Map<string, ContactSnapshot>(
    list.map((c) => [
      c.id,
      {
        id: c.id,
        properties: {
          reactivation_status: c.status,
          ...(c.segment ? { reactivation_segment: c.segment } : {}),
        },
        createdAt: new Date(0),
        updatedAt: new Date(0),
        archived: false,
      },
    ]),
  );
  const copy = (c: ContactSnapshot) => structuredClone(c);
  return {
    list: () => [...records.values()].map(copy),
    get: (id) => {
      const c = records.get(id);
      return c ? copy(c) : undefined;
    },
    findBy: (property, value) =>
      [...records.values()].filter((c) => c.properties[property] === value).map(copy),
    count: () => records.size,
    setStatus(id, status) {
      records.get(id)!.properties.reactivation_status = status;
    },
  };
}

async function until(condition: () => boolean, ms = 10_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > ms) throw new Error(`not reached in ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the sandbox workflow runner against the real action doors', () => {
  let doors: DoorsUnderTest;
  let runner: WorkflowRunner | undefined;

  beforeEach(async () => {
    doors = await startDoors({ publicBaseUrl: 'local' });
  });
  afterEach(async () => {
    await runner?.stop();
    runner = undefined;
    await doors.close();
  });

  it("enrolls each segment's eligible contacts once in that segment's workflow, with v2-signed calls the doors accept and every required input", async () => {
    const segments = Object.keys(SEGMENT_WORKFLOWS);
    const channels = ['sms', 'whatsapp', 'call', 'none'] as const;
    const people: { id: string; segment?: string; status: string }[] = [];
    const channelOf = new Map<string, string>();
    let id = 101;
    // Per segment: four eligible contacts (one per channel the rules may pick), and two that are not.
    for (const segment of segments) {
      for (const channel of channels) {
        people.push({ id: String(id), segment, status: 'eligible' });
        channelOf.set(String(id++), channel);
      }
      people.push({ id: String(id++), segment, status: 'contacted' });
      people.push({ id: String(id++), segment, status: 'not_eligible' });
    }
    // Eligible, but in no segment a workflow enrolls from.
    people.push({ id: String(id++), status: 'eligible' });
    people.push({ id: String(id++), segment: 'something_else', status: 'eligible' });
    const contacts = contactsOf(people);
    const eligible = people.filter((p) => p.status === 'eligible' && channelOf.has(p.id));
    const segmentOf = new Map(people.map((p) => [p.id, p.segment]));

    // The rules' answer: the channel this test chose for the contact.
    doors.service.bestChannel = async (e: ActionExecution) => {
      doors.service.bestChannelCalls.push(e);
      return { channel: channelOf.get(e.contactId) ?? 'none', reason: 'test' };
    };

    runner = startWorkflowRunner({
      contacts,
      portalId: PORTAL_ID,
      serviceUrl: doors.baseUrl,
      clientSecret: CLIENT_SECRET,
      enrollPerTick: 6,
      tickMs: 30,
      followUpAfterMs: 1_500,
      logger: silentLogger,
    });
    const touched = (c: string) => c === 'sms' || c === 'whatsapp' || c === 'call';
    const firstTouches = eligible.filter((p) => touched(channelOf.get(p.id)!)).length;
    await until(
      () =>
        doors.service.bestChannelCalls.length === eligible.length &&
        doors.service.executions.length === firstTouches,
    );

    // After the first message: one patient per texted channel still only contacted, the others
    // booked. The sequence's wait step calls the front desk for the first kind only.
    const texted = eligible.filter((p) => ['sms', 'whatsapp'].includes(channelOf.get(p.id)!));
    const stillContacted = texted.filter((_, i) => i % 2 === 0);
    for (const p of texted)
      contacts.setStatus(p.id, stillContacted.includes(p) ? 'contacted' : 'booked');
    await until(() => doors.service.executions.length === firstTouches + stillContacted.length);
    await new Promise((r) => setTimeout(r, 300));

    const stats = runner.stats();
    expect(stats.failedCalls).toBe(0);
    expect(stats.enrolled).toBe(eligible.length);
    expect(stats.followUps).toBe(stillContacted.length);
    expect(doors.service.violations).toEqual([]);

    // Every eligible contact of a segment, once, in that segment's workflow; nobody else.
    const workflowOf = (contactId: string) => String(SEGMENT_WORKFLOWS[segmentOf.get(contactId)!]);
    expect(doors.service.bestChannelCalls.map((e) => e.contactId).sort()).toEqual(
      eligible.map((p) => p.id).sort(),
    );
    for (const e of [...doors.service.bestChannelCalls, ...doors.service.executions]) {
      expect(e.workflowId, e.contactId).toBe(workflowOf(e.contactId));
      expect(e.portalId).toBe(PORTAL_ID);
    }
    for (const segment of segments) {
      const enrolled = doors.service.bestChannelCalls
        .filter((e) => e.workflowId === String(SEGMENT_WORKFLOWS[segment]))
        .map((e) => e.contactId)
        .sort();
      expect(enrolled, segment).toEqual(
        eligible
          .filter((p) => p.segment === segment)
          .map((p) => p.id)
          .sort(),
      );
    }

    // The action each channel calls, with inputs the app's definitions declare and require.
    const expected = new Map<string, string[]>();
    for (const p of eligible) {
      const c = channelOf.get(p.id)!;
      const actions =
        c === 'sms'
          ? ['send-sms']
          : c === 'whatsapp'
            ? ['send-whatsapp']
            : c === 'call'
              ? ['call']
              : [];
      if (stillContacted.includes(p)) actions.push('call');
      expected.set(p.id, actions);
    }
    const called = new Map<string, string[]>();
    for (const e of doors.service.executions)
      called.set(e.contactId, [...(called.get(e.contactId) ?? []), e.action]);
    for (const [contactId, actions] of expected)
      expect(called.get(contactId) ?? [], contactId).toEqual(actions);

    const defs = actionDefinitions();
    for (const e of [...doors.service.bestChannelCalls, ...doors.service.executions]) {
      const def = defs.get(e.action)!;
      expect(def.path).toBe(`/hubspot/actions/${e.action}`);
      for (const field of def.inputs) {
        const value = e.inputs[field.typeDefinition.name];
        if (field.isRequired)
          expect(value, `${e.action}: ${field.typeDefinition.name}`).toBeDefined();
        if (value !== undefined && field.typeDefinition.options?.length)
          expect(field.typeDefinition.options.map((o) => o.value)).toContain(value);
      }
      for (const name of Object.keys(e.inputs))
        expect(def.inputs.map((f) => f.typeDefinition.name)).toContain(name);
    }
    for (const e of doors.service.executions.filter((x) => x.action === 'call'))
      expect(e.inputs.mode).toBe('front_desk_task');
    for (const e of doors.service.executions.filter((x) => x.action !== 'call'))
      expect(e.inputs.template).toBe('automatic');
    // Each call is its own execution: HubSpot's callbackId never repeats.
    const callbackIds = doors.service.executions.map((e) => e.callbackId);
    expect(new Set(callbackIds).size).toBe(callbackIds.length);
  });

  it('signed with another client secret, every call is refused by the doors and nothing is handed over', async () => {
    const contacts = contactsOf([
      { id: '201', segment: 'overdue_recall', status: 'eligible' },
      { id: '202', segment: 'no_show', status: 'eligible' },
    ]);
    runner = startWorkflowRunner({
      contacts,
      portalId: PORTAL_ID,
      serviceUrl: doors.baseUrl,
      clientSecret: 'not-the-app-client-secret',
      tickMs: 30,
      logger: silentLogger,
    });
    await until(() => runner!.stats().failedCalls >= 2);
    expect(runner.stats().enrolled).toBe(2);
    expect(runner.stats().byChannel).toEqual({ none: 2 });
    expect(doors.service.bestChannelCalls).toEqual([]);
    expect(doors.service.executions).toEqual([]);
  });
});
