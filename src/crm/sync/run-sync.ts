import type { Client } from '@hubspot/api-client';
import type { PracticeFile } from '../../domain/practice.ts';
import {
  mergeStatus,
  statusFromPms,
  type ReactivationStatus,
} from '../../domain/reactivation-status.ts';
import type { PatientRecords } from '../../domain/records.ts';
import { AppError } from '../../lib/errors.ts';
import { silentLogger, type Logger } from '../../lib/logger.ts';
import type { DirectoryEntry } from '../../store/contact-directory.ts';
import type { Store } from '../../store/store.ts';
import { createContactWriter, type ContactInput } from './contact-writer.ts';
import { fingerprint } from './fingerprint.ts';
import { planSync, type PlannedContact } from './plan.ts';
import { syncEventsOf } from './sync-events.ts';
import type { ReactivationEvent } from '../../store/event-log.ts';
import { decodeSyncRecord, encodeSyncRecord, isTombstone, type SyncRecord } from './sync-record.ts';

export interface SyncSummary {
  created: number;
  updated: number;
  unchanged: number;
  /** PMS records that could not be read (reported by the connector). */
  skipped: number;
  /** Contacts HubSpot refused: not remembered, so the next run tries them again. */
  failed: number;
  /** Patients whose contact was deleted in HubSpot: left out for good. */
  deletedInHubSpot: number;
  /** What the PMS says of each synced patient's appointments now (reminders follow it). */
  appointments: AppointmentObservation[];
  apiCalls: number;
  seconds: number;
  patientsRead: number;
  dryRun: boolean;
  failures: { key: string; reason: string }[];
}

/** A synced patient's appointment situation, as this sync saw it. */
export interface AppointmentObservation {
  patientKey: string;
  contactId: string;
  /** The status the PMS implies (`booked`, `recovered`, `eligible`, `not_eligible`). */
  status: string;
  /** The segment now, if any (`no_show` after a broken appointment). */
  segment?: string;
  /** The next scheduled appointment's local start and PMS id. */
  start?: string;
  appointmentId?: string;
  clinicId?: string;
}

export interface SyncOptions {
  records: AsyncIterable<PatientRecords> | Iterable<PatientRecords>;
  sourceName: string;
  practice: PracticeFile;
  asOf: string;
  now: Date;
  client: Client;
  store: Store;
  publicBaseUrl: string;
  linkSecret: string;
  dryRun?: boolean;
  logger?: Logger;
  /** How many HubSpot requests have been made so far (the client factory counts them). */
  apiCalls?: () => number;
  /** Read problems of the source, counted as `skipped`. */
  skipped?: () => number;
  onProgress?: (event: { phase: 'read' | 'write'; done: number; total?: number }) => void;
}

/** Another sync holds the lock. */
export class SyncBusyError extends AppError {
  constructor() {
    super('another sync is running (it holds the lock); this one did not start', {
      status: 409,
      code: 'sync_busy',
    });
  }
}

const LOCK = 'hubspot-sync';
const LOCK_TTL_MS = 120_000;
const BATCH = 100;
const FLUSHES = 4;

