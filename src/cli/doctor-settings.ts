import { isIP } from 'node:net';
import { Environment, EXAMPLE_PRACTICE_FILE, readPracticeFile } from '../config.ts';
import type { PracticeFile } from '../domain/practice.ts';
import { ConfigError } from '../lib/errors.ts';
import { fail, ok, skip, type CheckResult } from './doctor-result.ts';

/**
 * The checks of `reactivate doctor` that need no network: each setting on its own, with what to
 * change when it is wrong. Production is strict (nothing falls back); development says what it
 * falls back to.
 */

/**
 * The environment through config.ts's schema. A wrong setting is reported and dropped (it then
 * counts as unset), so the other checks still run and the user sees every problem at once.
 */
export function checkSettings(source: NodeJS.ProcessEnv): {
  env: Environment;
  results: CheckResult[];
} {
  const first = Environment.safeParse(source);
  if (first.success)
    return {
      env: first.data,
      results: [ok('settings', `environment valid (NODE_ENV=${first.data.NODE_ENV})`)],
    };
  const wrong = new Set(first.error.issues.map((i) => String(i.path[0])));
  const kept = Object.fromEntries(Object.entries(source).filter(([k]) => !wrong.has(k)));
  const results = first.error.issues.map((i) =>
    fail(
      'settings',
      `${i.path.join('.')}: ${i.message} (fix it in the environment; .env.example documents it)`,
    ),
  );
  return { env: Environment.parse(kept), results };
}

export function checkPracticeFile(env: Environment): {
  practice?: PracticeFile;
  result: CheckResult;
} {
  const name = 'practice file';
  if (env.PRACTICE_CONFIG === undefined && env.NODE_ENV === 'production')
    return {
      result: fail(
        name,
        'PRACTICE_CONFIG: missing; production needs the path to the practice file (start from practice.example.json)',
      ),
    };
  const path = env.PRACTICE_CONFIG ?? EXAMPLE_PRACTICE_FILE;
  try {
    const practice = readPracticeFile(path);
    const where =
      env.PRACTICE_CONFIG ?? 'the example practice file (set PRACTICE_CONFIG for yours)';
    const count = practice.locations.length;
    return {
      practice,
      result: ok(name, `${where}: ${practice.name}, ${count} location${count === 1 ? '' : 's'}`),
    };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return { result: fail(name, `fix ${path}: ${error.problems.join('; ')}`) };
  }
}

/** Hosts only this machine or its private network can reach. */
function isLocalHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost') || h.endsWith('.local') || h === '0.0.0.0')
    return true;
  if (isIP(h) === 6) return h === '::1' || h.startsWith('fc') || h.startsWith('fd');
  if (isIP(h) !== 4) return false;
  const [a, b] = h.split('.').map(Number) as [number, number];
  return a === 127 || a === 10 || (a === 192 && b === 168) || (a === 172 && b >= 16 && b <= 31);
}

export function checkPublicUrl(env: Environment): CheckResult {
  const name = 'public url';
  const production = env.NODE_ENV === 'production';
  const raw = env.PUBLIC_BASE_URL;
  if (raw === undefined)
    return production
      ? fail(
          name,
          'PUBLIC_BASE_URL: missing; set the https address HubSpot, Twilio and patients reach the service at',
        )
      : skip(
          name,
          `PUBLIC_BASE_URL not set; http://localhost:${env.PORT} is used, which HubSpot and Twilio cannot reach`,
        );
  const url = new URL(raw);
  if (url.search || url.hash)
    return fail(
      name,
      `PUBLIC_BASE_URL: drop the ?query and #fragment from ${url.origin}; routes are added to it`,
    );
  if (production && url.protocol !== 'https:')
    return fail(
      name,
      `PUBLIC_BASE_URL: ${url.origin} is not https; HubSpot and Twilio call the service over https only: put it behind TLS and use https://${url.host}`,
    );
  if (production && isLocalHost(url.hostname))
    return fail(
      name,
      `PUBLIC_BASE_URL: ${url.hostname} cannot be reached from the internet; use the public address HubSpot and Twilio can call`,
    );
  const base = raw.replace(/\/$/, '');
  return url.protocol === 'https:'
    ? ok(name, `${base} (what HubSpot, Twilio and the patients' booking links call)`)
    : ok(name, `${base} (http is fine with the sandboxes; HubSpot and Twilio need https)`);
}

export function checkBookingLinkSecret(env: Environment): CheckResult {
  const name = 'booking link secret';
  const secret = env.BOOKING_LINK_SECRET;
  const advice =
    'set a long random value (openssl rand -hex 32) and keep it: changing it breaks every link already sent';
  if (secret === undefined)
    return env.NODE_ENV === 'production'
      ? fail(name, `BOOKING_LINK_SECRET: missing; ${advice}`)
      : skip(name, 'BOOKING_LINK_SECRET not set; a fixed development secret signs the links');
  if (env.NODE_ENV === 'production' && secret.length < 32)
    return fail(name, `BOOKING_LINK_SECRET: ${secret.length} characters can be guessed; ${advice}`);
  return ok(name, `set (${secret.length} characters)`);
}

export function checkClientSecret(env: Environment): CheckResult {
  const name = 'hubspot client secret';
  return env.HUBSPOT_CLIENT_SECRET === undefined
    ? fail(
        name,
        "HUBSPOT_CLIENT_SECRET: missing; copy the app's client secret (HubSpot: Development → your app → Auth): without it every call from HubSpot is refused",
      )
    : ok(name, 'set (checks the signatures of workflow actions, webhooks and card requests)');
}

/** Write-back is on only with both keys: one without the other turns it off without a word. */
export function checkOpenDentalKeys(env: Environment): CheckResult {
  const name = 'opendental write-back';
  const developer = env.OPENDENTAL_DEVELOPER_KEY !== undefined;
  const customer = env.OPENDENTAL_CUSTOMER_KEY !== undefined;
  if (developer && customer) return ok(name, `on, through ${env.OPENDENTAL_API_URL}`);
  if (!developer && !customer)
    return ok(name, 'off (set OPENDENTAL_DEVELOPER_KEY and OPENDENTAL_CUSTOMER_KEY to turn it on)');
  return fail(
    name,
    `${developer ? 'OPENDENTAL_CUSTOMER_KEY' : 'OPENDENTAL_DEVELOPER_KEY'}: missing; write-back needs both keys (or neither)`,
  );
}
