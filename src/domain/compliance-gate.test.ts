import { describe, expect, it } from 'vitest';
import {
  checkCompliance,
  reactivationCaps,
  type ComplianceContact,
  type ComplianceInput,
  type DeferReason,
  type GateDecision,
} from './compliance-gate.ts';
import { DEFAULT_REACTIVATION_CAPS } from './frequency-caps.ts';

const NEW_YORK = { timeZone: 'America/New_York', quietHours: { start: '08:00', end: '20:00' } };
const CHICAGO = { timeZone: 'America/Chicago', quietHours: { start: '08:00', end: '20:00' } };
const OK: ComplianceContact = {
  optedOut: false,
  status: 'eligible',
  smsConsent: 'yes',
  whatsappConsent: 'yes',
  contactPreference: 'none',
  hasAddress: true,
  mobileLineType: 'mobile',
};
/** Wednesday 2026-06-10, 10:00 EDT. */
const MIDMORNING = '2026-06-10T14:00:00Z';

type Case = Partial<Omit<ComplianceInput, 'contact' | 'now' | 'sentAt'>> & {
  contact?: Partial<ComplianceContact>;
  now?: string;
  sent?: string[];
};
function gate(c: Case): GateDecision {
  const { contact, now, sent, ...rest } = c;
  return checkCompliance({
    channel: 'sms',
    location: NEW_YORK,
    caps: DEFAULT_REACTIVATION_CAPS,
    ...rest,
    now: new Date(now ?? MIDMORNING),
    sentAt: (sent ?? []).map((s) => new Date(s)),
    contact: { ...OK, ...contact },
  });
}
const defer = (until: string, reason: DeferReason): GateDecision => ({
  kind: 'defer',
  until: new Date(until),
  reason,
});

describe('consent and reachability', () => {
  it.each<[string, Case, string | undefined]>([
    ['all clear', {}, undefined],
    ['on the opt-out list', { contact: { optedOut: true } }, 'skipped_opted_out'],
    ['status opted_out', { contact: { status: 'opted_out' } }, 'skipped_opted_out'],
    [
      'opt-out list wins over a paused status',
      { contact: { optedOut: true, status: 'paused' } },
      'skipped_opted_out',
    ],
    ['status do_not_contact', { contact: { status: 'do_not_contact' } }, 'skipped_no_consent'],
    ['status paused', { contact: { status: 'paused' } }, 'skipped_no_consent'],
    [
      'status replied: the front desk has it',
      { contact: { status: 'replied' } },
      'skipped_no_consent',
    ],
    ['status in_sequence', { contact: { status: 'in_sequence' } }, undefined],
    ['status contacted', { contact: { status: 'contacted' } }, undefined],
    ['status unknown', { contact: { status: undefined } }, undefined],
    ['sms: texting not OK', { contact: { smsConsent: 'no' } }, 'skipped_no_consent'],
    ['sms: texting unknown', { contact: { smsConsent: 'unknown' } }, undefined],
    [
      'sms: unknown, practice requires yes',
      { contact: { smsConsent: 'unknown' }, treatUnknownSmsConsentAsNo: true },
      'skipped_no_consent',
    ],
    ['sms: no valid mobile', { contact: { hasAddress: false } }, 'skipped_unreachable'],
    ['sms: landline', { contact: { mobileLineType: 'landline' } }, 'skipped_unreachable'],
    ['sms: fixed VoIP', { contact: { mobileLineType: 'fixedVoip' } }, 'skipped_unreachable'],
    ['sms: toll-free', { contact: { mobileLineType: 'tollFree' } }, 'skipped_unreachable'],
    ['sms: non-fixed VoIP can text', { contact: { mobileLineType: 'nonFixedVoip' } }, undefined],
    ['sms: line type not looked up', { contact: { mobileLineType: undefined } }, undefined],
    [
      'sms: a call preference does not matter',
      { contact: { contactPreference: 'do_not_call' } },
      undefined,
    ],
    ['whatsapp: opted in', { channel: 'whatsapp' }, undefined],
    [
      'whatsapp: no opt-in',
      { channel: 'whatsapp', contact: { whatsappConsent: 'unknown' } },
      'skipped_no_consent',
    ],
    [
      'whatsapp: refused',
      { channel: 'whatsapp', contact: { whatsappConsent: 'no' } },
      'skipped_no_consent',
    ],
    [
      'whatsapp: no number',
      { channel: 'whatsapp', contact: { hasAddress: false } },
      'skipped_unreachable',
    ],
    [
      'whatsapp: landline',
      { channel: 'whatsapp', contact: { mobileLineType: 'landline' } },
      'skipped_unreachable',
    ],
    [
      'whatsapp: texting not OK does not matter',
      { channel: 'whatsapp', contact: { smsConsent: 'no' } },
      undefined,
    ],
    ['call: allowed', { channel: 'call' }, undefined],
    [
      'call: do not call',
      { channel: 'call', contact: { contactPreference: 'do_not_call' } },
      'skipped_no_consent',
    ],
    [
      'call: a landline is fine',
      { channel: 'call', contact: { mobileLineType: 'landline' } },
      undefined,
    ],
    [
      'call: no valid phone',
      { channel: 'call', contact: { hasAddress: false } },
      'skipped_unreachable',
    ],
    [
      'no consent is reported before no address',
      { contact: { smsConsent: 'no', hasAddress: false } },
      'skipped_no_consent',
    ],
    [
      'a skip wins over quiet hours',
      { contact: { optedOut: true }, now: '2026-06-11T01:30:00Z' },
      'skipped_opted_out',
    ],
  ])('%s', (_what, c, outcome) => {
    const decision = gate(c);
    if (outcome === undefined) expect(decision).toEqual({ kind: 'allow' });
    else expect(decision).toMatchObject({ kind: 'skip', outcome, reason: expect.any(String) });
  });
});

