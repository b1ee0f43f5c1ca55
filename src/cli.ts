import { Command, CommanderError } from 'commander';
import { systemClock } from './lib/clock.ts';
import { AppError, ConfigError, UsageError } from './lib/errors.ts';
import type { CliContext } from './cli/context.ts';
import { registerAudit } from './cli/audit-command.ts';
import { registerDoctor } from './cli/doctor-command.ts';
import { registerSample } from './cli/sample-command.ts';
import { registerServe } from './cli/serve-command.ts';
import { registerSetup } from './cli/setup-command.ts';
import { registerStart } from './cli/start-command.ts';
import { registerSync } from './cli/sync-command.ts';
import { registerTemplates } from './cli/templates-command.ts';

/**
 * The `reactivate` command. Exit codes: 0 done, 1 failed, 2 used wrongly (unknown source, missing
 * --url, bad setting). Errors are one line on stderr (a list for configuration problems).
 */
export async function main(argv: string[], context: Partial<CliContext> = {}): Promise<number> {
  const ctx: CliContext = {
    env: context.env ?? process.env,
    stdout: context.stdout ?? process.stdout,
    stderr: context.stderr ?? process.stderr,
    clock: context.clock ?? systemClock,
    cwd: context.cwd ?? process.cwd(),
  };
  const program = new Command('reactivate')
    .description('Patient reactivation for HubSpot')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.stdout.write(s),
      writeErr: (s) => ctx.stderr.write(s),
    });
  registerAudit(program, ctx);
  registerSample(program, ctx);
  registerSetup(program, ctx);
  registerSync(program, ctx);
  registerServe(program, ctx);
  registerStart(program, ctx);
  registerDoctor(program, ctx);
  registerTemplates(program, ctx);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    return exitCodeFor(error, ctx);
  }
}

function exitCodeFor(error: unknown, ctx: CliContext): number {
  if (error instanceof CommanderError) {
    // Commander already printed its message; help and version are successes.
    return error.exitCode === 0 ? 0 : 2;
  }
  if (error instanceof UsageError) {
    ctx.stderr.write(`reactivate: ${error.message}\n`);
    return 2;
  }
  if (error instanceof ConfigError) {
    ctx.stderr.write(`reactivate: ${error.message}\n`);
    return 2;
  }
  if (error instanceof AppError) {
    ctx.stderr.write(`reactivate: ${error.message}\n`);
    return 1;
  }
  ctx.stderr.write(
    `reactivate: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  return 1;
}
