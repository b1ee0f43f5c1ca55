import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { setupProperties, type SetupReport } from '../crm/setup-properties.ts';
import { AppError, UsageError } from '../lib/errors.ts';
import { createLogger } from '../lib/logger.ts';
import type { CliContext } from './context.ts';
import { openHubSpot, openStore } from './wiring.ts';

/** `reactivate setup`: the property group and properties in the HubSpot portal. */
export function registerSetup(program: Command, ctx: CliContext): void {
  program
    .command('setup')
    .description('create the patient_reactivation properties in HubSpot (safe to run again)')
    .option('--format <format>', 'table | json', 'table')
    .action(async (flags: { format: string }) => {
      if (flags.format !== 'table' && flags.format !== 'json')
        throw new UsageError(`unknown format "${flags.format}" (expected table, json)`);
      const config = loadConfig(ctx.env);
      const logger = createLogger({ level: config.env.LOG_LEVEL });
      const store = await openStore(config.env, { require: false, why: 'shared rate limit' });
      try {
        const report = await setupProperties(openHubSpot(config.env, store, logger).client);
        ctx.stdout.write(
          flags.format === 'json' ? `${JSON.stringify(report)}\n` : renderSetup(report),
        );
        if (report.conflicts.length > 0) {
          throw new AppError(
            `${report.conflicts.length} propert${report.conflicts.length === 1 ? 'y exists' : 'ies exist'} with another type in HubSpot`,
            { code: 'setup_conflict' },
          );
        }
      } finally {
        await store.close();
      }
    });
}

export function renderSetup(r: SetupReport): string {
  const changed = r.group === 'created' || r.created.length > 0 || r.optionsAdded.length > 0;
  const lines = [
    changed ? 'HubSpot set up:' : 'Nothing to change: the group and every property already exist.',
  ];
  if (r.group === 'created') lines.push('  created the property group patient_reactivation');
  for (const name of r.created) lines.push(`  created ${name}`);
  for (const o of r.optionsAdded)
    lines.push(`  added options ${o.values.join(', ')} to ${o.property}`);
  if (changed && r.unchanged.length > 0)
    lines.push(`  ${r.unchanged.length} properties already as needed`);
  for (const c of r.conflicts)
    lines.push(
      `  CONFLICT ${c.property}: expected ${c.expected}, found ${c.found} (left as it is; fix it in HubSpot)`,
    );
  return `${lines.join('\n')}\n`;
}