describe('quiet hours (New York location, 08:00–20:00)', () => {
  it.each<[string, string, GateDecision]>([
    ['07:59 EDT', '2026-06-10T11:59:00Z', defer('2026-06-10T12:00:00Z', 'quiet_hours')],
    ['08:00 EDT', '2026-06-10T12:00:00Z', { kind: 'allow' }],
    ['19:59 EDT', '2026-06-10T23:59:00Z', { kind: 'allow' }],
    ['20:00 EDT', '2026-06-11T00:00:00Z', defer('2026-06-11T12:00:00Z', 'quiet_hours')],
    [
      '21:30 EDT → next day 08:00',
      '2026-06-11T01:30:00Z',
      defer('2026-06-11T12:00:00Z', 'quiet_hours'),
    ],
    [
      'Sat 2026-03-07 21:30 EST → Sun 08:00 EDT',
      '2026-03-08T02:30:00Z',
      defer('2026-03-08T12:00:00Z', 'quiet_hours'),
    ],
    ['2026-03-08 07:59 EDT', '2026-03-08T11:59:00Z', defer('2026-03-08T12:00:00Z', 'quiet_hours')],
    ['2026-03-08 08:00 EDT', '2026-03-08T12:00:00Z', { kind: 'allow' }],
    [
      'Sat 2026-10-31 21:30 EDT → Sun 08:00 EST',
      '2026-11-01T01:30:00Z',
      defer('2026-11-01T13:00:00Z', 'quiet_hours'),
    ],
    ['2026-11-01 07:59 EST', '2026-11-01T12:59:00Z', defer('2026-11-01T13:00:00Z', 'quiet_hours')],
    ['2026-11-01 08:00 EST', '2026-11-01T13:00:00Z', { kind: 'allow' }],
    ['2026-11-01 19:59 EST', '2026-11-02T00:59:00Z', { kind: 'allow' }],
    ['2026-11-01 20:00 EST', '2026-11-02T01:00:00Z', defer('2026-11-02T13:00:00Z', 'quiet_hours')],
  ])('%s', (_what, now, expected) => {
    expect(gate({ now })).toEqual(expected);
  });
});

describe('the location’s time zone, not the practice’s', () => {
  it.each<[string, string, GateDecision, GateDecision]>([
    // [what, now, New York office, Chicago office]
    [
      '08:30 EDT = 07:30 CDT',
      '2026-06-10T12:30:00Z',
      { kind: 'allow' },
      defer('2026-06-10T13:00:00Z', 'quiet_hours'),
    ],
    [
      '20:30 EDT = 19:30 CDT',
      '2026-06-11T00:30:00Z',
      defer('2026-06-11T12:00:00Z', 'quiet_hours'),
      { kind: 'allow' },
    ],
    [
      '20:00 CDT',
      '2026-06-11T01:00:00Z',
      defer('2026-06-11T12:00:00Z', 'quiet_hours'),
      defer('2026-06-11T13:00:00Z', 'quiet_hours'),
    ],
  ])('%s', (_what, now, newYork, chicago) => {
    expect(gate({ now, location: NEW_YORK })).toEqual(newYork);
    expect(gate({ now, location: CHICAGO })).toEqual(chicago);
  });
});

