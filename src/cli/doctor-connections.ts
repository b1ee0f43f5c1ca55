import type { Environment } from '../config.ts';
import type { PracticeFile } from '../domain/practice.ts';
import { AppError } from '../lib/errors.ts';
import { createTwilioClient } from '../messaging/twilio-client.ts';
import { safeRedisLocation } from '../store/store.ts';
import { fail, networkReason, ok, skip, within, type CheckResult } from './doctor-result.ts';
import { openSource, openStore } from './wiring.ts';

/** The checks of `reactivate doctor` that talk to Twilio, Redis and the PMS. */

const SERVICE_SID = /^MG[0-9a-fA-F]{32}$/;

function restStatus(error: unknown): number | undefined {
  const s = (error as { status?: unknown }).status;
  return typeof s === 'number' ? s : undefined;
}

/** The credentials (fetch the account) and the messaging service (fetch it); two lines. */
export async function checkTwilio(env: Environment): Promise<CheckResult[]> {
  const creds = 'twilio credentials';
  const service = 'twilio messaging service';
  const sid = env.TWILIO_MESSAGING_SERVICE_SID;
  const serviceMissing = fail(
    service,
    'TWILIO_MESSAGING_SERVICE_SID: missing; copy the SID (MG…) from Messaging → Services in the Twilio console',
  );
  if (env.TWILIO_ACCOUNT_SID === undefined || env.TWILIO_AUTH_TOKEN === undefined) {
    const missing = [
      env.TWILIO_ACCOUNT_SID === undefined ? 'TWILIO_ACCOUNT_SID' : undefined,
      env.TWILIO_AUTH_TOKEN === undefined ? 'TWILIO_AUTH_TOKEN' : undefined,
    ].filter(Boolean);
    return [
      fail(
        creds,
        `${missing.join(' and ')}: missing; copy them from the Twilio console (Account Info)`,
      ),
      sid === undefined ? serviceMissing : skip(service, 'needs the Twilio credentials'),
    ];
  }
  const client = createTwilioClient({
    accountSid: env.TWILIO_ACCOUNT_SID,
    authToken: env.TWILIO_AUTH_TOKEN,
    ...(env.TWILIO_API_BASE_URL ? { apiBaseUrl: env.TWILIO_API_BASE_URL } : {}),
  });
  const shortSid = `${env.TWILIO_ACCOUNT_SID.slice(0, 2)}…${env.TWILIO_ACCOUNT_SID.slice(-4)}`;
  let credsResult: CheckResult;
  try {
    const account = await within(10_000, client.api.v2010.accounts(env.TWILIO_ACCOUNT_SID).fetch());
    credsResult =
      account.status === 'active'
        ? ok(
            creds,
            `account ${shortSid} is active (${account.type}${account.type === 'Trial' ? ': texts reach verified numbers only' : ''})`,
          )
        : fail(
            creds,
            `the Twilio account ${shortSid} is ${account.status}; settle it in the Twilio console`,
          );
  } catch (error) {
    const status = restStatus(error);
    credsResult =
      status === 401 || status === 404
        ? fail(
            creds,
            'TWILIO_AUTH_TOKEN: Twilio refused the account SID and auth token (401); copy both from the Twilio console (a rotated token stops working)',
          )
        : fail(
            creds,
            status === undefined
              ? `cannot reach Twilio (${networkReason(error)}); check the network${env.TWILIO_API_BASE_URL ? ' and TWILIO_API_BASE_URL' : ''}`
              : `Twilio answered ${status}; try again in a minute (status.twilio.com)`,
          );
  }
  if (credsResult.status !== 'ok')
    return [
      credsResult,
      sid === undefined ? serviceMissing : skip(service, 'needs valid Twilio credentials'),
    ];
  if (sid === undefined) return [credsResult, serviceMissing];
  if (!SERVICE_SID.test(sid))
    return [
      credsResult,
      fail(
        service,
        `TWILIO_MESSAGING_SERVICE_SID: "${sid}" is not a messaging service SID (MG and 32 hex digits)`,
      ),
    ];
  try {
    const found = await within(10_000, client.messaging.v1.services(sid).fetch());
    return [credsResult, ok(service, `${found.friendlyName} (${sid})`)];
  } catch (error) {
    const status = restStatus(error);
    return [
      credsResult,
      fail(
        service,
        status === 404
          ? `TWILIO_MESSAGING_SERVICE_SID: this account has no messaging service ${sid}; copy the SID from Messaging → Services in the Twilio console`
          : `could not fetch ${sid} (${status ?? networkReason(error)}); run the check again`,
      ),
    ];
  }
}

export async function checkRedis(env: Environment): Promise<CheckResult> {
  const name = 'redis';
  if (env.REDIS_URL === undefined)
    return env.NODE_ENV === 'production'
      ? fail(name, 'REDIS_URL: missing; production keeps queues, opt-outs and locks in Redis')
      : skip(name, 'REDIS_URL not set; the in-memory store is used (nothing survives a restart)');
  const where = safeRedisLocation(env.REDIS_URL);
  try {
    const store = await within(10_000, openStore(env, { require: true, why: 'doctor' }));
    try {
      await within(5_000, store.redis!.ping());
    } finally {
      await store.close();
    }
    return ok(name, `${where} answers PING`);
  } catch (error) {
    const code = networkReason(error);
    return fail(
      name,
      `REDIS_URL: nothing answers at ${where}${code === 'no answer' ? '' : ` (${code})`}; start Redis or fix REDIS_URL`,
    );
  }
}

/** What to do when the PMS cannot be read (placeholders only: PMS_URL may hold a password). */
const PMS_FIX: Record<NonNullable<Environment['PMS_SOURCE']>, string> = {
  opendental:
    'start the database (or let this host reach it) or fix PMS_URL (mysql://user:password@host:port/database)',
  csv: "fix PMS_URL: the folder of the PMS's CSV export, readable by this user",
  fhir: 'check that the FHIR server answers, or fix PMS_URL (and PMS_FHIR_TOKEN if it needs one)',
};

/** Opens the configured PMS source and counts its patients, as a sync would read them. */
export async function checkPms(
  env: Environment,
  practice: PracticeFile | undefined,
  cwd: string,
): Promise<CheckResult> {
  const name = 'pms';
  if (env.PMS_SOURCE === undefined || env.PMS_URL === undefined)
    return env.NODE_ENV === 'production'
      ? fail(
          name,
          'PMS_SOURCE and PMS_URL: missing; name the PMS (opendental | csv | fhir) and where to read it',
        )
      : skip(name, 'PMS_SOURCE / PMS_URL not set; npm start uses the sample practice');
  if (!practice) return skip(name, 'needs a valid practice file (its time zone)');
  const where = `${env.PMS_SOURCE} source`;
  try {
    const source = await openSource(env, practice, {}, cwd);
    try {
      let patients = await within(30_000, source.countPatients());
      let skipped = 0;
      if (patients === undefined) {
        patients = 0;
        for await (const _ of source.readPatients({ onProblem: () => skipped++ })) patients++;
      }
      const extra = skipped > 0 ? `, ${skipped} records skipped (reactivate audit lists them)` : '';
      return ok(name, `${where}: ${patients} patients${extra}`);
    } finally {
      await source.close();
    }
  } catch (error) {
    // Our own errors say what is wrong without the record's content; anything else by its code.
    const reason = error instanceof AppError ? error.message : networkReason(error);
    return fail(name, `PMS_URL: cannot read the ${where}: ${reason}; ${PMS_FIX[env.PMS_SOURCE]}`);
  }
}
