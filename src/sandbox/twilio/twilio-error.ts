import { AppError } from '../../lib/errors.ts';

/**
 * An error the sandbox answers the way Twilio does: the HTTP status and the JSON body
 * `{ code, message, more_info, status }` that twilio-node turns into a `RestException`.
 */
export class TwilioApiError extends AppError {
  readonly twilioCode: number;
  constructor(status: number, twilioCode: number, message: string) {
    super(message, { status, code: `twilio_${twilioCode}`, permanent: status < 500 });
    this.twilioCode = twilioCode;
  }

  body(): { code: number; message: string; more_info: string; status: number } {
    return {
      code: this.twilioCode,
      message: this.message,
      more_info: `https://www.twilio.com/docs/errors/${this.twilioCode}`,
      status: this.status,
    };
  }
}

/** The errors the sandbox raises, with Twilio's codes, statuses and wording. */
export const twilioErrors = {
  authenticate: () => new TwilioApiError(401, 20003, 'Authenticate'),
  notFound: (path: string) =>
    new TwilioApiError(404, 20404, `The requested resource ${path} was not found`),
  tooManyRequests: () => new TwilioApiError(429, 20429, 'Too Many Requests'),
  internal: () => new TwilioApiError(500, 20500, 'An internal server error has occurred'),
  unavailable: () => new TwilioApiError(503, 20503, 'Service unavailable'),
  missingTo: () => new TwilioApiError(400, 21604, "A 'To' phone number is required."),
  missingFrom: () => new TwilioApiError(400, 21603, "A 'From' phone number is required."),
  missingBody: () => new TwilioApiError(400, 21602, 'Message body is required.'),
  bodyTooLong: () =>
    new TwilioApiError(
      400,
      21617,
      'The concatenated message body exceeds the 1600 character limit.',
    ),
  invalidTo: (to: string) =>
    new TwilioApiError(400, 21211, `The 'To' number ${to} is not a valid phone number.`),
  invalidFrom: (from: string) =>
    new TwilioApiError(400, 21212, `The 'From' number ${from} is not a valid phone number.`),
  unsubscribed: () => new TwilioApiError(400, 21610, 'Attempt to send to unsubscribed recipient'),
  landline: () => new TwilioApiError(400, 21635, "'To' number cannot be a landline"),
  queueFull: () =>
    new TwilioApiError(
      400,
      21611,
      "This 'From' number has exceeded the maximum number of queued messages",
    ),
  unknownService: (sid: string) =>
    new TwilioApiError(400, 21701, `The Messaging Service Sid ${sid} is invalid.`),
  channelMismatch: () =>
    new TwilioApiError(
      400,
      21910,
      'Invalid From and To pair. From and To should be of the same channel',
    ),
  invalidContentSid: () => new TwilioApiError(400, 21655, 'The ContentSid is Invalid'),
  invalidContentVariables: () =>
    new TwilioApiError(400, 21656, 'The ContentVariables Parameter is invalid.'),
  missingCallUrl: () =>
    new TwilioApiError(400, 21205, 'Either url, twiml or application_sid must be provided.'),
};

/** Delivery errors that arrive later, in the status callback and on the resource (`error_code`). */
export const deliveryErrorMessages: Record<number, string> = {
  30001: 'Queue overflow',
  30003: 'Unreachable destination handset',
  30005: 'Unknown destination handset',
  30006: 'Landline or unreachable carrier',
  30007: 'Message filtered',
  30008: 'Unknown error',
  63016: 'Outside messaging window. For WhatsApp, use a Message Template instead',
  63049: 'Meta chose not to deliver this WhatsApp marketing message',
};
