import { pino, type Logger, type DestinationStream } from 'pino';

export type { Logger };

/**
 * Keys that may hold patient data. Logs carry ids only; these are censored wherever they appear in
 * the first three levels of a log object, as a second line of defence behind "log ids, not content".
 */
const SENSITIVE_KEYS = [
  'firstName',
  'lastName',
  'preferredName',
  'name',
  'firstname',
  'lastname',
  'phone',
  'mobilePhone',
  'homePhone',
  'workPhone',
  'mobilephone',
  'email',
  'to',
  'from',
  'To',
  'From',
  'body',
  'Body',
  'text',
  'words',
  'address',
  'birthDate',
];

function redactPaths(): string[] {
  const paths: string[] = [];
  for (const key of SENSITIVE_KEYS) {
    paths.push(key, `*.${key}`, `*.*.${key}`);
  }
  return paths;
}

export interface LoggerOptions {
  level?: string;
  /** Where lines go; stderr by default so that stdout stays for a command's own output. */
  destination?: DestinationStream;
}

/** The root logger: JSON lines, patient data censored. Modules take a child: `logger.child({ module })`. */
export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      redact: { paths: redactPaths(), censor: '[redacted]' },
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination ?? pino.destination(2),
  );
}

/** A logger that writes nothing, for library code called without one. */
export const silentLogger: Logger = pino({ level: 'silent' });
