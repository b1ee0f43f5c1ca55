import { readFileSync, readdirSync } from 'node:fs';
import { Queue } from 'bullmq';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findClinicalDetail } from '../src/domain/templates/clinical-terms.ts';
import type { OpenDentalApiSandbox } from '../src/sandbox/opendental-api/server.ts';
import { samplePracticeFile } from '../src/sandbox/practice/sample-practice-file.ts';
import { appointment } from './builders.ts';
import { ROOT } from './helpers/cli.ts';
import {
  CUSTOMER_KEY,
  DEVELOPER_KEY,
  openDentalHarness,
  type OpenDentalHarness,
} from './helpers/opendental-harness.ts';
import type { OutreachHarness } from './helpers/outreach.ts';

/**
 * Write-back into Open Dental through its REST API (issue 5 point 8, issue 7 point 3): the whole
 * service in the sandboxes, with the real write-back and HTTP client pointed at the Open Dental API
 * stand-in. The harness syncs as a CSV source; here the sample practice is synced as Open Dental
 * (keys `opendental:<clinic>:<PatNum>`), the only patients whose chart the API can write to.
 */
const AUTHORIZATION = `ODFHIR ${DEVELOPER_KEY}/${CUSTOMER_KEY}`;
const NY = samplePracticeFile().timeZone;
const SENDER = '+15017122661';