describe('caps, combined with the window', () => {
  const three = ['2026-06-01T14:00:00Z', '2026-06-03T14:00:00Z', '2026-06-05T14:00:00Z'];
  it.each<[string, Case, GateDecision]>([
    [
      'one sent today → tomorrow 08:00',
      { sent: ['2026-06-10T13:00:00Z'] },
      defer('2026-06-11T12:00:00Z', 'daily_cap'),
    ],
    [
      'one sent yesterday 19:59 EDT → allowed',
      { sent: ['2026-06-09T23:59:00Z'] },
      { kind: 'allow' },
    ],
    [
      'one sent today, now 21:30: the cap is named',
      { sent: ['2026-06-10T13:00:00Z'], now: '2026-06-11T01:30:00Z' },
      defer('2026-06-11T12:00:00Z', 'daily_cap'),
    ],
    [
      'one sent 21:30 EDT yesterday (same UTC date as now) → allowed',
      { sent: ['2026-06-11T01:30:00Z'], now: '2026-06-11T13:00:00Z' },
      { kind: 'allow' },
    ],
    [
      'Chicago: sent 19:30 CDT = 00:30Z, now 08:00 CDT next day → allowed',
      { location: CHICAGO, sent: ['2026-06-11T00:30:00Z'], now: '2026-06-11T13:00:00Z' },
      { kind: 'allow' },
    ],
    [
      'three in 7 days, the oldest turns 7 days old at 10:00 EDT',
      { sent: three, now: '2026-06-08T13:59:00Z' },
      defer('2026-06-08T14:00:00Z', 'weekly_cap'),
    ],
    [
      'three in 7 days, the minute the oldest is 7 days old',
      { sent: three, now: '2026-06-08T14:00:00Z' },
      { kind: 'allow' },
    ],
    [
      'the oldest turns 7 days old at 21:00 EDT → next day 08:00',
      {
        sent: ['2026-06-02T01:00:00Z', '2026-06-03T14:00:00Z', '2026-06-05T14:00:00Z'],
        now: '2026-06-08T20:00:00Z',
      },
      defer('2026-06-09T12:00:00Z', 'weekly_cap'),
    ],
    [
      'weekly frees at 11:00 but one went out today → tomorrow 08:00',
      {
        sent: ['2026-06-01T15:00:00Z', '2026-06-03T15:00:00Z', '2026-06-08T13:00:00Z'],
        now: '2026-06-08T14:00:00Z',
      },
      defer('2026-06-09T12:00:00Z', 'weekly_cap'),
    ],
    [
      'tomorrow 08:00 is still capped: wait for the oldest to age',
      {
        sent: ['2026-06-04T15:00:00Z', '2026-06-06T15:00:00Z', '2026-06-10T12:30:00Z'],
        now: '2026-06-10T14:00:00Z',
      },
      defer('2026-06-11T15:00:00Z', 'weekly_cap'),
    ],
    [
      'rolling 7 × 24 h across spring-forward (10:00 EST + 7 d = 11:00 EDT)',
      {
        sent: ['2026-03-05T15:00:00Z', '2026-03-06T15:00:00Z', '2026-03-07T15:00:00Z'],
        now: '2026-03-12T14:30:00Z',
      },
      defer('2026-03-12T15:00:00Z', 'weekly_cap'),
    ],
    [
      'other caps (reminders): two a day',
      { caps: { perDay: 2, perWindow: 5, windowDays: 7 }, sent: ['2026-06-10T13:00:00Z'] },
      { kind: 'allow' },
    ],
  ])('%s', (_what, c, expected) => {
    expect(gate(c)).toEqual(expected);
  });
});

describe('maxDeferral', () => {
  const HOUR = 3_600_000;
  it.each<[string, Case, string]>([
    ['21:30, one hour left', { now: '2026-06-11T01:30:00Z', maxDeferralMs: HOUR }, 'skip'],
    [
      '21:30, exactly ten and a half hours left',
      { now: '2026-06-11T01:30:00Z', maxDeferralMs: 10.5 * HOUR },
      'defer',
    ],
    ['21:30, a day left', { now: '2026-06-11T01:30:00Z', maxDeferralMs: 24 * HOUR }, 'defer'],
    [
      'capped for days, a day left',
      {
        sent: ['2026-06-05T14:00:00Z', '2026-06-07T14:00:00Z', '2026-06-09T14:00:00Z'],
        maxDeferralMs: 24 * HOUR,
      },
      'skip',
    ],
    ['allowed now, no time left', { maxDeferralMs: 0 }, 'allow'],
  ])('%s', (_what, c, kind) => {
    const decision = gate(c);
    expect(decision.kind).toBe(kind);
    if (decision.kind === 'skip') {
      expect(decision.outcome).toBe('skipped_cap');
      expect(decision.reason).toMatch(/later than the action can wait/);
    }
  });
});

describe('reactivationCaps', () => {
  it('reads the practice file, else the defaults', () => {
    expect(reactivationCaps({})).toEqual({ perDay: 1, perWindow: 3, windowDays: 7 });
    const tighter = { perDay: 1, perWindow: 2, windowDays: 14 };
    expect(reactivationCaps({ caps: tighter })).toEqual(tighter);
  });
});
