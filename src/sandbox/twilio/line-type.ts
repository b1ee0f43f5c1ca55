import type { PhoneNumber } from 'libphonenumber-js/max';
import type { SandboxContext } from './context.ts';
import type { LineType } from './types.ts';

const FROM_METADATA: Record<string, LineType> = {
  MOBILE: 'mobile',
  FIXED_LINE: 'landline',
  FIXED_LINE_OR_MOBILE: 'mobile',
  TOLL_FREE: 'tollFree',
  VOIP: 'nonFixedVoip',
  PERSONAL_NUMBER: 'personal',
  PREMIUM_RATE: 'premium',
  SHARED_COST: 'sharedCost',
  UAN: 'uan',
  VOICEMAIL: 'voicemail',
  PAGER: 'pager',
};

/**
 * A number's line type: the sandbox's `lineTypes` entry, else `defaultLineType`, else what
 * libphonenumber's metadata says (North American numbers are "fixed line or mobile": mobile).
 */
export function lineTypeOf(ctx: SandboxContext, number: PhoneNumber): LineType {
  const configured = ctx.lineTypes[number.number];
  if (configured) return configured;
  if (ctx.defaultLineType) return ctx.defaultLineType;
  const type = number.getType();
  return (type && FROM_METADATA[type]) || 'unknown';
}

/** Carrier details Lookup reports with a line type (made-up carriers, real MCC/MNC shapes). */
export function carrierOf(type: LineType): {
  carrier_name: string;
  mobile_country_code: string;
  mobile_network_code: string;
} {
  switch (type) {
    case 'mobile':
      return {
        carrier_name: 'Sandbox Wireless',
        mobile_country_code: '310',
        mobile_network_code: '260',
      };
    case 'landline':
      return {
        carrier_name: 'Sandbox Telephone Co',
        mobile_country_code: '311',
        mobile_network_code: '480',
      };
    case 'nonFixedVoip':
      return {
        carrier_name: 'Twilio - SMS/MMS-SVR',
        mobile_country_code: '240',
        mobile_network_code: '38',
      };
    default:
      return {
        carrier_name: 'Sandbox Carrier',
        mobile_country_code: '310',
        mobile_network_code: '999',
      };
  }
}
