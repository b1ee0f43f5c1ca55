import type { Client } from '@hubspot/api-client';
import { runSync, type SyncSummary } from '../crm/sync/run-sync.ts';
import { AuditTally } from '../domain/audit.ts';
import type { PracticeFile } from '../domain/practice.ts';
import type { PatientRecords } from '../domain/records.ts';
import { AppError } from '../lib/errors.ts';
import type { Logger } from '../lib/logger.ts';
import type { PmsSource, ReadProblem } from '../pms/source.ts';
import { AUDIT_SNAPSHOT } from '../store/snapshots.ts';
import type { Store } from '../store/store.ts';
import { SYNC_SNAPSHOT, type SyncStatus } from '../store/sync-status.ts';

export interface SyncJobOptions {
  openSource: () => Promise<PmsSource>;
  client: Client;
  apiCalls: () => number;
  store: Store;
  practice: PracticeFile;
  asOf: string;
  now: Date;
  publicBaseUrl: string;
  linkSecret: string;
  logger: Logger;
  dryRun?: boolean;
  onProgress?: Parameters<typeof runSync>[0]['onProgress'];
  /** What to do with the appointments the sync saw (the service keeps reminders in step). */
  afterSync?: (summary: SyncSummary) => Promise<void>;
}

/** One sync: open the PMS, stream it through the sync, close it; read problems count as skipped. */
export async function syncOnce(
  o: SyncJobOptions,
): Promise<SyncSummary & { problems: ReadProblem[] }> {
  let source: PmsSource | undefined;
  const problems: ReadProblem[] = [];
  // The audit comes free with the read: the dashboard shows the size of the problem from it.
  const tally = new AuditTally(o.asOf, o.practice);
  async function* tapped(records: AsyncIterable<PatientRecords>): AsyncGenerator<PatientRecords> {
    for await (const r of records) {
      tally.add(r);
      yield r;
    }
  }
  try {
    source = await o.openSource();
    const summary = await runSync({
      records: tapped(
        source.readPatients({ onProblem: (p) => problems.push(p), procedures: 'planned' }),
      ),
      sourceName: source.name,
      practice: o.practice,
      asOf: o.asOf,
      now: o.now,
      client: o.client,
      store: o.store,
      publicBaseUrl: o.publicBaseUrl,
      linkSecret: o.linkSecret,
      logger: o.logger,
      apiCalls: o.apiCalls,
      skipped: () => problems.length,
      ...(o.dryRun ? { dryRun: true } : {}),
      ...(o.onProgress ? { onProgress: o.onProgress } : {}),
    });
    // Only a complete read is the practice's audit: a dry run or a cut-short read is not stored.
    if (!o.dryRun) {
      await o.store.snapshots.put(AUDIT_SNAPSHOT, tally.finish(problems.length));
      await o.afterSync?.(summary);
      await recordStatus(o, { outcome: 'ok', patients: summary.patientsRead });
    }
    for (const p of problems.slice(0, 20))
      o.logger.warn({ where: p.where, reason: p.reason }, 'PMS record skipped');
    return { ...summary, problems };
  } catch (error) {
    if (!o.dryRun) await recordStatus(o, { outcome: 'failed', error: whatWentWrong(error) });
    throw error;
  } finally {
    await source?.close();
  }
}

/** Leaves the dashboard the sync's outcome; the store failing too must not hide the first error. */
async function recordStatus(o: SyncJobOptions, status: Omit<SyncStatus, 'at'>): Promise<void> {
  try {
    await o.store.snapshots.put(SYNC_SNAPSHOT, { at: o.now.toISOString(), ...status });
  } catch (error) {
    o.logger.warn({ error: (error as Error).message }, 'sync status not stored');
  }
}

/** A typed error says what to fix and holds no patient data; anything else is only named. */
function whatWentWrong(error: unknown): string {
  return error instanceof AppError
    ? error.message
    : 'an unexpected error stopped it (the service log has the details)';
}