function* chunks<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let chunk: T[] = [];
  for (const item of items) {
    chunk.push(item);
    if (chunk.length === size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

/**
 * One run of the PMS → HubSpot sync. One instance at a time (a lock in the store); a patient is
 * written only when what HubSpot should show of them changed since the last accepted write, and
 * what was accepted is remembered batch by batch, so a run that dies half-way is finished by the
 * next one without writing anything twice.
 */
export async function runSync(o: SyncOptions): Promise<SyncSummary> {
  const started = Date.now();
  const logger = o.logger ?? silentLogger;
  const callsAtStart = o.apiCalls?.() ?? 0;
  const lock = await o.store.locks.tryAcquire(LOCK, LOCK_TTL_MS);
  if (!lock) throw new SyncBusyError();
  logger.info({ asOf: o.asOf, dryRun: !!o.dryRun }, 'sync started');
  try {
    const previouslySynced = new Set<string>();
    for await (const keys of o.store.syncState.keys())
      for (const k of keys) previouslySynced.add(k);
    const plan = await planSync(o.records, {
      sourceName: o.sourceName,
      practice: o.practice,
      asOf: o.asOf,
      now: o.now,
      publicBaseUrl: o.publicBaseUrl,
      linkSecret: o.linkSecret,
      previouslySynced,
      onRead: (done) => o.onProgress?.({ phase: 'read', done }),
    });
    const carriers = plan.emailCarriers;
    const writer = createContactWriter({
      client: o.client,
      logger,
      shouldCarry: (key, email) => carriers.get(key) === email,
    });
    const summary: SyncSummary = {
      created: 0,
      updated: 0,
      unchanged: 0,
      skipped: 0,
      failed: 0,
      deletedInHubSpot: 0,
      appointments: [],
      apiCalls: 0,
      seconds: 0,
      patientsRead: plan.patientsRead,
      dryRun: !!o.dryRun,
      failures: [],
    };
    // Nothing remembered (a first sync, or the store was lost): HubSpot may still hold opt-outs and
    // pauses for these patients, so find them before writing any status.
    const kept =
      previouslySynced.size === 0 && !o.dryRun
        ? await writer.searchKeptStatuses()
        : new Map<string, string>();
    const pending: Pending[] = [];
    const observe = (
      c: PlannedContact,
      contactId: string | undefined,
      status: string | undefined,
    ): void => {
      if (!contactId || !status) return;
      const s = c.segmentation;
      summary.appointments.push({
        patientKey: c.key,
        contactId,
        status,
        ...(s.outcome !== 'active' && s.outcome !== 'excluded' ? { segment: s.outcome } : {}),
        ...(s.nextAppointment ? { start: s.nextAppointment } : {}),
        ...(s.nextAppointmentId ? { appointmentId: s.nextAppointmentId } : {}),
        ...(c.directory.clinicId ? { clinicId: c.directory.clinicId } : {}),
      });
    };
    let done = 0;
    // Up to FLUSHES batches in flight: the limiter paces them, and while one waits for HubSpot the
    // next batch is worked out.
    const inFlight = new Set<Promise<void>>();
    let failure: unknown;
    const send = async (items: Pending[]): Promise<void> => {
      const p = flush(items).catch((error: unknown) => {
        failure ??= error;
      });
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
      while (inFlight.size >= FLUSHES) await Promise.race(inFlight);
      if (failure) throw failure;
    };
    for (const chunk of chunks(plan.contacts(), BATCH)) {
      const stored = await o.store.syncState.getMany(chunk.map((c) => c.key));
      for (const c of chunk) {
        if (isTombstone(stored.get(c.key))) {
          summary.deletedInHubSpot++;
          continue;
        }
        const record = decodeSyncRecord(stored.get(c.key));
        const p = pendingOf(c, record);
        if (p) pending.push(p);
        else {
          summary.unchanged++;
          observe(c, record?.id, record?.st);
        }
      }
      while (pending.length >= BATCH) await send(pending.splice(0, BATCH));
      done += chunk.length;
      o.onProgress?.({ phase: 'write', done, total: plan.size });
      if (!(await lock.extend(LOCK_TTL_MS)))
        throw new AppError('lost the sync lock (a run took too long); stopping', {
          code: 'sync_lock_lost',
        });
    }
    if (pending.length > 0) await send(pending.splice(0));
    await Promise.all(inFlight);
    if (failure) throw failure;
    summary.skipped = o.skipped?.() ?? 0;
    summary.apiCalls = (o.apiCalls?.() ?? 0) - callsAtStart;
    summary.seconds = Math.round((Date.now() - started) / 100) / 10;
    const { appointments: _a, failures, ...counts } = summary;
    logger.info({ ...counts, failures: failures.length }, 'sync finished');
    return summary;

    async function flush(items: Pending[]): Promise<void> {
      if (items.length === 0) return;
      if (o.dryRun) {
        for (const p of items) {
          if (p.record) summary.updated++;
          else summary.created++;
        }
        return;
      }
      // The status is sent only when the PMS says something new, and then merged with HubSpot's own.
      const toRead = items
        .filter((p) => (p.record ? p.record.st !== p.pmsStatus : kept === undefined))
        .map((p) => p.contact.key);
      const current = await writer.readStatuses(toRead);
      for (const p of items) {
        const held = p.record ? undefined : kept?.get(p.contact.key);
        if (held) current.set(p.contact.key, held);
      }
      const inputs: ContactInput[] = items.map((p) => ({
        key: p.contact.key,
        properties: finalProperties(p, current),
      }));
      const result = await writer.write(inputs);
      const remember = new Map<string, string>();
      const directory = new Map<string, DirectoryEntry>();
      const events: ReactivationEvent[] = [];
      for (const p of items) {
        const written = result.written.get(p.contact.key);
        if (!written) continue;
        directory.set(p.contact.key, { ...p.contact.directory, contactId: written.id });
        const event = await syncEventsOf({
          store: o.store,
          practice: o.practice,
          now: o.now,
          contact: p.contact,
          previous: p.record,
          status: p.pmsStatus,
          clinicId: p.contact.directory.clinicId,
        });
        if (event) events.push(event);
        if (written.created) summary.created++;
        else summary.updated++;
        observe(p.contact, written.id, p.pmsStatus);
        remember.set(p.contact.key, encodeSyncRecord(nextRecord(p, written.id)));
      }
      // The directory first: a remembered fingerprint promises everything about the patient is stored.
      await o.store.directory.setMany(directory);
      await o.store.events.recordMany(events);
      await o.store.syncState.setMany(remember);
      for (const [key, reason] of result.failed) {
        summary.failed++;
        summary.failures.push({ key, reason });
      }
    }
  } finally {
    await lock.release();
  }
}

interface Pending {
  contact: PlannedContact;
  record: SyncRecord | undefined;
  pmsStatus: ReactivationStatus & ('eligible' | 'booked' | 'recovered' | 'not_eligible');
  fingerprint: string;
}

function inSegment(c: PlannedContact): boolean {
  return c.segmentation.outcome !== 'active' && c.segmentation.outcome !== 'excluded';
}

/** The write a planned contact needs, or undefined when HubSpot already has it. */
function pendingOf(contact: PlannedContact, record: SyncRecord | undefined): Pending | undefined {
  const pmsStatus = statusFromPms(
    contact.segmentation,
    record?.seg ? (record.seg.lv ? { lastVisit: record.seg.lv } : {}) : undefined,
  );
  const f = fingerprint(
    contact.properties,
    `${contact.email ?? ''}|${pmsStatus}|${JSON.stringify(contact.directory)}`,
  );
  if (record && record.f === f) return undefined;
  return { contact, record, pmsStatus, fingerprint: f };
}

function finalProperties(p: Pending, current: Map<string, string>): Record<string, string> {
  const properties = { ...p.contact.properties };
  if (p.contact.email) properties.email = p.contact.email;
  else if (p.record?.em) properties.email = ''; // it carried the family's email before: give it up
  // The PMS has no WhatsApp opt-in: a new contact starts at `unknown`, and an opt-in recorded
  // since (by staff or by the patient) must survive every later sync.
  if (p.record) delete properties.whatsapp_consent;
  const status =
    p.record && p.record.st === p.pmsStatus
      ? undefined
      : mergeStatus(p.pmsStatus, current.get(p.contact.key) as ReactivationStatus | undefined);
  if (status) properties.reactivation_status = status;
  return properties;
}

function nextRecord(p: Pending, contactId: string): SyncRecord {
  const record: SyncRecord = { f: p.fingerprint, st: p.pmsStatus, id: contactId };
  const s = p.contact.segmentation;
  const seg = inSegment(p.contact)
    ? { ...(s.lastVisit ? { lv: s.lastVisit } : {}), s: s.outcome }
    : p.record?.seg;
  if (seg) record.seg = seg;
  if (p.contact.email) record.em = 1;
  return record;
}
