import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runSync, type SyncOptions } from '../src/crm/sync/run-sync.ts';
import { AuditTally } from '../src/domain/audit.ts';
import { normalizePhone } from '../src/domain/contact-details.ts';
import type { PatientRecords } from '../src/domain/records.ts';
import { generatePractice } from '../src/sandbox/practice/generate.ts';
import { completed, recall, scheduled } from './builders.ts';
import { hubspotHarness, type HubSpotHarness } from './helpers/hubspot.ts';

const AS_OF = '2026-11-01';
const UPSERT = ['POST', '/crm/v3/objects/contacts/batch/upsert'] as const;
const { practice, records: sample } = generatePractice({ patients: 600, seed: 11, asOf: AS_OF });

/** A fresh deep copy of the sample practice, to change as a PMS would. */
const copy = (): PatientRecords[] => structuredClone(sample);
const segmented = (records: PatientRecords[]): PatientRecords[] => {
  const tally = new AuditTally(AS_OF, practice);
  return records.filter((r) => !['active', 'excluded'].includes(tally.add(r).outcome));
};

describe('reactivate sync against the HubSpot sandbox', () => {
  let h: HubSpotHarness;
  const sync = (records: PatientRecords[], extra: Partial<SyncOptions> = {}) =>
    runSync({
      records,
      sourceName: 'csv',
      practice,
      asOf: AS_OF,
      now: new Date('2026-11-01T15:00:00Z'),
      client: h.client,
      store: h.store,
      publicBaseUrl: 'https://svc.example.com',
      linkSecret: 'secret',
      apiCalls: h.calls,
      ...extra,
    });
  const contactOf = (id: string) =>
    h.sandbox.contacts.findBy(
      'pms_patient_id',
      `csv:${sample.find((r) => r.patient.id === id)!.patient.clinicId ?? '0'}:${id}`,
    )[0];

  beforeEach(async () => {
    h = await hubspotHarness();
    h.sandbox.resetStats();
  });
  afterEach(async () => {
    await h.cleanup();
  });

  it('first sync: every patient in a segment, 100 per upsert call, exactly the listed properties', async () => {
    const expected = segmented(copy());
    const summary = await sync(copy());
    expect(summary).toMatchObject({
      created: expected.length,
      updated: 0,
      unchanged: 0,
      failed: 0,
    });
    expect(h.sandbox.stats.count(...UPSERT)).toBe(Math.ceil(expected.length / 100));
    expect(h.sandbox.contacts.count()).toBe(expected.length);
    const allowed = new Set([
      'firstname',
      'lastname',
      'email',
      'mobilephone',
      'hs_language',
      'pms_patient_id',
      'reactivation_segment',
      'reactivation_status',
      'last_visit_date',
      'recall_due_date',
      'next_appointment_date',
      'reactivation_booking_link',
      'sms_consent',
      'whatsapp_consent',
      'preferred_channel',
      'practice_location',
    ]);
    const managedByHubSpot = new Set(['hs_object_id', 'createdate', 'lastmodifieddate']);
    for (const c of h.sandbox.contacts.list()) {
      for (const name of Object.keys(c.properties))
        expect(allowed.has(name) || managedByHubSpot.has(name), name).toBe(true);
      expect(c.properties.reactivation_status).toBe('eligible');
      expect(['no_show', 'unscheduled_treatment', 'overdue_recall', 'dormant']).toContain(
        c.properties.reactivation_segment,
      );
    }
  });

  it('an unchanged practice costs zero upserts; a few changes cost only those contacts', async () => {
    const records = copy();
    await sync(records);
    h.sandbox.resetStats();
    const again = await sync(records);
    expect(again).toMatchObject({ created: 0, updated: 0, failed: 0 });
    expect(again.unchanged).toBe(h.sandbox.contacts.count());
    expect(h.sandbox.stats.count(...UPSERT)).toBe(0);

    // One no-show books, one dormant patient comes in, one changes their mobile number, and the
    // front desk had paused another no-show who now books too.
    const [booker, paused] = records.filter(
      (r) => contactOf(r.patient.id)?.properties.reactivation_segment === 'no_show',
    );
    const returner = records.find(
      (r) => contactOf(r.patient.id)?.properties.reactivation_segment === 'dormant',
    )!;
    const mover = records.find(
      (r) =>
        ![booker, paused, returner].includes(r) &&
        !records.some((o) => o !== r && o.patient.guarantorId === r.patient.id) && // nobody else is reached through them
        contactOf(r.patient.id) &&
        normalizePhone(r.patient.mobilePhone, 'US') ===
          contactOf(r.patient.id)!.properties.mobilephone,
    )!;
    booker!.appointments.push(scheduled('2026-11-20T10:00'));
    paused!.appointments.push(scheduled('2026-11-21T10:00'));
    returner.appointments.push(completed('2026-11-01T09:00', { isHygiene: true }));
    returner.recalls = [recall('2027-05-01')]; // as the PMS moves the recall when the visit is done
    mover.patient.mobilePhone = '(617) 555-0177';
    h.sandbox.staffUpdateContact(contactOf(paused!.patient.id)!.id, {
      reactivation_status: 'paused',
    });
    h.sandbox.resetStats();

    const changed = await sync(records);
    expect(changed).toMatchObject({ created: 0, updated: 4, failed: 0 });
    expect(h.sandbox.stats.count(...UPSERT)).toBe(1);
    const booked = contactOf(booker!.patient.id)!.properties;
    expect(booked).toMatchObject({ reactivation_status: 'booked', reactivation_segment: 'none' });
    // 10:00 at the patient's office: New York (clinic 1) or Chicago (clinic 2).
    expect(Date.parse(booked.next_appointment_date!)).toBe(
      Date.parse(
        booker!.patient.clinicId === '1' ? '2026-11-20T15:00:00Z' : '2026-11-20T16:00:00Z',
      ),
    );
    expect(contactOf(paused!.patient.id)!.properties.reactivation_status).toBe('paused');
    expect(contactOf(returner.patient.id)!.properties).toMatchObject({
      reactivation_status: 'recovered',
      last_visit_date: '2026-11-01',
    });
    expect(contactOf(mover.patient.id)!.properties.mobilephone).toBe('+16175550177');

    // Recovered stays recovered on the next run; nothing else is sent.
    h.sandbox.resetStats();
    expect(await sync(records)).toMatchObject({ updated: 0, created: 0 });
    expect(contactOf(returner.patient.id)!.properties.reactivation_status).toBe('recovered');
  });

  it('keeps outreach progress and never overwrites an opt-out, even after the store was lost', async () => {
    const records = copy();
    await sync(records);
    const [a, b] = h.sandbox.contacts.list();
    h.sandbox.staffUpdateContact(a!.id, { reactivation_status: 'opted_out' });
    h.sandbox.staffUpdateContact(b!.id, { reactivation_status: 'contacted' });
    // Redis is flushed: the next sync believes it never synced anyone.
    for await (const keys of h.store.syncState.keys()) await h.store.syncState.deleteMany(keys);
    const summary = await sync(records);
    expect(summary.updated).toBe(h.sandbox.contacts.count());
    expect(h.sandbox.contacts.get(a!.id)!.properties.reactivation_status).toBe('opted_out');
    expect(h.sandbox.contacts.get(b!.id)!.properties.reactivation_status).toBe('contacted');
  });

  it('families: patients sharing an email do not break the sync; the guarantor carries it', async () => {
    const records = copy();
    const summary = await sync(records);
    expect(summary.failed).toBe(0);
    const emails = h.sandbox.contacts
      .list()
      .map((c) => c.properties.email)
      .filter(Boolean);
    expect(new Set(emails).size).toBe(emails.length);
    // In the sample, some synced guarantors share their email with synced children.
    const byId = new Map(records.map((r) => [r.patient.id, r.patient]));
    const shared = records.filter(
      (r) =>
        contactOf(r.patient.id) &&
        r.patient.guarantorId !== r.patient.id &&
        r.patient.email &&
        byId.get(r.patient.guarantorId!)?.email === r.patient.email &&
        contactOf(r.patient.guarantorId!),
    );
    expect(shared.length).toBeGreaterThan(0);
    for (const child of shared) {
      expect(contactOf(child.patient.guarantorId!)!.properties.email).toBe(
        child.patient.email!.toLowerCase(),
      );
      expect(contactOf(child.patient.id)!.properties.email ?? '').toBe('');
    }
  });

  it('a contact created outside the sync with a patient’s email is matched, not duplicated', async () => {
    const records = copy();
    const target = segmented(records).find(
      (r) =>
        r.patient.email &&
        /^[a-z.]+\d+@/.test(r.patient.email) &&
        r.patient.guarantorId === r.patient.id,
    )!;
    const web = h.sandbox.createContact({
      email: target.patient.email!,
      firstname: 'From the web form',
    });
    const summary = await sync(records);
    expect(summary.failed).toBe(0);
    expect(h.sandbox.contacts.get(web.id)!.properties).toMatchObject({
      pms_patient_id: `csv:${target.patient.clinicId}:${target.patient.id}`,
      reactivation_status: 'eligible',
    });
    expect(h.sandbox.contacts.count()).toBe(segmented(copy()).length);
  });

  it('one bad record never loses the other 99: isolated, reported, retried on the next run', async () => {
    const records = copy();
    const bad = segmented(records)[5]!;
    bad.patient.lastName = 'x'.repeat(70_000); // a corrupted PMS field HubSpot refuses
    const first = await sync(records);
    const key = `csv:${bad.patient.clinicId}:${bad.patient.id}`;
    expect(first.failed).toBe(1);
    expect(first.failures).toEqual([{ key, reason: expect.stringMatching(/^400/) }]);
    expect(first.created).toBe(segmented(copy()).length - 1);
    const retried = await sync(records);
    expect(retried).toMatchObject({ failed: 1, created: 0, updated: 0 });
    bad.patient.lastName = 'Fixed';
    const fixed = await sync(records);
    expect(fixed).toMatchObject({ failed: 0, created: 1 });
    expect(h.sandbox.contacts.findBy('pms_patient_id', key)[0]!.properties.lastname).toBe('Fixed');
  });

  it('a 429 storm: every call waits as HubSpot asks, nothing is lost', async () => {
    h.sandbox.faults.fail429({ count: 12, retryAfterSeconds: 1 });
    const summary = await sync(copy());
    expect(summary).toMatchObject({ created: segmented(copy()).length, failed: 0 });
    expect(h.sandbox.stats.rateLimited).toBe(12);
    // Told to slow down, the shared limiter lowered its allowance for every process.
    expect(await h.store.limiter.currentLimit('hubspot')).toBeLessThan(100_000);
  });

  it('5xx answers are retried; a dry run writes nothing', async () => {
    h.sandbox.faults.fail5xx(3, 503);
    const dry = await sync(copy(), { dryRun: true });
    expect(dry).toMatchObject({ created: segmented(copy()).length, dryRun: true });
    expect(h.sandbox.contacts.count()).toBe(0);
    const real = await sync(copy());
    expect(real.created).toBe(segmented(copy()).length);
  });
});
