import { z } from 'zod';
import type { Logger } from '../../lib/logger.ts';
import { signV2 } from './signatures.ts';
import type { ContactsView } from './views.ts';

/**
 * What HubSpot's workflow engine does with the app's custom actions, for the embedded default: it
 * enrolls each segment's eligible contacts into the default reactivation sequence and calls the
 * real action endpoints with v2-signed requests, as HubSpot does. The sequence is the one the
 * README suggests a marketer builds first:
 *
 *   1. "Choose best channel" → branch on `channel`;
 *   2. text, WhatsApp or a front-desk call task on that channel (`automatic` template: the service
 *      learns which variant wins); `email` is HubSpot's own email, `none` ends the sequence;
 *   3. after a wait, if the patient has neither answered nor booked, a call task for the front desk.
 *
 * One workflow per segment (ids 9001–9004), so the dashboard's per-workflow figures mean something.
 * Segments are enrolled round-robin so every segment's funnel fills from the first minute.
 */

export const SEGMENT_WORKFLOWS: Record<string, number> = {
  overdue_recall: 9001,
  no_show: 9002,
  unscheduled_treatment: 9003,
  dormant: 9004,
};

/**
 * The call action's inputs as the workflow editor makes them: HubSpot always sends a required
 * input (`template` is required in call-hsmeta.json, though a front-desk task does not use it).
 */
const FRONT_DESK_TASK = { mode: 'front_desk_task', template: 'automatic' };

const ACTION_IDS: Record<string, number> = {
  'best-channel': 7001,
  'send-sms': 7002,
  'send-whatsapp': 7003,
  call: 7004,
};

const BestChannelAnswer = z.object({
  outputFields: z.object({ channel: z.string() }).loose(),
});

export interface WorkflowRunnerOptions {
  contacts: ContactsView;
  portalId: number;
  /** The service's base URL (the action URLs of the app's definitions). */
  serviceUrl: string;
  clientSecret: string;
  /** Contacts enrolled per tick, across segments. */
  enrollPerTick?: number;
  tickMs?: number;
  /** The sequence's wait before the follow-up call task. */
  followUpAfterMs?: number;
  logger: Logger;
}

export interface WorkflowRunnerStats {
  enrolled: number;
  byChannel: Record<string, number>;
  followUps: number;
  failedCalls: number;
}

export interface WorkflowRunner {
  stats(): WorkflowRunnerStats;
  stop(): Promise<void>;
}

interface Enrollment {
  contactId: string;
  workflowId: number;
  followUpAt?: number;
}

export function startWorkflowRunner(o: WorkflowRunnerOptions): WorkflowRunner {
  const enrollPerTick = o.enrollPerTick ?? 6;
  const followUpAfterMs = o.followUpAfterMs ?? 45_000;
  const log = o.logger.child({ module: 'sandbox/workflows' });
  const enrolled = new Map<string, Enrollment>();
  const stats: WorkflowRunnerStats = { enrolled: 0, byChannel: {}, followUps: 0, failedCalls: 0 };
  let callbacks = 0;
  let stopped = false;

  async function call(
    action: string,
    e: Enrollment,
    inputs: Record<string, string> = {},
  ): Promise<unknown> {
    const url = `${o.serviceUrl}/hubspot/actions/${action}`;
    const body = JSON.stringify({
      callbackId: `sandbox-${e.workflowId}-${e.contactId}-${++callbacks}`,
      origin: {
        portalId: o.portalId,
        actionDefinitionId: ACTION_IDS[action],
        actionDefinitionVersion: 1,
      },
      context: { source: 'WORKFLOWS', workflowId: e.workflowId },
      object: { objectId: Number(e.contactId), objectType: 'CONTACT' },
      inputFields: inputs,
    });
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-HubSpot-Signature-Version': 'v2',
        'X-HubSpot-Signature': signV2({ clientSecret: o.clientSecret, method: 'POST', url, body }),
      },
      body,
    });
    if (!response.ok) {
      stats.failedCalls++;
      log.warn({ action, status: response.status, contactId: e.contactId }, 'action refused');
      return undefined;
    }
    return response.json();
  }

  async function firstTouch(e: Enrollment): Promise<void> {
    const answer = BestChannelAnswer.safeParse(await call('best-channel', e));
    const channel = answer.success ? answer.data.outputFields.channel : 'none';
    stats.byChannel[channel] = (stats.byChannel[channel] ?? 0) + 1;
    if (channel === 'sms') await call('send-sms', e, { template: 'automatic' });
    else if (channel === 'whatsapp') await call('send-whatsapp', e, { template: 'automatic' });
    else if (channel === 'call') await call('call', e, FRONT_DESK_TASK);
    if (channel === 'sms' || channel === 'whatsapp') e.followUpAt = Date.now() + followUpAfterMs;
  }

  /** The wait step: still only contacted (no answer, no booking) → a person calls. */
  async function followUps(): Promise<void> {
    const due = [...enrolled.values()].filter((e) => e.followUpAt && e.followUpAt <= Date.now());
    for (const e of due) {
      delete e.followUpAt;
      const status = o.contacts.get(e.contactId)?.properties.reactivation_status;
      if (status !== 'contacted') continue;
      stats.followUps++;
      await call('call', e, FRONT_DESK_TASK);
    }
  }

  function nextToEnroll(): Enrollment[] {
    const queues = new Map<string, Enrollment[]>();
    for (const c of o.contacts.list()) {
      const segment = c.properties.reactivation_segment ?? '';
      const workflowId = SEGMENT_WORKFLOWS[segment];
      if (!workflowId || c.properties.reactivation_status !== 'eligible') continue;
      if (enrolled.has(c.id)) continue;
      const queue = queues.get(segment) ?? [];
      if (queue.length < enrollPerTick) queue.push({ contactId: c.id, workflowId });
      queues.set(segment, queue);
    }
    const picked: Enrollment[] = [];
    for (let i = 0; picked.length < enrollPerTick; i++) {
      const round = [...queues.values()].map((q) => q[i]).filter((e) => e !== undefined);
      if (round.length === 0) break;
      picked.push(...round.slice(0, enrollPerTick - picked.length));
    }
    return picked;
  }

  async function tick(): Promise<void> {
    const batch = nextToEnroll();
    for (const e of batch) enrolled.set(e.contactId, e);
    stats.enrolled += batch.length;
    await Promise.all(batch.map((e) => firstTouch(e)));
    await followUps();
  }

  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    // One tick at a time: a slow tick (HubSpot's limit) delays the next instead of piling up.
    if (stopped || running) return;
    running = tick()
      .catch((error: unknown) => {
        log.warn({ error: (error as Error).message }, 'workflow tick failed');
      })
      .finally(() => {
        running = undefined;
      });
  }, o.tickMs ?? 2_000);

  return {
    stats: () => structuredClone(stats),
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
