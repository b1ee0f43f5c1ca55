import { resolve } from 'node:path';
import type { Command } from 'commander';
import { loadConfig, readPracticeFile } from '../config.ts';
import type { SyncSummary } from '../crm/sync/run-sync.ts';
import { startCronJob } from '../jobs/cron-schedule.ts';
import { syncOnce } from '../jobs/sync-job.ts';
import { UsageError } from '../lib/errors.ts';
import { createLogger } from '../lib/logger.ts';
import type { CliContext } from './context.ts';
import { createProgress, type Progress } from './progress.ts';
import { reportProblems } from './report-problems.ts';
import { resolveAsOf, todayIn } from './today.ts';
import { bookingLinkSecret, openHubSpot, openSource, openStore, publicBaseUrl } from './wiring.ts';

interface SyncFlags {
  once?: boolean;
  asOf?: string;
  dryRun?: boolean;
  format: string;
  source?: string;
  url?: string;
  columns?: string;
  practice?: string;
}

/** `reactivate sync`: PMS → HubSpot, once or on the schedule. */
export function registerSync(program: Command, ctx: CliContext): void {
  program
    .command('sync')
    .description('sync the lapsed patients into HubSpot as contacts (on SYNC_SCHEDULE, or --once)')
    .option('--once', 'sync once and exit')
    .option(
      '--as-of <date>',
      'segment as of this day, YYYY-MM-DD (default: today in the practice’s time zone)',
    )
    .option('--dry-run', 'read and compare, write nothing to HubSpot')
    .option('--format <format>', 'table | json', 'table')
    .option('--source <source>', 'opendental | csv | fhir (default: PMS_SOURCE)')
    .option('--url <url>', 'the PMS location (default: PMS_URL)')
    .option('--columns <file>', 'CSV only: column mapping file')
    .option('--practice <file>', 'the practice file (default: PRACTICE_CONFIG)')
    .action(async (flags: SyncFlags) => {
      if (flags.format !== 'table' && flags.format !== 'json')
        throw new UsageError(`unknown format "${flags.format}" (expected table, json)`);
      const config = loadConfig(ctx.env);
      const practice = flags.practice
        ? readPracticeFile(resolve(ctx.cwd, flags.practice))
        : config.practice;
      const logger = createLogger({ level: config.env.LOG_LEVEL });
      // Without the remembered fingerprints every run would re-send every patient.
      const store = await openStore(config.env, {
        require: true,
        why: 'the sync remembers in Redis what HubSpot already has',
      });
      try {
        const hubspot = openHubSpot(config.env, store, logger);
        const runOnce = async (): Promise<SyncSummary> => {
          let progress: Progress | undefined;
          const summary = await syncOnce({
            openSource: () => openSource(config.env, practice, flags, ctx.cwd),
            client: hubspot.client,
            apiCalls: hubspot.calls,
            store,
            practice,
            asOf: flags.once
              ? resolveAsOf(flags.asOf, practice.timeZone, ctx.clock)
              : todayIn(practice.timeZone, ctx.clock),
            now: ctx.clock.now(),
            publicBaseUrl: publicBaseUrl(config.env),
            linkSecret: bookingLinkSecret(config.env),
            logger,
            ...(flags.dryRun ? { dryRun: true } : {}),
            onProgress: (e) => {
              if (e.phase === 'write' && !progress)
                progress = createProgress(
                  'Syncing contacts',
                  e.total,
                  ctx.stderr as NodeJS.WriteStream,
                );
              progress?.tick(e.done);
            },
          });
          progress?.stop();
          reportProblems(summary.problems, ctx.stderr);
          ctx.stdout.write(
            flags.format === 'json'
              ? `${JSON.stringify(publicSummary(summary))}\n`
              : renderSummary(summary),
          );
          return summary;
        };
        if (flags.once) {
          await runOnce();
          return;
        }
        ctx.stderr.write(
          `Syncing on "${config.env.SYNC_SCHEDULE}" (${practice.timeZone}); Ctrl-C stops.\n`,
        );
        const job = startCronJob({
          name: 'hubspot-sync',
          expression: config.env.SYNC_SCHEDULE,
          timeZone: practice.timeZone,
          idempotency: store.idempotency,
          logger,
          run: async () => void (await runOnce()),
        });
        await new Promise<void>((done) => {
          process.once('SIGINT', done);
          process.once('SIGTERM', done);
        });
        await job.stop();
      } finally {
        await store.close();
      }
    });
}

function publicSummary(s: SyncSummary) {
  return {
    created: s.created,
    updated: s.updated,
    unchanged: s.unchanged,
    skipped: s.skipped,
    failed: s.failed,
    apiCalls: s.apiCalls,
    seconds: s.seconds,
    dryRun: s.dryRun,
    failures: s.failures,
  };
}

function renderSummary(s: SyncSummary): string {
  const rows: [string, number][] = [
    ['created', s.created],
    ['updated', s.updated],
    ['unchanged', s.unchanged],
    ['skipped (unreadable PMS records)', s.skipped],
    ['failed (HubSpot refused; retried next run)', s.failed],
    ['HubSpot API calls', s.apiCalls],
  ];
  const lines = rows.map(
    ([label, value]) => `  ${label.padEnd(44)}${value.toLocaleString('en-US').padStart(10)}`,
  );
  const failures = s.failures.slice(0, 10).map((f) => `  failed ${f.key}: ${f.reason}`);
  return [
    `Sync ${s.dryRun ? '(dry run, nothing written) ' : ''}finished in ${s.seconds} s`,
    ...lines,
    ...failures,
    '',
  ].join('\n');
}
