import { Queue } from 'bullmq';
import twilio from 'twilio';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PracticeFile } from '../src/domain/practice.ts';
import type { ManualClock } from '../src/lib/clock.ts';
import { createLogger } from '../src/lib/logger.ts';
import type { OutboxEntry } from '../src/sandbox/twilio/index.ts';
import { actionClock, type ActionClock } from './helpers/action-clock.ts';
import {
  clockAt,
  openAllDay,
  hubspotShowsOptOut,
  outreachHarness,
  pickPatient,
  type OutreachHarness,
} from './helpers/outreach.ts';

type Text = Extract<OutboxEntry, { kind: 'message' }>;

const SENDER = '+15017122661';
const ACTIONS_QUEUE = 'outreach-actions';
const BATCH_READ = '/crm/v3/objects/contacts/batch/read';

/**
 * More of the outreach and conversation rules end to end (real SDKs against both sandboxes, real
 * Redis and BullMQ): a forged inbound webhook, the Lookup cache, the workflow's offer, the
 * `skipped_cap` outcome, a contact deleted before its job runs, Twilio down during an opt-out,
 * and a stranger's message.
 */
describe('outreach and conversations, more', () => {
  let h: OutreachHarness;
  let lines: Array<Record<string, unknown>>;
  let queue: Queue;
  beforeAll(async () => {
    lines = [];
    // Every line the service writes, debug included, to read them back.
    const logger = createLogger({
      level: 'debug',
      destination: { write: (line: string) => void lines.push(JSON.parse(line)) },
    });
    h = await outreachHarness({ practice: openAllDay, seed: 17, logger });
    await h.sync();
    queue = new Queue(ACTIONS_QUEUE, {
      connection: h.store.redis!.duplicate(),
      prefix: `${h.store.prefix}bull`,
    });
  });
  afterAll(async () => {
    await queue.close();
    await h.close();
  });

  /** Synced, eligible, textable English-speaking contacts, one per phone, each used once. */
  const used = new Set<string>();
  const patient = () => pickPatient(h, used, { english: true });
  /** The contacts `patient` picks from, shared numbers included. */
  const candidates = () =>
    h.hubspot.contacts
      .list()
      .filter(
        (c) =>
          c.properties.mobilephone &&
          c.properties.pms_patient_id &&
          c.properties.sms_consent !== 'no' &&
          c.properties.reactivation_status === 'eligible' &&
          c.properties.hs_language !== 'es',
      );
  const outboundTo = (to: string) =>
    h.twilio.outbox.filter(
      (m): m is Text => m.kind === 'message' && m.to === to && m.direction === 'outbound-api',
    );
  const completionsOf = (callbackId: string) =>
    h.hubspot.callbackCompletions.filter((c) => c.callbackId === callbackId);

  it('a forged Twilio signature on the inbound-message door (STOP from a patient): 401, no opt-out, no reply logged or sent, HubSpot untouched; the same message correctly signed does opt out', async () => {
    const p = patient();
    const url = `${h.baseUrl}/twilio/messages/inbound`;
    const params = (sid: string) => ({
      AccountSid: h.twilio.accountSid,
      ApiVersion: '2010-04-01',
      Body: 'STOP',
      From: p.mobile,
      MessageSid: sid,
      NumMedia: '0',
      NumSegments: '1',
      SmsMessageSid: sid,
      SmsSid: sid,
      SmsStatus: 'received',
      To: SENDER,
      OptOutType: 'STOP',
    });
    const post = (form: Record<string, string>, signature: string) =>
      fetch(url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          'X-Twilio-Signature': signature,
        },
        body: new URLSearchParams(form).toString(),
      });
    const forged = params(`SM${'f'.repeat(32)}`);
    const before = {
      communications: h.hubspot.communications.list().length,
      completions: h.hubspot.callbackCompletions.length,
      outbox: h.twilio.outbox.length,
      contact: structuredClone(h.hubspot.contacts.get(p.contactId)!.properties),
    };
    const attempts = [
      // Signed with another auth token.
      twilio.getExpectedTwilioSignature('not-the-auth-token', url, forged),
      // Signed right, over other parameters (a different body).
      twilio.getExpectedTwilioSignature(h.twilio.authToken, url, { ...forged, Body: 'hello' }),
      // Signed right, over another URL.
      twilio.getExpectedTwilioSignature(h.twilio.authToken, `${url}?x=1`, forged),
      // Not signed at all, or garbage.
      '',
      'Zm9yZ2VkIHNpZ25hdHVyZQ==',
    ];
    for (const signature of attempts) {
      const answer = await post(forged, signature);
      expect(answer.status).toBe(401);
      expect(await answer.json()).toMatchObject({ error: 'invalid_signature' });
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(await h.store.optOuts.isOptedOut({ patientKey: p.key })).toBe(false);
    expect(await h.store.optOuts.isOptedOut({ phone: p.mobile })).toBe(false);
    expect(await h.store.replies.last(p.key)).toBeUndefined();
    expect(h.hubspot.communications.list()).toHaveLength(before.communications);
    expect(h.hubspot.callbackCompletions).toHaveLength(before.completions);
    expect(h.twilio.outbox).toHaveLength(before.outbox);
    expect(h.hubspot.contacts.get(p.contactId)!.properties).toEqual(before.contact);

    // The control: the same message signed as Twilio signs it is taken and acted on.
    const genuine = params(`SM${'e'.repeat(32)}`);
    const answer = await post(
      genuine,
      twilio.getExpectedTwilioSignature(h.twilio.authToken, url, genuine),
    );
    expect(answer.status).toBe(200);
    expect(await h.store.optOuts.isOptedOut({ patientKey: p.key })).toBe(true);
  });

  it('the line type is cached: a second send to the same number (a family member sharing it) makes no second Twilio Lookup request', async () => {
    // Two eligible patients of one family who share the guarantor's mobile.
    const all = candidates();
    const shared = all.find(
      (c) =>
        !used.has(c.properties.mobilephone!) &&
        all.filter((x) => x.properties.mobilephone === c.properties.mobilephone).length >= 2,
    )!;
    const mobile = shared.properties.mobilephone!;
    used.add(mobile);
    const [first, second] = all.filter((c) => c.properties.mobilephone === mobile);
    h.twilio.setLineType(mobile, 'mobile');
    expect(await h.store.lineTypes.get(mobile)).toBeUndefined();
    const lookups = () => h.twilio.stats.byHost['lookups.twilio.com'] ?? 0;

    const before = lookups();
    await h.action('send-sms', { callbackId: 'more-lookup-1', contactId: first!.id });
    expect((await h.completion('more-lookup-1')).outcome).toBe('sent');
    // One Lookup for the first send (the gate asks twice: before and at the last moment).
    expect(lookups() - before).toBe(1);
    expect(await h.store.lineTypes.get(mobile)).toBe('mobile');

    await h.action('send-sms', { callbackId: 'more-lookup-2', contactId: second!.id });
    expect((await h.completion('more-lookup-2')).outcome).toBe('sent');
    expect(lookups() - before).toBe(1);
    expect(outboundTo(mobile)).toHaveLength(2);
  });

  it('the offer input: its text is in the message sent; an offer with fake urgency fails lint, is never sent, and the outcome says why', async () => {
    const [p, q] = [patient(), patient()];
    await h.action('send-sms', {
      callbackId: 'more-offer',
      contactId: p.contactId,
      inputs: { offer: 'A free electric toothbrush with your visit' },
    });
    const outputs = await h.completion('more-offer');
    expect(outputs.outcome).toBe('sent');
    const [sent] = outboundTo(p.mobile);
    expect(sent!.sid).toBe(outputs.message_id);
    expect(sent!.body).toContain('A free electric toothbrush with your visit.');
    expect(sent!.body).toContain('Riverside Family Dental');

    await h.action('send-sms', {
      callbackId: 'more-offer-urgent',
      contactId: q.contactId,
      inputs: { offer: 'Hurry, only 3 spots left this week!' },
    });
    const refused = await h.completion('more-offer-urgent');
    expect(refused).toMatchObject({
      hs_execution_state: 'SUCCESS',
      outcome: 'failed',
      channel: 'sms',
      message_id: '',
    });
    expect(refused.reason).toMatch(/the offer uses pressure: "hurry"/i);
    expect(refused.reason).toMatch(/only 3 spots left/i);
    await new Promise((r) => setTimeout(r, 300));
    expect(outboundTo(q.mobile)).toEqual([]);
    // Nothing sent, nothing counted against the patient's caps.
    expect(await h.store.sendHistory.since(q.key, new Date(Date.now() - 86_400_000))).toEqual([]);
  });

  it('skipped_cap at once when the practice lengthens the cap window past the 7 days a workflow callback lives: a second text within 14 days cannot go before HubSpot gives up on the action', async () => {
    const p = patient();
    // A practice may tighten the caps (src/domain/frequency-caps.ts): one message in 14 days.
    const caps = PracticeFile.parse({
      ...h.practice,
      caps: { perDay: 1, perWindow: 1, windowDays: 14 },
    }).caps!;
    const practice = h.service.deps.practice;
    practice.caps = caps;
    try {
      await h.action('send-sms', { callbackId: 'more-cap-1', contactId: p.contactId });
      const first = await h.completion('more-cap-1');
      expect(first.outcome).toBe('sent');
      const sentAt = Date.parse((await h.store.messages.get(first.message_id!))!.sentAt);

      await h.action('send-sms', { callbackId: 'more-cap-2', contactId: p.contactId });
      const capped = await h.completion('more-cap-2');
      expect(capped).toMatchObject({ outcome: 'skipped_cap', channel: 'sms', message_id: '' });
      // The earliest allowed moment is when the first text is 14 days old: past the callback's 7 days.
      expect(capped.reason).toBe(
        `weekly cap: the earliest allowed time (${new Date(sentAt + 14 * 86_400_000).toISOString()}) is later than the action can wait`,
      );
      expect(await h.store.pending.list(p.key)).toEqual([]);
      expect(outboundTo(p.mobile)).toHaveLength(1);
    } finally {
      delete practice.caps;
    }
  });

  it('a contact deleted in HubSpot before its job runs: outcome failed "the contact no longer exists", one job attempt, one contact read, no retry', async () => {
    const p = patient();
    h.hubspot.deleteContact(p.contactId);
    // The deletion webhook has purged the patient locally.
    await h.waitFor(async () => (await h.store.directory.get(p.key)) === undefined);
    const reads = h.hubspot.stats.count('POST', BATCH_READ);

    await h.action('send-sms', { callbackId: 'more-deleted', contactId: p.contactId });
    const outputs = await h.completion('more-deleted');
    expect(outputs).toMatchObject({
      hs_execution_state: 'SUCCESS',
      outcome: 'failed',
      channel: 'sms',
      message_id: '',
      reason: 'the contact no longer exists',
    });
    // A retry would come 2 s later (the queue's first backoff): wait past it.
    await new Promise((r) => setTimeout(r, 2_500));
    const job = (await queue.getJob('more-deleted'))!;
    expect(await job.getState()).toBe('completed');
    expect(job.attemptsStarted).toBe(1);
    expect(h.hubspot.stats.count('POST', BATCH_READ) - reads).toBe(1);
    expect(completionsOf('more-deleted')).toHaveLength(1);
    expect(outboundTo(p.mobile)).toEqual([]);
  });

  it('Twilio down (5xx) during an opt-out: the local list blocks every send meanwhile, the confirmation and the HubSpot update land, and nothing goes out after the STOP even once Twilio is back', async () => {
    const p = patient();
    // The line type is known: every Twilio request of the send is a message creation.
    await h.store.lineTypes.set(p.mobile, 'mobile');
    const errors = h.twilio.stats.serverErrors;
    h.twilio.fail5xx(10_000, 503);
    try {
      // A text is under way, failing on Twilio's 503 and retried with backoff.
      await h.action('send-sms', { callbackId: 'more-down-queued', contactId: p.contactId });
      await h.waitFor(() => h.twilio.stats.serverErrors > errors);
      expect(completionsOf('more-down-queued')).toEqual([]);

      const answer = await h.twilio.inbound({
        from: p.mobile,
        to: SENDER,
        body: 'please stop texting me',
      });
      const optedOutAt = Date.now();
      // The service's one confirmation (a plain request: Twilio's Advanced Opt-Out did not answer).
      expect(answer.status).toBe(200);
      expect(answer.replies).toHaveLength(1);
      expect(answer.twiml).toMatch(/Riverside Family Dental/);
      expect(await h.store.optOuts.isOptedOut({ patientKey: p.key })).toBe(true);
      await h.waitFor(() => hubspotShowsOptOut(h, p.contactId), 5_000);

      // Still down: another workflow's text is refused by the local list.
      await h.action('send-sms', { callbackId: 'more-down-during', contactId: p.contactId });
      expect((await h.completion('more-down-during')).outcome).toBe('skipped_opted_out');

      // Twilio is back: the retried text asks the gate again and does not go.
      h.twilio.fail5xx(0);
      expect(await h.completion('more-down-queued', 30_000)).toMatchObject({
        outcome: 'skipped_opted_out',
        message_id: '',
      });
      await new Promise((r) => setTimeout(r, 500));
      expect(outboundTo(p.mobile).filter((m) => m.at.getTime() >= optedOutAt)).toEqual([]);
      expect(outboundTo(p.mobile)).toEqual([]);
      expect(completionsOf('more-down-queued')).toHaveLength(1);
    } finally {
      h.twilio.fail5xx(0);
    }
  }, 40_000);

  it('a message from a number that matches no patient is answered with HELP; its words and its number are in no log line and on no HubSpot object', async () => {
    const stranger = '+16175550199';
    const words = 'Marguerite here, is my extraction still on Thursday at Elmwood?';
    expect(await h.store.directory.keysOfPhone(stranger)).toEqual([]);
    const linesBefore = lines.length;
    const answer = await h.twilio.inbound({ from: stranger, to: SENDER, body: words });
    expect(answer.status).toBe(200);
    // HELP: the practice, its phone and how to stop.
    expect(answer.twiml).toMatch(/Riverside Family Dental.*\(\d{3}\) \d{3}-\d{4}.*STOP/s);
    expect(answer.replies).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 500));

    const logged = lines.slice(linesBefore);
    expect(logged.some((l) => l.msg === 'reply from a number that matches no patient')).toBe(true);
    const text = JSON.stringify(logged);
    for (const secret of ['Marguerite', 'extraction', 'Elmwood', stranger, stranger.slice(2)])
      expect(text).not.toContain(secret);
    const everything = JSON.stringify([
      h.hubspot.contacts.list(),
      h.hubspot.communications.list(),
      h.hubspot.tasks.list(),
      h.hubspot.calls.list(),
      h.hubspot.callbackCompletions,
    ]);
    for (const secret of ['Marguerite', 'extraction', 'Elmwood', stranger, stranger.slice(2)])
      expect(everything).not.toContain(secret);
  });
});

