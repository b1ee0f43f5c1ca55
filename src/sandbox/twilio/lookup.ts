import {
  parsePhoneNumberFromString,
  validatePhoneNumberLength,
  type CountryCode,
} from 'libphonenumber-js/max';
import type { SandboxContext } from './context.ts';
import { carrierOf, lineTypeOf } from './line-type.ts';

const VALIDATION_ERRORS: Record<string, string> = {
  TOO_SHORT: 'TOO_SHORT',
  TOO_LONG: 'TOO_LONG',
  INVALID_COUNTRY: 'INVALID_COUNTRY_CODE',
  INVALID_LENGTH: 'INVALID_LENGTH',
  NOT_A_NUMBER: 'NOT_A_NUMBER',
};

/** Every data package Lookup v2 can add; the ones not requested (or not simulated) are null. */
const PACKAGES = [
  'caller_name',
  'sim_swap',
  'call_forwarding',
  'line_status',
  'line_type_intelligence',
  'identity_match',
  'reassigned_number',
  'sms_pumping_risk',
  'phone_number_quality_score',
  'pre_fill',
] as const;

/**
 * `GET /v2/PhoneNumbers/{PhoneNumber}` (LookupResponse): validity and formats from
 * libphonenumber's full metadata (national input is read in `CountryCode`, US by default), and
 * `line_type_intelligence` when `Fields` asks for it. An invalid number is answered 200 with
 * `valid: false` and its `validation_errors`, as Twilio does.
 */
export function lookupJson(
  ctx: SandboxContext,
  input: string,
  query: { Fields?: string; CountryCode?: string },
): Record<string, unknown> {
  const country = (query.CountryCode?.toUpperCase() ?? 'US') as CountryCode;
  const fields = new Set((query.Fields ?? '').split(',').map((field) => field.trim()));
  const parsed = parsePhoneNumberFromString(input, country);
  const valid = parsed?.isValid() ?? false;
  const phoneNumber = parsed?.number ?? input;
  const packages: Record<string, unknown> = Object.fromEntries(
    PACKAGES.map((name) => [name, null]),
  );
  if (valid && parsed && fields.has('line_type_intelligence')) {
    const type = lineTypeOf(ctx, parsed);
    packages.line_type_intelligence = { ...carrierOf(type), type, error_code: null };
  }
  const reason = validatePhoneNumberLength(input, country);
  return {
    calling_country_code: valid && parsed ? parsed.countryCallingCode : null,
    country_code: valid && parsed ? (parsed.country ?? null) : null,
    phone_number: phoneNumber,
    national_format: valid && parsed ? parsed.formatNational() : null,
    valid,
    validation_errors: valid ? null : [VALIDATION_ERRORS[reason ?? ''] ?? 'INVALID_BUT_POSSIBLE'],
    ...packages,
    url: `https://lookups.twilio.com/v2/PhoneNumbers/${phoneNumber}`,
  };
}
