import { Router } from 'express';
import type { SandboxContext } from './context.ts';
import { isoSeconds, rfc2822 } from './formats.ts';
import { twilioErrors } from './twilio-error.ts';

const ACCOUNT_FILE = /^(AC[0-9a-fA-F]{32})\.json$/;
const SERVICE_SID = /^MG[0-9a-fA-F]{32}$/;

/**
 * `GET /2010-04-01/Accounts/{Sid}.json` (api.v2010.account in ../shared/specs/twilio/): what a
 * setup check fetches to know the credentials are good and the account active. Like Twilio, the
 * answer carries the account's auth token: whoever prints it must not.
 */
export function accountRoutes(ctx: SandboxContext): Router {
  const router = Router();
  const created = ctx.clock.now();
  router.get('/2010-04-01/Accounts/:file', (req, res, next) => {
    const match = ACCOUNT_FILE.exec(req.params.file);
    if (!match) return next();
    if (match[1] !== ctx.accountSid) return next(twilioErrors.notFound(req.originalUrl));
    const base = `/2010-04-01/Accounts/${ctx.accountSid}`;
    const subresources = [
      'addresses',
      'conferences',
      'signing_keys',
      'transcriptions',
      'connect_apps',
      'sip',
      'authorized_connect_apps',
      'usage',
      'keys',
      'applications',
      'recordings',
      'short_codes',
      'calls',
      'notifications',
      'incoming_phone_numbers',
      'queues',
      'messages',
      'outgoing_caller_ids',
      'available_phone_numbers',
      'balance',
    ];
    const pascal = (s: string) =>
      s
        .split('_')
        .map((w) => w[0]!.toUpperCase() + w.slice(1))
        .join('');
    res.json({
      auth_token: ctx.authToken,
      date_created: rfc2822(created),
      date_updated: rfc2822(created),
      friendly_name: 'Sandbox account',
      owner_account_sid: ctx.accountSid,
      sid: ctx.accountSid,
      status: 'active',
      subresource_uris: Object.fromEntries(
        subresources.map((s) => [s, `${base}/${pascal(s)}.json`]),
      ),
      type: 'Full',
      uri: `${base}.json`,
    });
  });
  return router;
}

/**
 * `GET /v1/Services/{Sid}` on messaging.twilio.com (messaging.v1.service in Twilio's OpenAPI file
 * twilio_messaging_v1.json, twilio/twilio-oai): the Messaging Service messages are sent through.
 * Known services are the sandbox's `messagingServices` (any well-formed `MG…` when unset, as for
 * sending); others get Twilio's 404 / 20404.
 */
export function messagingRoutes(ctx: SandboxContext): Router {
  const router = Router();
  const created = ctx.clock.now();
  router.get('/v1/Services/:sid', (req, res, next) => {
    const sid = req.params.sid;
    const known = ctx.messagingServices
      ? ctx.messagingServices.includes(sid)
      : SERVICE_SID.test(sid);
    if (!known) return next(twilioErrors.notFound(`/Services/${sid}`));
    const url = `https://messaging.twilio.com/v1/Services/${sid}`;
    res.json({
      sid,
      account_sid: ctx.accountSid,
      friendly_name: 'Sandbox messaging service',
      date_created: isoSeconds(created),
      date_updated: isoSeconds(created),
      inbound_request_url: ctx.urls.inboundUrl ?? null,
      inbound_method: 'POST',
      fallback_url: null,
      fallback_method: 'POST',
      status_callback: ctx.urls.statusUrl ?? null,
      sticky_sender: true,
      mms_converter: true,
      smart_encoding: true,
      scan_message_content: 'inherit',
      fallback_to_long_code: false,
      area_code_geomatch: true,
      synchronous_validation: false,
      validity_period: 14_400,
      url,
      links: {
        phone_numbers: `${url}/PhoneNumbers`,
        short_codes: `${url}/ShortCodes`,
        alpha_senders: `${url}/AlphaSenders`,
        messages: `${url}/Messages`,
        us_app_to_person: `${url}/Compliance/Usa2p`,
        us_app_to_person_usecases: `${url}/Compliance/Usa2p/Usecases`,
        channel_senders: `${url}/ChannelSenders`,
      },
      usecase: 'notifications',
      us_app_to_person_registered: false,
      use_inbound_webhook_on_number: false,
    });
  });
  return router;
}
