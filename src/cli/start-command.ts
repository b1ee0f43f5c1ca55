import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { UsageError } from '../lib/errors.ts';
import { createLogger } from '../lib/logger.ts';
import { PatientBehaviour } from '../sandbox/simulation/behaviour.ts';
import type { CliContext } from './context.ts';
import { startEmbedded } from './embedded/start-embedded.ts';
import { runServe, untilSignalled } from './serve-command.ts';

interface StartFlags {
  port?: string;
  patients: string;
  seed: string;
  bookRate?: string;
  questionRate?: string;
  optOutRate?: string;
  showRate?: string;
  confirmRate?: string;
  progress: string;
}

/**
 * `npm start`. With HubSpot or Twilio configured, or in production, it is `reactivate serve`
 * (production lists every missing setting and stops). With nothing configured it is the embedded
 * default: the whole service against the HubSpot and Twilio sandboxes in this process, with the
 * sample practice and simulated patients, so a newcomer sees it work without any account.
 */
export function registerStart(program: Command, ctx: CliContext): void {
  program
    .command('start')
    .description(
      'the service; with nothing configured, the embedded sandbox (simulated HubSpot, Twilio and patients)',
    )
    .option('--port <port>', 'HTTP port (default: PORT, 3000)')
    .option('--patients <n>', 'sandbox: patients in the sample practice', '2000')
    .option('--seed <n>', 'sandbox: seed of the sample practice and the patients', '1')
    .option('--book-rate <r>', 'sandbox: share of patients reached who book (0.3)')
    .option('--question-rate <r>', 'sandbox: share who ask a question (0.06)')
    .option('--opt-out-rate <r>', 'sandbox: share who opt out (0.03)')
    .option('--show-rate <r>', 'sandbox: share of booked patients who come in (0.85)')
    .option('--confirm-rate <r>', 'sandbox: share of booked patients who confirm (0.7)')
    .option('--progress <seconds>', 'sandbox: seconds between progress lines (0: none)', '10')
    .action(async (flags: StartFlags) => {
      const port = flags.port === undefined ? undefined : Number(flags.port);
      const env = ctx.env;
      const configured = Boolean(env.HUBSPOT_ACCESS_TOKEN || env.TWILIO_ACCOUNT_SID);
      if (env.NODE_ENV === 'production' || configured) {
        await runServe(ctx, { role: 'all', ...(port !== undefined ? { port } : {}) });
        return;
      }
      const config = loadConfig(env);
      const behaviour = parseBehaviour(flags);
      // Quiet by default: the progress lines tell the story; LOG_LEVEL=info shows every step.
      const logger = createLogger({ level: env.LOG_LEVEL ?? 'warn' });
      const sandbox = await startEmbedded({
        ctx,
        config,
        logger,
        ...(port !== undefined ? { port } : {}),
        patients: positiveInt(flags.patients, '--patients'),
        seed: positiveInt(flags.seed, '--seed'),
        behaviour,
        progressEverySeconds: Number(flags.progress) || 0,
      });
      const b = PatientBehaviour.parse(behaviour);
      const pct = (r: number) => `${Math.round(r * 100)}%`;
      ctx.stdout.write(
        `Sandbox mode (no HubSpot or Twilio account needed): dashboard ${sandbox.baseUrl}/ (token "${sandbox.dashboardToken}"), card preview ${sandbox.baseUrl}/sandbox/cards\n` +
          `  HubSpot and Twilio are simulated in this process; the sample practice "${config.practice.name}" has ${flags.patients} generated patients.\n` +
          `  Simulated patients: ${pct(b.book)} of those reached book, ${pct(b.question)} ask a question, ${pct(b.optOut)} opt out; ${pct(b.show)} of bookings come in.\n` +
          `  The sandbox texts at any hour so there is something to watch; a real practice keeps its quiet hours.\n` +
          `  First sync done; workflows are enrolling contacts. Stop with Ctrl+C.\n`,
      );
      await untilSignalled();
      ctx.stdout.write('Stopping the sandbox…\n');
      await sandbox.stop();
    });
}

function parseBehaviour(flags: StartFlags): Partial<PatientBehaviour> {
  const rates: [keyof PatientBehaviour, string | undefined, string][] = [
    ['book', flags.bookRate, '--book-rate'],
    ['question', flags.questionRate, '--question-rate'],
    ['optOut', flags.optOutRate, '--opt-out-rate'],
    ['show', flags.showRate, '--show-rate'],
    ['confirm', flags.confirmRate, '--confirm-rate'],
  ];
  const behaviour: Record<string, number> = {};
  for (const [key, value, flag] of rates) {
    if (value === undefined) continue;
    const r = Number(value);
    if (!Number.isFinite(r) || r < 0 || r > 1)
      throw new UsageError(`${flag} must be a number from 0 to 1 (got "${value}")`);
    behaviour[key] = r;
  }
  checkFirstAnswers(flags, behaviour);
  const parsed = PatientBehaviour.safeParse(behaviour);
  if (!parsed.success) throw new UsageError(parsed.error.issues[0]!.message);
  return behaviour;
}

/**
 * The three first answers share the patients reached, so they add up to at most 1. A rate left out
 * keeps its default, which `--opt-out-rate 1` alone exceeds: the error says which values it added.
 */
function checkFirstAnswers(flags: StartFlags, behaviour: Record<string, number>): void {
  const defaults = PatientBehaviour.parse({});
  const parts = (
    [
      ['book', '--book-rate', flags.bookRate],
      ['question', '--question-rate', flags.questionRate],
      ['optOut', '--opt-out-rate', flags.optOutRate],
    ] as const
  ).map(([key, flag, given]) => ({
    flag,
    given: given !== undefined,
    value: behaviour[key] ?? defaults[key],
  }));
  const sum = parts.reduce((total, p) => total + p.value, 0);
  if (sum <= 1 + 1e-9) return; // as PatientBehaviour: float rounding is not a share too many
  const terms = parts.map((p) => `${p.flag} ${p.value}${p.given ? '' : ' (default)'}`);
  // Setting the defaults to 0 helps only when the rates given leave room on their own.
  const given = parts.filter((p) => p.given).reduce((total, p) => total + p.value, 0);
  const unset = parts.filter((p) => !p.given && p.value > 0).map((p) => `${p.flag} 0`);
  const hint = unset.length > 0 && given <= 1 + 1e-9 ? ` (set ${unset.join(' and ')})` : '';
  throw new UsageError(
    `${terms.join(' + ')} add up to ${Math.round(sum * 1000) / 1000}; the shares of patients who book, ask or opt out must add up to at most 1${hint}`,
  );
}

function positiveInt(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} must be a whole number ≥ 1`);
  return n;
}