/**
 * `skipped_cap` with the default caps (1 a day, 3 in 7 days) and a controllable clock. The gate
 * answers `skipped_cap` instead of `deferred` when the earliest allowed moment is later than what
 * is left of the workflow callback's 7 days (src/outreach/execute-action.ts, CALLBACK_LIFETIME_MS).
 * A rolling cap clears 7 days after the oldest message in it, so that happens only when messages
 * sent after the action arrived fill the week: here four workflows queue a text for one patient
 * in the evening, and the fourth is still waiting when the other three have used the week.
 */
describe('skipped_cap with the default caps, on a controllable clock', () => {
  let h: OutreachHarness;
  let clock: ManualClock;
  let actions: ActionClock;
  afterEach(async () => {
    await actions?.close();
    await h?.close();
  });
  const delayed = () => actions.delayed();
  const settled = () => actions.settled();
  const advanceTo = (iso: string) => actions.advanceTo(iso);

  it('four workflows text one patient at 21:00 on a Monday: three go at 08:00 on Tuesday, Wednesday and Thursday; the fourth ends skipped_cap on Thursday, as the week is full until the next Tuesday, after its callback expires on Monday 21:00', async () => {
    // Monday 13 April 2026, 21:00 in New York: after the downtown office's window (08:00–20:00).
    clock = clockAt('2026-04-13T21:00:00-04:00');
    h = await outreachHarness({ clock, patients: 160, seed: 21 });
    await h.sync();
    // A job that lost the patient's lock to a send retries 2 s of wall time later: settle that too.
    actions = actionClock(h, clock, { waitForLockRetries: true });
    const c = h.hubspot.contacts
      .list()
      .find(
        (c) =>
          c.properties.pms_patient_id?.startsWith('csv:1:') &&
          c.properties.mobilephone &&
          c.properties.sms_consent !== 'no' &&
          c.properties.reactivation_status === 'eligible',
      )!;
    const mobile = c.properties.mobilephone!;
    h.twilio.setLineType(mobile, 'mobile');
    const ids = ['cap-w1', 'cap-w2', 'cap-w3', 'cap-w4'];
    for (const callbackId of ids) {
      const answer = await h.action('send-sms', { callbackId, contactId: c.id });
      expect(answer.status).toBe(200);
    }
    await h.waitFor(async () => (await delayed()).size === 4);
    await settled();
    expect(h.hubspot.callbackCompletions).toEqual([]);

    const outcomes = () =>
      Object.fromEntries(
        h.hubspot.callbackCompletions
          .filter((x) => ids.includes(x.callbackId))
          .map((x) => [x.callbackId, x.outputFields as Record<string, string>]),
      );
    const sentTimes = () =>
      h.twilio.outbox
        .filter((m) => m.kind === 'message' && (m as Text).to === mobile)
        .map((m) => m.at.toISOString());

    await advanceTo('2026-04-14T08:00:00-04:00');
    expect(Object.keys(outcomes())).toHaveLength(1);
    await advanceTo('2026-04-15T08:00:00-04:00');
    expect(Object.keys(outcomes())).toHaveLength(2);
    await advanceTo('2026-04-16T08:00:00-04:00');
    await h.waitFor(() => Object.keys(outcomes()).length === 4);

    expect(sentTimes()).toEqual([
      '2026-04-14T12:00:00.000Z',
      '2026-04-15T12:00:00.000Z',
      '2026-04-16T12:00:00.000Z',
    ]);
    const all = Object.values(outcomes());
    expect(all.filter((o) => o.outcome === 'sent')).toHaveLength(3);
    const [capped] = all.filter((o) => o.outcome !== 'sent');
    expect(capped).toMatchObject({ outcome: 'skipped_cap', channel: 'sms', message_id: '' });
    // Full until the Tuesday text is 7 days old; the action arrived Monday 21:00 (+7 days).
    expect(capped!.reason).toBe(
      'weekly cap: the earliest allowed time (2026-04-21T12:00:00.000Z) is later than the action can wait',
    );
    expect((await delayed()).size).toBe(0);
    expect(await h.store.pending.list(c.properties.pms_patient_id!)).toEqual([]);
  }, 60_000);
});
