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
import type { Store } from '../../store/store.ts';
import { createContactWriter, type ContactInput } from './contact-writer.ts';
import { fingerprint } from './fingerprint.ts';
import { planSync, type PlannedContact } from './plan.ts';
import { decodeSyncRecord, encodeSyncRecord, type SyncRecord } from './sync-record.ts';

export interface SyncSummary {
  created: number;
  updated: number;
  unchanged: number;
  /** PMS records that could not be read (reported by the connector). */
  skipped: number;
  /** Contacts HubSpot refused: not remembered, so the next run tries them again. */
  failed: number;
  apiCalls: number;
  seconds: number;
  patientsRead: number;
  dryRun: boolean;
  failures: { key: string; reason: string }[];
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
    const carriers = new Map(plan.contacts.filter((c) => c.email).map((c) => [c.key, c.email!]));
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
    let done = 0;
    for (let i = 0; i < plan.contacts.length; i += BATCH) {
      const chunk = plan.contacts.slice(i, i + BATCH);
      const stored = await o.store.syncState.getMany(chunk.map((c) => c.key));
      for (const c of chunk) {
        const p = pendingOf(c, decodeSyncRecord(stored.get(c.key)));
        if (p) pending.push(p);
        else summary.unchanged++;
      }
      while (pending.length >= BATCH) await flush(pending.splice(0, BATCH));
      done += chunk.length;
      o.onProgress?.({ phase: 'write', done, total: plan.contacts.length });
      if (!(await lock.extend(LOCK_TTL_MS)))
        throw new AppError('lost the sync lock (a run took too long); stopping', {
          code: 'sync_lock_lost',
        });
    }
    await flush(pending.splice(0));
    summary.skipped = o.skipped?.() ?? 0;
    summary.apiCalls = (o.apiCalls?.() ?? 0) - callsAtStart;
    summary.seconds = Math.round((Date.now() - started) / 100) / 10;
    logger.info({ ...summary, failures: summary.failures.length }, 'sync finished');
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
      for (const p of items) {
        const written = result.written.get(p.contact.key);
        if (!written) continue;
        if (written.created) summary.created++;
        else summary.updated++;
        remember.set(p.contact.key, encodeSyncRecord(nextRecord(p, written.id)));
      }
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
  const f = fingerprint(contact.properties, `${contact.email ?? ''}|${pmsStatus}`);
  if (record && record.f === f) return undefined;
  return { contact, record, pmsStatus, fingerprint: f };
}

function finalProperties(p: Pending, current: Map<string, string>): Record<string, string> {
  const properties = { ...p.contact.properties };
  if (p.contact.email) properties.email = p.contact.email;
  else if (p.record?.em) properties.email = ''; // it carried the family's email before: give it up
  const status =
    p.record && p.record.st === p.pmsStatus
      ? undefined
      : mergeStatus(p.pmsStatus, current.get(p.contact.key) as ReactivationStatus | undefined);
  if (status) properties.reactivation_status = status;
  return properties;
}

function nextRecord(p: Pending, contactId: string): SyncRecord {
  const record: SyncRecord = { f: p.fingerprint, st: p.pmsStatus, id: contactId };
  const seg = inSegment(p.contact)
    ? p.contact.segmentation.lastVisit
      ? { lv: p.contact.segmentation.lastVisit }
      : {}
    : p.record?.seg;
  if (seg) record.seg = seg;
  if (p.contact.email) record.em = 1;
  return record;
}
