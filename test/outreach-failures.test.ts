import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboxEntry } from '../src/sandbox/twilio/index.ts';
import {
  openAllDay,
  hubspotShowsOptOut,
  outreachHarness,
  pickPatient,
  type OutreachHarness,
} from './helpers/outreach.ts';

type Text = Extract<OutboxEntry, { kind: 'message' }>;

/**
 * Twilio's failures through the send pipeline, end to end (real SDKs against the sandboxes, real
 * Redis and BullMQ): a permanent refusal ends the job at once, a temporary one is retried with
 * backoff, a 21610 arriving in a status callback is an opt-out on every channel.
 */
describe('outreach: Twilio failures', () => {
  let h: OutreachHarness;
  beforeAll(async () => {
    h = await outreachHarness({ practice: openAllDay, seed: 11 });
    await h.sync();
  });
  afterAll(async () => {
    await h.close();
  });

  /** Synced contacts that can be texted (one per phone, optionally with an email), each used once. */
  const used = new Set<string>();
  const patient = (o: { withEmail?: boolean } = {}) => pickPatient(h, used, o);
  const textsTo = (to: string) =>
    h.twilio.outbox.filter((m): m is Text => m.kind === 'message' && m.to === to);
  const completionsOf = (callbackId: string) =>
    h.hubspot.callbackCompletions.filter((c) => c.callbackId === callbackId);

  it('Twilio 429 / 20429 on the first two tries: retried with backoff (the message goes 2 s + 4 s later at the earliest), exactly one message, one callback completed sent', async () => {
    const p = patient();
    // The line type is known: the only Twilio requests of this send are the message creations,
    // so the two 429s land on them (a Lookup would otherwise take the first).
    await h.store.lineTypes.set(p.mobile, 'mobile');
    const before = { tooMany: h.twilio.stats.tooManyRequests, code: h.twilio.stats.errors[20429] };
    h.twilio.fail429(2);
    const started = Date.now();
    await h.action('send-sms', { callbackId: 'fail-429', contactId: p.contactId });
    const outputs = await h.completion('fail-429', 30_000);
    expect(outputs).toMatchObject({
      hs_execution_state: 'SUCCESS',
      outcome: 'sent',
      channel: 'sms',
    });
    expect(h.twilio.stats.tooManyRequests - before.tooMany).toBe(2);
    expect((h.twilio.stats.errors[20429] ?? 0) - (before.code ?? 0)).toBe(2);
    // BullMQ's exponential backoff from 2 s: the third try starts 2 s + 4 s after the first.
    const sent = textsTo(p.mobile);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.sid).toBe(outputs.message_id);
    expect(sent[0]!.at.getTime() - started).toBeGreaterThanOrEqual(6_000);
    // Nothing more goes out later, and the workflow heard once.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(textsTo(p.mobile)).toHaveLength(1);
    expect(completionsOf('fail-429')).toHaveLength(1);
  }, 40_000);

  it('Twilio 21211 (a number libphonenumber accepts, Twilio finds invalid): one attempt, no retry, callback skipped_unreachable naming 21211, nothing counted against the caps', async () => {
    const p = patient();
    // +1 242 is the Bahamas: the service's libphonenumber metadata reads 242-555-0123 as valid,
    // Twilio's full validation (the sandbox uses libphonenumber's "max" metadata) does not.
    const invalid = '+12425550123';
    h.hubspot.staffUpdateContact(p.contactId, { mobilephone: invalid });
    const before = h.twilio.stats.errors[21211] ?? 0;
    await h.action('send-sms', { callbackId: 'fail-21211', contactId: p.contactId });
    const outputs = await h.completion('fail-21211');
    expect(outputs).toMatchObject({
      hs_execution_state: 'SUCCESS',
      outcome: 'skipped_unreachable',
      channel: 'sms',
      message_id: '',
    });
    expect(outputs.reason).toContain('21211');
    // A retry would come 2 s later (the queue's first backoff): wait past it.
    await new Promise((r) => setTimeout(r, 2_500));
    expect((h.twilio.stats.errors[21211] ?? 0) - before).toBe(1);
    expect(textsTo(invalid)).toEqual([]);
    expect(completionsOf('fail-21211')).toHaveLength(1);
    // The refusal does not count against the patient's caps.
    expect(await h.store.sendHistory.since(p.key, new Date(Date.now() - 86_400_000))).toHaveLength(
      0,
    );
  });

  it('a status callback failed with 21610: the patient goes on the local opt-out list, HubSpot gets opted_out / sms_consent no / whatsapp_consent no / email unsubscribed, and a call afterwards is skipped_opted_out', async () => {
    const p = patient({ withEmail: true });
    // Twilio accepts the message; the carrier's STOP comes back in the status callback.
    h.twilio.failNumber(p.mobile, 21610, 'failed');
    try {
      await h.action('send-sms', { callbackId: 'fail-status-21610', contactId: p.contactId });
      const outputs = await h.completion('fail-status-21610');
      expect(outputs.outcome, JSON.stringify(outputs)).toBe('sent');
      await h.waitFor(
        async () => (await h.store.messages.get(outputs.message_id!))?.status === 'failed',
      );
      const status = h.twilio.webhooks.find(
        (w) =>
          w.kind === 'message-status' &&
          w.params.MessageSid === outputs.message_id &&
          w.params.MessageStatus === 'failed',
      );
      expect(status?.params.ErrorCode).toBe('21610');
      expect(await h.store.optOuts.isOptedOut({ patientKey: p.key })).toBe(true);
      expect(await h.store.optOuts.isOptedOut({ phone: p.mobile })).toBe(true);
      await h.waitFor(() => hubspotShowsOptOut(h, p.contactId), 5_000);
      const email = h.hubspot.contacts.get(p.contactId)!.properties.email!;
      expect(email).toBeTruthy();
      await h.waitFor(() => h.hubspot.emailSubscriptions.get(email)?.unsubscribedFromAll, 5_000);
      // Every channel: a call is refused as well.
      await h.action('call', {
        callbackId: 'fail-status-21610-call',
        contactId: p.contactId,
        inputs: { mode: 'automated_call' },
      });
      expect((await h.completion('fail-status-21610-call')).outcome).toBe('skipped_opted_out');
    } finally {
      h.twilio.clearFailure(p.mobile);
    }
  });
});
