import { createConnection, type Connection } from 'mysql2';
import { SourceUnavailableError, ValidationError } from '../../lib/errors.ts';

/**
 * Connecting to an Open Dental database: the URL is read once into mysql2 options, and every
 * failure to connect becomes a SourceUnavailableError that names the host and the database but
 * never the password.
 */

export interface OpenDentalTarget {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

/** Reads `mysql://user:password@host:port/database` (or `mariadb://`). */
export function parseOpenDentalUrl(url: string): OpenDentalTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // The URL itself may hold the password: it is not repeated in the message.
    throw new ValidationError(
      'the Open Dental URL is not a URL (expected mysql://user:password@host:port/database)',
      'url',
    );
  }
  if (parsed.protocol !== 'mysql:' && parsed.protocol !== 'mariadb:') {
    throw new ValidationError(
      `the Open Dental URL must start with mysql:// or mariadb://, not ${parsed.protocol}//`,
      'url',
    );
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (database === '')
    throw new ValidationError(
      'the Open Dental URL names no database (mysql://…/opendental)',
      'url',
    );
  const host = parsed.hostname.replace(/^\[|\]$/g, '') || 'localhost';
  const port = parsed.port === '' ? 3306 : Number(parsed.port);
  return {
    host,
    port,
    // Open Dental installs MySQL/MariaDB with `root` as its user: the default when none is given.
    user: decodeURIComponent(parsed.username) || 'root',
    password: decodeURIComponent(parsed.password),
    database,
  };
}

/** MySQL error codes that mean "this database cannot be used with these settings". */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'PROTOCOL_CONNECTION_LOST',
  'ER_ACCESS_DENIED_ERROR',
  'ER_DBACCESS_DENIED_ERROR',
  'ER_BAD_DB_ERROR',
  'ER_HOST_NOT_PRIVILEGED',
  'ER_CON_COUNT_ERROR',
  'ER_NO_SUCH_TABLE',
  'ER_BAD_FIELD_ERROR',
]);

function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

/**
 * Turns a driver error into a SourceUnavailableError when it means the database cannot be used.
 * The message is built from the error code only: driver messages are not repeated.
 */
export function unavailable(target: OpenDentalTarget, error: unknown, doing: string): unknown {
  const code = errorCode(error);
  // Node's own socket errors (ECONNREFUSED, EPIPE…) all mean the server cannot be reached.
  const socketError = code !== undefined && /^E[A-Z]+$/.test(code);
  if (code === undefined || (!UNAVAILABLE_CODES.has(code) && !socketError)) return error;
  const why =
    code === 'ER_ACCESS_DENIED_ERROR' || code === 'ER_DBACCESS_DENIED_ERROR'
      ? `access denied for user ${target.user}`
      : code === 'ER_BAD_DB_ERROR'
        ? 'no such database'
        : code === 'ER_NO_SUCH_TABLE' || code === 'ER_BAD_FIELD_ERROR'
          ? 'not an Open Dental database: a table or column it must have is missing'
          : code;
  return new SourceUnavailableError(
    `Open Dental database ${target.database} on ${target.host}:${target.port} is unavailable while ${doing} (${why})`,
    error,
  );
}

export type { Connection };

/** Opens one read-only session. Date-times stay strings: Open Dental stores local times. */
export async function connectReadOnly(target: OpenDentalTarget): Promise<Connection> {
  const connection = createConnection({
    host: target.host,
    port: target.port,
    user: target.user,
    password: target.password,
    database: target.database,
    dateStrings: true,
    connectTimeout: 10_000,
    charset: 'utf8mb4',
  }) as Connection;
  // A driver-level 'error' event after we stop listening must not crash the process.
  connection.on('error', () => undefined);
  try {
    await new Promise<void>((resolve, reject) =>
      connection.connect((error) => (error ? reject(error) : resolve())),
    );
    // TIMESTAMP columns (DateTStamp) are instants: read them in UTC and say so. DATE and
    // DATETIME columns are not converted by the session zone and stay the local times they are.
    await connection.promise().query('SET SESSION TRANSACTION READ ONLY');
    // A consumer that stops reading (a slow sync) must not make the server give up on the
    // paused result set after its default 60 s.
    await connection.promise().query("SET time_zone = '+00:00', net_write_timeout = 3600");
  } catch (error) {
    connection.destroy();
    throw unavailable(target, error, 'connecting');
  }
  return connection;
}

/** Runs a small query whose rows all fit in memory, each row an array in column order. */
export async function queryRows(connection: Connection, sql: string): Promise<unknown[][]> {
  const [rows] = await connection.promise().query({ sql, rowsAsArray: true });
  return rows as unknown as unknown[][];
}

/** Ends a session politely, or drops it when it cannot be (a query still streaming). */
export function release(connection: Connection, politely: boolean): Promise<void> {
  if (!politely) {
    connection.destroy();
    return Promise.resolve();
  }
  return new Promise<void>((resolve) =>
    connection.end((error) => {
      if (error) connection.destroy();
      resolve();
    }),
  );
}
