import { displayFormat, rfc2822, rfc2822OrNull } from './formats.ts';
import type { CallRecord } from './records.ts';

const SUBRESOURCES = {
  notifications: 'Notifications',
  recordings: 'Recordings',
  payments: 'Payments',
  events: 'Events',
  siprec: 'Siprec',
  streams: 'Streams',
  transcriptions: 'Transcriptions',
  user_defined_message_subscriptions: 'UserDefinedMessageSubscriptions',
  user_defined_messages: 'UserDefinedMessages',
};

/** Whole seconds between answer and hang-up (at least 1 once answered), as `duration` counts them. */
export function callSeconds(call: CallRecord): number | null {
  if (!call.startTime || !call.endTime) return null;
  return Math.max(1, Math.ceil((call.endTime.getTime() - call.startTime.getTime()) / 1000));
}

/** The Call resource (`api.v2010.account.call`), every property the spec lists. */
export function callJson(accountSid: string, call: CallRecord): Record<string, unknown> {
  const uri = `/2010-04-01/Accounts/${accountSid}/Calls/${call.sid}`;
  const seconds = callSeconds(call);
  return {
    account_sid: accountSid,
    answered_by: call.answeredBy,
    api_version: '2010-04-01',
    caller_name: null,
    date_created: rfc2822(call.dateCreated),
    date_updated: rfc2822(call.dateUpdated),
    direction: 'outbound-api',
    duration: seconds === null ? null : String(seconds),
    end_time: rfc2822OrNull(call.endTime),
    forwarded_from: null,
    from: call.from,
    from_formatted: displayFormat(call.from),
    group_sid: null,
    parent_call_sid: null,
    phone_number_sid: call.phoneNumberSid,
    price: call.price,
    price_unit: 'USD',
    queue_time: '0',
    sid: call.sid,
    start_time: rfc2822OrNull(call.startTime),
    status: call.status,
    subresource_uris: Object.fromEntries(
      Object.entries(SUBRESOURCES).map(([key, name]) => [key, `${uri}/${name}.json`]),
    ),
    to: call.to,
    to_formatted: displayFormat(call.to),
    trunk_sid: null,
    uri: `${uri}.json`,
  };
}
