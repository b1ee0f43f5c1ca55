import { AppError } from '../lib/errors.ts';

/**
 * Twilio's failures by what they mean for the message, decided on Twilio's error codes (never on
 * message text): a permanent answer ends the job with its outcome, a temporary one is retried.
 */
export type MessagingFailure =
  | 'opted_out' // 21610: the recipient sent STOP; treat as an opt-out on every channel
  | 'invalid_number' // 21211 and friends
  | 'landline' // 21614 / 21635: cannot receive SMS
  | 'unreachable' // 30003, 30005: handset unreachable, unknown
  | 'outside_window' // 63016: WhatsApp freeform outside 24 h
  | 'rate_limited' // 20429 / HTTP 429: try later
  | 'temporary' // 5xx, network, 21611 (sender queue full)
  | 'rejected'; // anything else: permanent

export class MessagingError extends AppError {
  readonly failure: MessagingFailure;
  readonly twilioCode: number | undefined;
  constructor(
    failure: MessagingFailure,
    twilioCode: number | undefined,
    message: string,
    cause?: unknown,
  ) {
    const temporary = failure === 'rate_limited' || failure === 'temporary';
    super(message, { status: 502, code: `messaging_${failure}`, permanent: !temporary, cause });
    this.failure = failure;
    this.twilioCode = twilioCode;
  }
}

const BY_CODE: Record<number, MessagingFailure> = {
  21610: 'opted_out',
  21211: 'invalid_number',
  21217: 'invalid_number',
  21401: 'invalid_number',
  21407: 'invalid_number',
  21421: 'invalid_number',
  21614: 'landline',
  21635: 'landline',
  30006: 'landline',
  30003: 'unreachable',
  30005: 'unreachable',
  63016: 'outside_window',
  20429: 'rate_limited',
  21611: 'temporary',
  20500: 'temporary',
  20503: 'temporary',
};

/** What a Twilio REST call threw, as a MessagingError. */
export function toMessagingError(error: unknown): MessagingError {
  if (error instanceof MessagingError) return error;
  const e = error as { status?: unknown; code?: unknown };
  const code = typeof e.code === 'number' ? e.code : undefined;
  const status = typeof e.status === 'number' ? e.status : undefined;
  const known = code !== undefined ? BY_CODE[code] : undefined;
  if (known) return new MessagingError(known, code, `Twilio refused the message (${code})`, error);
  if (status === 429)
    return new MessagingError('rate_limited', code, 'Twilio: too many requests', error);
  if (status === undefined || status >= 500)
    return new MessagingError(
      'temporary',
      code,
      `Twilio could not be reached (${status ?? 'network'})`,
      error,
    );
  return new MessagingError(
    'rejected',
    code,
    `Twilio refused the request (${status}${code ? `, ${code}` : ''})`,
    error,
  );
}

/** The failure a delivery status callback's ErrorCode means, when it is one we act on. */
export function failureOfErrorCode(code: number | undefined): MessagingFailure | undefined {
  return code === undefined ? undefined : BY_CODE[code];
}
