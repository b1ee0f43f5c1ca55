import { AppError } from '../lib/errors.ts';
import type { Channel, LineType } from './channel-choice.ts';
import {
  DEFAULT_REACTIVATION_CAPS,
  dailyCapUntil,
  rollingCapUntil,
  type FrequencyCaps,
} from './frequency-caps.ts';
import type { SkipOutcome } from './outreach-outcome.ts';
import type { Location, PracticeFile } from './practice.ts';
import { isInsideSendingWindow, nextSendingTime } from './quiet-hours.ts';
import type { ReactivationStatus } from './reactivation-status.ts';
import type { ContactPreference, SmsConsent } from './records.ts';

/**
 * The last check before a message or call goes out (messaging-facts.md, "Rules for reactivation
 * messages"). Pure: time is `now`, history is `sentAt`. In order:
 * 1. skip when the patient opted out (the list, or `reactivation_status` opted_out), when a person
 *    stopped outreach (`do_not_contact`, `paused`), when the patient replied and the front desk has
 *    it (`replied`), or when the channel lacks consent;
 * 2. skip when the channel has no usable address (or the "mobile" is a landline);
 * 3. defer until the earliest instant at which the sending window and every cap allow it, or skip
 *    (`skipped_cap`) when that is further away than the caller can wait.
 */
export type GateChannel = Extract<Channel, 'sms' | 'whatsapp' | 'call'>;
export type ConsentAnswer = 'yes' | 'no' | 'unknown';
export type DeferReason = 'quiet_hours' | 'daily_cap' | 'weekly_cap' | 'no_show_pause';

export interface ComplianceContact {
  /** On the service's opt-out list (an opt-out on any channel closes every channel). */
  optedOut: boolean;
  /** The contact's `reactivation_status` in HubSpot, when known. */
  status?: ReactivationStatus;
  smsConsent: SmsConsent;
  /** An explicit WhatsApp opt-in recorded by the project is `yes`; nothing else counts. */
  whatsappConsent: ConsentAnswer;
  /** The PMS preference; `do_not_call` closes calls. */
  contactPreference: ContactPreference;
  /**
   * A usable address for the channel: a valid mobile (sms), the number the WhatsApp opt-in was
   * given for (whatsapp), any valid phone (call).
   */
  hasAddress: boolean;
  /** Twilio Lookup's line type of the mobile, when looked up. */
  mobileLineType?: LineType;
}

export interface ComplianceInput {
  now: Date;
  channel: GateChannel;
  contact: ComplianceContact;
  /** The patient's location: its time zone and sending window stand for the patient's. */
  location: Pick<Location, 'timeZone' | 'quietHours'>;
  caps: FrequencyCaps;
  /** When messages already went to this patient, on every channel. */
  sentAt: readonly Date[];
  /** The longest the caller can wait (e.g. what is left of a workflow callback), in ms. */
  maxDeferralMs?: number;
  /** The practice file's stricter reading of an unknown PMS texting flag. */
  treatUnknownSmsConsentAsNo?: boolean;
}

export type GateDecision =
  | { kind: 'allow' }
  | { kind: 'skip'; outcome: SkipOutcome; reason: string }
  | { kind: 'defer'; until: Date; reason: DeferReason };

const CANNOT_TEXT: ReadonlySet<string> = new Set(['landline', 'fixedVoip', 'tollFree', 'pager']);
const STATUS_SKIPS: Partial<Record<ReactivationStatus, { outcome: SkipOutcome; reason: string }>> =
  {
    opted_out: { outcome: 'skipped_opted_out', reason: 'the patient opted out' },
    do_not_contact: { outcome: 'skipped_no_consent', reason: 'marked do not contact' },
    paused: { outcome: 'skipped_no_consent', reason: 'outreach is paused for this patient' },
    replied: {
      outcome: 'skipped_no_consent',
      reason: 'the patient replied: waiting for the front desk, no automated outreach',
    },
  };
const ADDRESS: Record<GateChannel, string> = {
  sms: 'no valid mobile number',
  whatsapp: 'no number with a WhatsApp opt-in',
  call: 'no valid phone number',
};

