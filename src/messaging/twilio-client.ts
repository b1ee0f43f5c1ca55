import twilio, { type Twilio } from 'twilio';
import { createLocalTwilioHttpClient } from './local-http-client.ts';

export interface TwilioClientOptions {
  accountSid: string;
  authToken: string;
  /** Unset in production; a local stand-in's base URL otherwise (TWILIO_API_BASE_URL). */
  apiBaseUrl?: string;
}

/**
 * The real `twilio` package. Its own automatic retry stays off: the service retries through its
 * queue, with the shared limiter in front, so a burst waits in Redis instead of at Twilio.
 */
export function createTwilioClient(o: TwilioClientOptions): Twilio {
  return twilio(o.accountSid, o.authToken, {
    autoRetry: false,
    ...(o.apiBaseUrl ? { httpClient: createLocalTwilioHttpClient(o.apiBaseUrl) } : {}),
  });
}