describe('write-back to Open Dental through its API', () => {
  let od: OpenDentalApiSandbox;
  let h: OutreachHarness;
  let pmsWrites: Queue;

  let syncAsOpenDental: OpenDentalHarness['syncAsOpenDental'];
  let world: OpenDentalHarness;

  beforeAll(async () => {
    world = await openDentalHarness();
    ({ h, od, syncAsOpenDental } = world);
    pmsWrites = new Queue('pms-writes', {
      connection: h.store.redis!.duplicate(),
      prefix: `${h.store.prefix}bull`,
    });
  });
  afterAll(async () => {
    await pmsWrites?.close();
    await world?.close();
  });

  /** A reachable, eligible patient with a mobile of their own, each used by one test. */
  const used = new Set<string>();
  function patient(segments?: string[]) {
    const found = h.records
      .map((r) => {
        const key = `opendental:${r.patient.clinicId ?? '0'}:${r.patient.id}`;
        return { r, key, c: h.hubspot.contacts.findBy('pms_patient_id', key)[0] };
      })
      .filter(
        ({ r, c }, i, all) =>
          c?.properties.mobilephone &&
          c.properties.sms_consent !== 'no' &&
          c.properties.reactivation_status === 'eligible' &&
          (!segments || segments.includes(c.properties.reactivation_segment ?? '')) &&
          !r.appointments.some((a) => a.status === 'scheduled') &&
          !used.has(c.properties.mobilephone) &&
          all.findIndex((x) => x.c?.properties.mobilephone === c.properties.mobilephone) === i,
      )[0]!;
    used.add(found.c!.properties.mobilephone!);
    return {
      records: found.r,
      patNum: Number(found.r.patient.id),
      key: found.key,
      contactId: found.c!.id,
      mobile: found.c!.properties.mobilephone!,
    };
  }

  const textsTo = (mobile: string) =>
    h.twilio.outbox
      .filter((m) => m.kind === 'message' && (m as { to: string }).to === mobile)
      .map((m) => ({ body: (m as { body: string }).body, at: m.at }));
  const commlogsOf = (patNum: number) => od.commlogs.filter((c) => c.PatNum === patNum);
  const local = (at: Date | string) =>
    DateTime.fromJSDate(new Date(at)).setZone(NY).toFormat('yyyy-LL-dd HH:mm:ss');

  it('every message sent, every reply received and every automatic answer is a commlog on the patient, sent with the ODFHIR keys, nothing clinical', async () => {
    const p = patient(['unscheduled_treatment']);
    await h.action('send-sms', { callbackId: 'od-sent', contactId: p.contactId });
    const out = await h.completion('od-sent');
    expect(out.outcome).toBe('sent');
    const sent = await h.waitFor(() =>
      commlogsOf(p.patNum).find((c) => c.SentOrReceived === 'Sent'),
    );
    const message = (await h.store.messages.get(out.message_id!))!;
    expect(sent).toMatchObject({
      PatNum: p.patNum,
      Mode_: 'Text',
      commType: 'ApptRelated',
      CommDateTime: local(message.sentAt),
    });
    // The text the patient got, word for word, and nothing of the chart behind it.
    const delivered = textsTo(p.mobile)[0]!.body;
    expect(sent.Note).toContain(delivered);
    expect(findClinicalDetail(String(sent.Note))).toEqual([]);
    for (const code of p.records.procedures.map((x) => x.code).filter(Boolean))
      expect(String(sent.Note)).not.toContain(code);

    const reply = await h.twilio.inbound({
      from: p.mobile,
      to: SENDER,
      body: 'what times do you have next week',
    });
    const received = await h.waitFor(() =>
      commlogsOf(p.patNum).find((c) => c.SentOrReceived === 'Received'),
    );
    expect(received).toMatchObject({ PatNum: p.patNum, Mode_: 'Text' });
    expect(received.Note).toBe('Patient replied by text: what times do you have next week');
    // The service's answer (the booking link, sent back from the TwiML) is on the chart too.
    const answerText = /<Message>([^<]+)<\/Message>/.exec(reply.twiml)![1]!;
    const answered = await h.waitFor(() =>
      commlogsOf(p.patNum).find((c) => String(c.Note).startsWith('Automatic answer')),
    );
    expect(answered).toMatchObject({ PatNum: p.patNum, Mode_: 'Text', SentOrReceived: 'Sent' });
    const XML: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    const unescaped = answerText.replace(
      /&(amp|lt|gt|quot|apos);/g,
      (_, name: string) => XML[name]!,
    );
    expect(answered.Note).toBe(`Automatic answer by text: ${unescaped}`);
    expect(findClinicalDetail(String(answered.Note))).toEqual([]);
    await new Promise((r) => setTimeout(r, 300));
    expect(commlogsOf(p.patNum)).toHaveLength(3);

    const posts = od.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/commlogs');
    expect(posts.length).toBeGreaterThanOrEqual(3);
    for (const r of od.requests) expect(r.authorization).toBe(AUTHORIZATION);
  });

  it('a "C" to a reminder confirms the appointment the reminder plan carries, through PUT /appointments/:AptNum/Confirm', async () => {
    const p = patient();
    await h.action('send-sms', { callbackId: 'od-remind', contactId: p.contactId });
    expect((await h.completion('od-remind')).outcome).toBe('sent');
    // The front desk books the patient in Open Dental (AptNum 90210); the next sync sees it.
    const day = DateTime.now().setZone(NY).plus({ days: 20 }).toFormat('yyyy-LL-dd');
    p.records.appointments.push(
      appointment('scheduled', `${day}T10:30`, { id: '90210', patientId: p.records.patient.id }),
    );
    await syncAsOpenDental();
    const plan = await h.waitFor(async () => {
      const current = await h.store.reminders.get(p.key);
      return current?.sent.confirmation ? current : undefined;
    });
    expect(plan.appointmentId).toBe('90210');
    // The confirmation reminder itself is an outreach message: it is on the chart too.
    const reminder = await h.waitFor(() =>
      commlogsOf(p.patNum).find((c) => String(c.Note).startsWith('Appointment reminder')),
    );
    expect(findClinicalDetail(String(reminder.Note))).toEqual([]);

    const answer = await h.twilio.inbound({ from: p.mobile, to: SENDER, body: 'C' });
    expect(answer.twiml).toMatch(/confirmed/);
    await h.waitFor(() => od.confirmations.find((c) => c.aptNum === 90210));
    const put = od.requests.find((r) => r.method === 'PUT')!;
    expect(put).toEqual({
      method: 'PUT',
      path: '/api/v1/appointments/90210/Confirm',
      authorization: AUTHORIZATION,
      body: { confirmVal: 'Confirmed' },
    });
    const confirmed = await h.waitFor(() =>
      commlogsOf(p.patNum).find((c) => String(c.Note).startsWith('Patient confirmed')),
    );
    expect(confirmed).toMatchObject({
      SentOrReceived: 'Received',
      Note: `Patient confirmed the appointment of ${day} 10:30:00 by text (patient reactivation).`,
    });
    expect(od.confirmations.filter((c) => c.aptNum === 90210)).toEqual([
      { aptNum: 90210, confirmVal: 'Confirmed' },
    ]);
    await h.waitFor(
      () => h.hubspot.contacts.get(p.contactId)!.properties.reactivation_status === 'confirmed',
    );
  });

  it('Open Dental down (503) blocks nothing; the writes are retried and land once, dated when they happened', async () => {
    const p = patient();
    od.setDown(503);
    try {
      await h.action('send-sms', { callbackId: 'od-down', contactId: p.contactId });
      const out = await h.completion('od-down');
      expect(out.outcome).toBe('sent');
      expect(textsTo(p.mobile)).toHaveLength(1);
      const answer = await h.twilio.inbound({ from: p.mobile, to: SENDER, body: 'yes please' });
      expect(answer.twiml).toContain('/b/');
      // The three writes (the text, the reply, the answer) were tried, refused, and wait for
      // their retry.
      await h.waitFor(async () => (await pmsWrites.getDelayed()).length >= 3);
      expect(commlogsOf(p.patNum)).toEqual([]);
      const message = (await h.store.messages.get(out.message_id!))!;
      od.setDown(undefined);
      // The retry is minutes away on the real schedule: bring it forward.
      for (const job of await pmsWrites.getDelayed()) await job.promote();
      const logs = await h.waitFor(() => {
        const found = commlogsOf(p.patNum);
        return found.length === 3 ? found : undefined;
      });
      expect(
        logs.find((c) => String(c.Note).startsWith('Patient reactivation'))!.CommDateTime,
      ).toBe(local(message.sentAt));
      expect(logs.find((c) => c.SentOrReceived === 'Received')!.Note).toBe(
        'Patient replied by text: yes please',
      );
      expect(logs.filter((c) => String(c.Note).startsWith('Automatic answer'))).toHaveLength(1);
      await new Promise((r) => setTimeout(r, 300));
      expect(commlogsOf(p.patNum)).toHaveLength(3);
    } finally {
      od.setDown(undefined);
    }
  });

  it('no write goes to a database: the write-back has only the HTTP client, and every write went to the API', () => {
    const folder = `${ROOT}src/pms/opendental-api/`;
    for (const file of readdirSync(folder).filter((f) => f.endsWith('.ts'))) {
      const imports = [...readFileSync(folder + file, 'utf8').matchAll(/from '([^']+)'/g)].map(
        (m) => m[1],
      );
      for (const spec of imports) {
        expect(spec, `${file} imports ${spec}`).not.toMatch(/mysql|mariadb|\/opendental\/|pg$/);
      }
    }
    expect(od.requests.length).toBeGreaterThan(0);
    for (const r of od.requests) {
      expect(`${r.method} ${r.path}`).toMatch(
        /^(POST \/api\/v1\/commlogs|PUT \/api\/v1\/appointments\/\d+\/Confirm)$/,
      );
    }
  });
});
