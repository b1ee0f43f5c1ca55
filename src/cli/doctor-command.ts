import type { Command } from 'commander';
import type { Environment } from '../config.ts';
import { AppError } from '../lib/errors.ts';
import { createMemoryStore } from '../store/store.ts';
import type { CliContext } from './context.ts';
import { checkPms, checkRedis, checkTwilio } from './doctor-connections.ts';
import { checkHubSpot } from './doctor-hubspot.ts';
import { formatResult, type CheckResult } from './doctor-result.ts';
import {
  checkBookingLinkSecret,
  checkClientSecret,
  checkOpenDentalKeys,
  checkPracticeFile,
  checkPublicUrl,
  checkSettings,
} from './doctor-settings.ts';
import { rateLimits } from './wiring.ts';

/** Some checks failed: exit code 1, after every line is printed. */
export class DoctorFailedError extends AppError {
  constructor(failed: number) {
    super(`${failed} check${failed === 1 ? '' : 's'} failed (the FAIL lines say what to fix)`, {
      code: 'doctor_failed',
      permanent: true,
    });
  }
}

/**
 * Every secret the configuration holds, and the passwords inside its URLs: no line the doctor
 * prints may contain one, whatever a library put in an error message.
 */
function secretsOf(env: Environment): string[] {
  const values = [
    env.HUBSPOT_ACCESS_TOKEN,
    env.HUBSPOT_CLIENT_SECRET,
    env.TWILIO_AUTH_TOKEN,
    env.BOOKING_LINK_SECRET,
    env.OPENDENTAL_DEVELOPER_KEY,
    env.OPENDENTAL_CUSTOMER_KEY,
    env.DASHBOARD_TOKEN,
    env.PMS_FHIR_TOKEN,
  ];
  for (const url of [env.REDIS_URL, env.PMS_URL]) {
    try {
      const password = url ? decodeURIComponent(new URL(url).password) : '';
      if (password) values.push(password);
    } catch {
      // Not a URL (a CSV folder): nothing hidden in it.
    }
  }
  return values.filter((v): v is string => v !== undefined && v.length >= 4);
}

function redact(line: string, secrets: string[]): string {
  return secrets.reduce((out, s) => out.split(s).join('***'), line);
}

/** Runs every check, in the order a newcomer would fix them; one result per line. */
export async function runDoctor(
  ctx: CliContext,
): Promise<{ results: CheckResult[]; env: Environment }> {
  const { env, results } = checkSettings(ctx.env);
  const practice = checkPracticeFile(env);
  results.push(practice.result, checkPublicUrl(env), checkBookingLinkSecret(env));
  // The HubSpot client needs a limiter; the doctor's few calls use a local one, not Redis.
  const store = createMemoryStore(rateLimits(env));
  try {
    results.push(...(await checkHubSpot(env, store)));
  } finally {
    await store.close();
  }
  results.push(checkClientSecret(env));
  results.push(...(await checkTwilio(env)));
  results.push(await checkRedis(env));
  results.push(await checkPms(env, practice.practice, ctx.cwd));
  results.push(checkOpenDentalKeys(env));
  return { results, env };
}

/** `reactivate doctor`: checks each setting and connection and says what to fix, one line each. */
export function registerDoctor(program: Command, ctx: CliContext): void {
  program
    .command('doctor')
    .description('check every setting and connection, and say what to fix')
    .action(async () => {
      const { results, env } = await runDoctor(ctx);
      const secrets = secretsOf(env);
      for (const r of results) ctx.stdout.write(`${redact(formatResult(r), secrets)}\n`);
      const failed = results.filter((r) => r.status === 'fail').length;
      if (failed > 0) throw new DoctorFailedError(failed);
    });
}
