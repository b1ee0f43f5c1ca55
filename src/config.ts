import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { PracticeFile } from './domain/practice.ts';
import { ConfigError } from './lib/errors.ts';

/**
 * Every setting of the service, read once at start from the environment and validated here; the
 * rest of the code receives them as arguments. `.env.example` documents each one.
 */

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const optionalUrl = optionalString.pipe(z.url().optional());

export const Environment = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_BASE_URL: optionalUrl,
  REDIS_URL: optionalUrl,
  HUBSPOT_ACCESS_TOKEN: optionalString,
  HUBSPOT_CLIENT_SECRET: optionalString,
  /** The HubSpot account id: links to contact records in front-desk tasks, and the card's portal check. */
  HUBSPOT_PORTAL_ID: z.coerce.number().int().positive().optional(),
  HUBSPOT_API_BASE_URL: optionalUrl.transform((v) => v ?? 'https://api.hubapi.com'),
  TWILIO_ACCOUNT_SID: optionalString,
  TWILIO_AUTH_TOKEN: optionalString,
  TWILIO_MESSAGING_SERVICE_SID: optionalString,
  TWILIO_API_BASE_URL: optionalUrl,
  /** The Twilio number automated calls come from (E.164). */
  TWILIO_VOICE_NUMBER: optionalString,
  /** Messages per second the sender may send (10DLC campaign, toll-free or short code throughput). */
  TWILIO_MESSAGES_PER_SECOND: z.coerce.number().positive().default(10),
  /** Workflow actions a worker process handles at once. */
  OUTREACH_CONCURRENCY: z.coerce.number().int().positive().default(20),
  PMS_SOURCE: optionalString.pipe(z.enum(['opendental', 'csv', 'fhir']).optional()),
  PMS_URL: optionalString,
  /** Bearer token for a FHIR server, when it needs one. */
  PMS_FHIR_TOKEN: optionalString,
  /** JSON file mapping a practice's own CSV export headers to ours. */
  PMS_CSV_COLUMNS: optionalString,
  PRACTICE_CONFIG: optionalString,
  /** Open Dental's REST API for write-back (commlogs, confirmations); on when both keys are set. */
  OPENDENTAL_API_URL: optionalUrl.transform((v) => v ?? 'https://api.opendental.com/api/v1'),
  OPENDENTAL_DEVELOPER_KEY: optionalString,
  OPENDENTAL_CUSTOMER_KEY: optionalString,
  DASHBOARD_TOKEN: optionalString,
  /** Signs the patients' booking links. Keep it secret and stable: changing it changes every link. */
  BOOKING_LINK_SECRET: optionalString,
  /** When `reactivate serve` syncs the PMS into HubSpot (cron, seconds optional). */
  SYNC_SCHEDULE: z.string().default('*/15 * * * *'),
  /** HubSpot requests allowed per rolling 10 seconds (190 for Professional/Enterprise private apps; 250 with the limit increase). */
  HUBSPOT_REQUESTS_PER_10S: z.coerce.number().int().positive().default(190),
  /** HubSpot search requests per second (HubSpot allows about 4–5). */
  HUBSPOT_SEARCH_PER_SECOND: z.coerce.number().int().positive().default(4),
  /** Prefix of every Redis key (one per practice when several share a Redis). */
  REDIS_PREFIX: z.string().default('reactivate:'),
});
export type Environment = z.infer<typeof Environment>;

/** The example practice file shipped in the repo, used when PRACTICE_CONFIG is unset. */
export const EXAMPLE_PRACTICE_FILE = fileURLToPath(
  new URL('../practice.example.json', import.meta.url),
);

export interface Config {
  env: Environment;
  practice: PracticeFile;
  practiceFile: string;
}

/** Reads and validates the environment; every problem is listed, not just the first. */
export function readEnvironment(source: NodeJS.ProcessEnv = process.env): Environment {
  const parsed = Environment.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  return parsed.data;
}

/** Reads and validates a practice file (JSON). */
export function readPracticeFile(path: string): PracticeFile {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError([
      `PRACTICE_CONFIG: cannot read ${path} as JSON (${(error as Error).message})`,
    ]);
  }
  const parsed = PracticeFile.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => `${path}: ${i.path.join('.') || '(root)'}: ${i.message}`),
    );
  }
  return parsed.data;
}

/**
 * The whole configuration. In production nothing falls back: a missing practice file is an error
 * like any other missing setting.
 */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const env = readEnvironment(source);
  if (env.NODE_ENV === 'production' && env.PRACTICE_CONFIG === undefined) {
    throw new ConfigError(['PRACTICE_CONFIG: required in production (path to the practice file)']);
  }
  const practiceFile = env.PRACTICE_CONFIG ?? EXAMPLE_PRACTICE_FILE;
  return { env, practice: readPracticeFile(practiceFile), practiceFile };
}

/** Names the settings a command needs that are missing, one line each. */
export function requireSettings(env: Environment, names: (keyof Environment)[]): void {
  const missing = names.filter((n) => env[n] === undefined);
  if (missing.length > 0) throw new ConfigError(missing.map((n) => `${n}: missing`));
}
