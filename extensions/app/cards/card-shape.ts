import type {
  CardAction,
  CardActionResult,
  CardTouch,
  CardView,
} from '../../../src/outreach/card-view.ts';

/**
 * Light runtime checks of the service's answers. The source of truth is the zod contract in
 * src/outreach/card-view.ts; the card imports only its types (erased at build time), because
 * bundling zod and service code into the card would make it heavier for no gain. These checks
 * mirror that schema field by field; test/card.test.tsx feeds them views that pass the real schema.
 */
export type { CardAction, CardActionResult, CardTouch, CardView };

type Obj = Record<string, unknown>;

const CHANNELS: readonly string[] = ['sms', 'whatsapp', 'call', 'email'];
const CONSENT: readonly string[] = ['yes', 'no', 'unknown'];

function isObj(x: unknown): x is Obj {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
const isString = (x: unknown): x is string => typeof x === 'string';
const isBool = (x: unknown): x is boolean => typeof x === 'boolean';
const isNullableString = (x: unknown) => x === null || isString(x);
const isOptionalString = (x: unknown) => x === undefined || isString(x);

function isTouch(x: unknown): x is CardTouch {
  return (
    isObj(x) &&
    isString(x.at) &&
    isString(x.channel) &&
    CHANNELS.includes(x.channel) &&
    isString(x.template) &&
    isOptionalString(x.outcome) &&
    isOptionalString(x.delivery) &&
    isOptionalString(x.reply)
  );
}

function isConsent(x: unknown): boolean {
  return isObj(x) && [x.sms, x.whatsapp, x.email].every((c) => isString(c) && CONSENT.includes(c));
}

function isActions(x: unknown): boolean {
  return (
    isObj(x) && [x.pause, x.resume, x.sendLink, x.doNotContact].every((allowed) => isBool(allowed))
  );
}

function isConfirmationToMark(x: unknown): boolean {
  return x === undefined || (isObj(x) && isString(x.confirmedAt) && isString(x.appointmentAt));
}

/** True when `x` has the shape of a `CardView`. */
export function isCardView(x: unknown): x is CardView {
  return (
    isObj(x) &&
    isString(x.contactId) &&
    isBool(x.isPatient) &&
    isNullableString(x.status) &&
    isNullableString(x.segment) &&
    isString(x.reason) &&
    isNullableString(x.lastVisit) &&
    isNullableString(x.recallDue) &&
    isNullableString(x.nextAppointment) &&
    isConsent(x.consent) &&
    isBool(x.optedOut) &&
    isBool(x.waitingForPerson) &&
    isBool(x.paused) &&
    Array.isArray(x.touches) &&
    x.touches.every(isTouch) &&
    isConfirmationToMark(x.markConfirmedInPms) &&
    isActions(x.actions)
  );
}

/** True when `x` has the shape of a `CardActionResult` (its `view`, when present, included). */
export function isCardActionResult(x: unknown): x is CardActionResult {
  return (
    isObj(x) &&
    isBool(x.ok) &&
    isString(x.outcome) &&
    isString(x.message) &&
    (x.view === undefined || isCardView(x.view))
  );
}
