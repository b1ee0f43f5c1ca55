import { rfc2822, rfc2822OrNull } from './formats.ts';
import { deliveryErrorMessages } from './twilio-error.ts';
import type { MessageRecord } from './records.ts';

/** The Message resource (`api.v2010.account.message`), every property the spec lists. */
export function messageJson(accountSid: string, message: MessageRecord): Record<string, unknown> {
  const uri = `/2010-04-01/Accounts/${accountSid}/Messages/${message.sid}`;
  return {
    account_sid: accountSid,
    api_version: '2010-04-01',
    body: message.body,
    date_created: rfc2822(message.dateCreated),
    date_sent: rfc2822OrNull(message.dateSent),
    date_updated: rfc2822(message.dateUpdated),
    direction: message.direction,
    error_code: message.errorCode,
    error_message:
      message.errorCode === null ? null : (deliveryErrorMessages[message.errorCode] ?? null),
    from: message.from,
    messaging_service_sid: message.messagingServiceSid,
    num_media: String(message.numMedia),
    num_segments: String(message.numSegments),
    price: message.price,
    price_unit: message.priceUnit,
    sid: message.sid,
    status: message.status,
    subresource_uris: {
      media: `${uri}/Media.json`,
      ...(message.provideFeedback ? { feedback: `${uri}/Feedback.json` } : {}),
    },
    to: message.to,
    uri: `${uri}.json`,
  };
}