/** The reactivation caps of a practice: its file's `caps`, else the defaults. */
export function reactivationCaps(practice: Pick<PracticeFile, 'caps'>): FrequencyCaps {
  return practice.caps ?? DEFAULT_REACTIVATION_CAPS;
}

/** Whether a message may go out now, must wait, or must not go out at all. */
export function checkCompliance(input: ComplianceInput): GateDecision {
  const skip = consentSkip(input);
  if (skip) return { kind: 'skip', ...skip };
  const { until, reason } = earliestAllowed(input);
  if (reason === undefined) return { kind: 'allow' };
  const wait = until.getTime() - input.now.getTime();
  if (input.maxDeferralMs !== undefined && wait > input.maxDeferralMs) {
    return {
      kind: 'skip',
      outcome: 'skipped_cap',
      reason: `${reason.replace('_', ' ')}: the earliest allowed time (${until.toISOString()}) is later than the action can wait`,
    };
  }
  return { kind: 'defer', until, reason };
}

function consentSkip(input: ComplianceInput): { outcome: SkipOutcome; reason: string } | undefined {
  const c = input.contact;
  if (c.optedOut) return { outcome: 'skipped_opted_out', reason: 'the patient opted out' };
  const byStatus = c.status === undefined ? undefined : STATUS_SKIPS[c.status];
  if (byStatus) return byStatus;
  const noConsent = (reason: string) => ({ outcome: 'skipped_no_consent' as const, reason });
  if (input.channel === 'sms') {
    if (c.smsConsent === 'no') return noConsent('the PMS says texting is not OK');
    if (c.smsConsent === 'unknown' && input.treatUnknownSmsConsentAsNo)
      return noConsent('texting consent is unknown and the practice requires a yes');
  }
  if (input.channel === 'whatsapp' && c.whatsappConsent !== 'yes')
    return noConsent('no WhatsApp opt-in');
  if (input.channel === 'call' && c.contactPreference === 'do_not_call')
    return noConsent('the PMS says do not call');
  if (!c.hasAddress) return { outcome: 'skipped_unreachable', reason: ADDRESS[input.channel] };
  if (input.channel !== 'call' && c.mobileLineType && CANNOT_TEXT.has(c.mobileLineType))
    return {
      outcome: 'skipped_unreachable',
      reason: `the number is a ${c.mobileLineType} line, which cannot receive messages`,
    };
  return undefined;
}

/** The rules that do not hold at `at`, in the order their reason is reported. */
function blockers(input: ComplianceInput, at: Date): Array<{ reason: DeferReason; next: Date }> {
  const { timeZone, quietHours } = input.location;
  const out: Array<{ reason: DeferReason; next: Date }> = [];
  const weekly = rollingCapUntil(at, input.sentAt, input.caps);
  if (weekly) out.push({ reason: 'weekly_cap', next: weekly });
  const daily = dailyCapUntil(at, input.sentAt, input.caps, timeZone);
  if (daily) out.push({ reason: 'daily_cap', next: daily });
  if (!isInsideSendingWindow(at, quietHours, timeZone))
    out.push({ reason: 'quiet_hours', next: nextSendingTime(at, quietHours, timeZone) });
  return out;
}

/**
 * Moves forward from `now` until no rule blocks. Each jump lands on the first instant its own rule
 * could allow (caps only loosen as time passes, since no message is sent meanwhile), so the first
 * instant where none blocks is the earliest allowed one. `reason` is the first rule blocking at
 * `now` (caps before the window: "already texted today" says more than "it is 9 pm").
 */
function earliestAllowed(input: ComplianceInput): { until: Date; reason?: DeferReason } {
  let at = input.now;
  let reason: DeferReason | undefined;
  // Each pass clears a day, a window opening or an aged-out message: a few dozen at most.
  for (let pass = 0; pass < 1000; pass++) {
    const blocked = blockers(input, at);
    if (blocked.length === 0) return reason === undefined ? { until: at } : { until: at, reason };
    reason ??= blocked[0]!.reason;
    at = new Date(Math.max(...blocked.map((b) => b.next.getTime())));
  }
  throw new AppError('compliance gate: no allowed time found', { code: 'gate_no_time' });
}
