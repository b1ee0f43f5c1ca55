import { describe, expect, it } from 'vitest';
import { posteriorSummary } from '../../domain/bandit.ts';
import type { AuditReport } from '../../domain/audit.ts';
import type { RollupRow } from '../../store/event-log.ts';
import { computeDashboard, type DashboardInput } from './metrics.ts';

type Dims = Partial<Pick<RollupRow, 'location' | 'segment' | 'channel' | 'variant' | 'day'>>;

function row(
  type: string,
  count: number,
  dims: Dims = {},
  money: { value?: number; cost?: number } = {},
): RollupRow {
  return {
    day: dims.day ?? '2026-05-10',
    type,
    location: dims.location ?? '',
    segment: dims.segment ?? '',
    channel: dims.channel ?? '',
    variant: dims.variant ?? '',
    count,
    value: money.value ?? 0,
    cost: money.cost ?? 0,
  };
}

const north = { location: 'North' };
const south = { location: 'South' };

/**
 * Rows shaped like the events the service records: eligible (location, segment); sent (all four);
 * delivered/failed/replied (channel, variant); clicked (location, channel, variant); booked and
 * recovered (all four); opted_out (channel); reminder events (location; outcomes with
 * `variant: confirmed`).
 */
const ROWS: RollupRow[] = [
  row('eligible', 60, { ...north, segment: 'dormant' }),
  row('eligible', 40, { ...south, segment: 'no_show' }),
  row('sent', 50, { ...north, segment: 'dormant', channel: 'sms', variant: 'a' }),
  row('sent', 30, { ...south, segment: 'no_show', channel: 'sms', variant: 'b' }),
  row('sent', 20, { ...south, segment: 'no_show', channel: 'email', variant: 'a' }),
  row('delivered', 70, { channel: 'sms', variant: 'a' }, { cost: 0.55 }),
  row('delivered', 8, { channel: 'sms', variant: 'b' }, { cost: 0.45 }),
  row('delivered', 18, { channel: 'email', variant: 'a' }),
  row('failed', 2, { channel: 'sms', variant: 'b' }, { cost: 0.1 }),
  row('replied', 12, { channel: 'sms', variant: 'a' }),
  row('clicked', 9, { ...north, channel: 'sms', variant: 'a' }),
  row('booked', 5, { ...north, segment: 'dormant', channel: 'sms', variant: 'a' }),
  row('booked', 3, {
    ...south,
    segment: 'no_show',
    channel: 'sms',
    variant: 'b',
    day: '2026-05-11',
  }),
  row('booked', 1, { ...south, segment: 'no_show', channel: 'none' }),
  row(
    'recovered',
    4,
    { ...north, segment: 'dormant', channel: 'sms', variant: 'a' },
    { value: 1000 },
  ),
  row(
    'recovered',
    2,
    { ...south, segment: 'no_show', channel: 'sms', variant: 'b', day: '2026-05-12' },
    { value: 500 },
  ),
  row('opted_out', 2, { channel: 'sms' }),
  row('reminder_sent', 9, { ...north, channel: 'sms', variant: 'confirmation' }),
  row('reminder_sent', 11, { ...north, channel: 'sms', variant: '1d' }),
  row('reminder_sent', 3, { ...south, channel: 'sms', variant: 'confirmation' }),
  row('reminder_sent', 2, { ...south, channel: 'sms', variant: '2h' }),
  row('confirmed', 6, north),
  row('confirmed', 1, south),
  row('showed', 8, { ...north, variant: 'confirmed' }),
  row('showed', 2, south),
  row('missed', 2, north),
];

const AUDIT: AuditReport = {
  asOf: '2026-05-01',
  patients: 1000,
  segments: { no_show: 40, unscheduled_treatment: 25, overdue_recall: 120, dormant: 60 },
  active: 600,
  excluded: { inactive: 50, deceased: 5, scheduled: 70, never_visited: 20, lost: 10 },
  reachable: { sms: 180, email: 150, call: 200, any: 220 },
  estimate: { appointments: 30, revenue: 9000, assumptions: { currency: 'USD' } },
  skipped: 0,
};

function compute(over: Partial<DashboardInput> = {}) {
  return computeDashboard({
    from: '2026-05-01',
    to: '2026-05-14',
    filters: {},
    rows: ROWS,
    audit: AUDIT,
    currency: 'USD',
    locations: ['South', 'North', 'East'],
    ...over,
  });
}

describe('computeDashboard: the whole practice', () => {
  const d = compute();

  it('counts the funnel from eligible to recovered', () => {
    expect(d.funnel.stages).toEqual([
      'eligible',
      'sent',
      'delivered',
      'replied',
      'clicked',
      'booked',
      'recovered',
    ]);
    expect(d.funnel.overall).toEqual({
      eligible: 100,
      sent: 100,
      delivered: 96,
      replied: 12,
      clicked: 9,
      booked: 9,
      recovered: 6,
    });
  });

  it('sums message cost and recovered revenue, and their ratio', () => {
    // 0.55 + 0.45 + 0.1 is 1.1, not 1.0999999.
    expect(d.headline.cost).toBe(1.1);
    expect(d.headline.revenue).toBe(1500);
    expect(d.headline.returnRatio).toBeCloseTo(1500 / 1.1, 10);
    expect(d.headline.recovered).toBe(6);
  });

  it('gives delivery (delivered / delivered + failed) and opt-out (opted out / sent) rates', () => {
    expect(d.rates.delivery).toEqual({ numerator: 96, denominator: 98, value: 96 / 98 });
    expect(d.rates.optOut).toEqual({ numerator: 2, denominator: 100, value: 0.02 });
    const sms = d.rates.byChannel.find((c) => c.channel === 'sms')!;
    expect(sms.delivery.value).toBe(78 / 80);
    expect(sms.optOut.value).toBe(2 / 80);
    const email = d.rates.byChannel.find((c) => c.channel === 'email')!;
    expect(email.delivery.value).toBe(1);
    expect(email.optOut).toEqual({ numerator: 0, denominator: 20, value: 0 });
    expect(d.rates.byChannel.map((c) => c.channel)).toEqual(['sms', 'email']);
  });

  it('summarises the audit: lapsed is the sum of the four segments', () => {
    expect(d.audit).toMatchObject({ asOf: '2026-05-01', patients: 1000, lapsed: 245 });
    expect(d.headline.lapsed).toBe(245);
    expect(d.headline.reachable).toBe(220);
    expect(d.audit!.estimate).toEqual({ appointments: 30, revenue: 9000 });
  });

  it('splits the funnel by segment, showing stages whose events carry no segment as null', () => {
    expect(d.funnel.bySegment.map((g) => g.key)).toEqual(['no_show', 'dormant']);
    const dormant = d.funnel.bySegment.find((g) => g.key === 'dormant')!.counts;
    expect(dormant).toEqual({
      eligible: 60,
      sent: 50,
      delivered: null,
      replied: null,
      clicked: null,
      booked: 5,
      recovered: 4,
    });
  });

  it('splits the funnel by channel (eligibility comes before a channel) and by variant', () => {
    const sms = d.funnel.byChannel.find((g) => g.key === 'sms')!.counts;
    expect(sms).toEqual({
      eligible: null,
      sent: 80,
      delivered: 78,
      replied: 12,
      clicked: 9,
      booked: 8,
      recovered: 6,
    });
    expect(d.funnel.byChannel.map((g) => g.key)).toEqual(['sms', 'email', 'none']);
    expect(d.funnel.byChannel.find((g) => g.key === 'none')!.counts.booked).toBe(1);
    const b = d.funnel.byVariant.find((g) => g.key === 'b')!.counts;
    expect(b).toMatchObject({ sent: 30, delivered: 8, booked: 3, recovered: 2 });
    expect(d.funnel.byVariant.map((g) => g.key)).toEqual(['a', 'b']);
  });

  it('gives a daily series of every day of the range', () => {
    expect(d.series.days).toHaveLength(14);
    expect(d.series.days[0]).toBe('2026-05-01');
    expect(d.series.days[13]).toBe('2026-05-14');
    const i10 = d.series.days.indexOf('2026-05-10');
    const i12 = d.series.days.indexOf('2026-05-12');
    expect(d.series.recovered[i10]).toBe(4);
    expect(d.series.revenue[i10]).toBe(1000);
    expect(d.series.recovered[i12]).toBe(2);
    expect(d.series.booked[d.series.days.indexOf('2026-05-11')]).toBe(3);
    expect(d.series.booked.reduce((a, b) => a + b)).toBe(9);
    expect(d.range).toEqual({ from: '2026-05-01', to: '2026-05-14', days: 14 });
  });

  it('rates each segment · channel · variant by bookings per message sent, with the posterior interval', () => {
    expect(d.variants.map((v) => [v.segment, v.channel, v.variant, v.sent, v.booked])).toEqual([
      ['no_show', 'email', 'a', 20, 0],
      ['no_show', 'sms', 'b', 30, 3],
      ['dormant', 'sms', 'a', 50, 5],
    ]);
    const a = d.variants[2]!;
    expect(a.rate).toBe(0.1);
    expect({ mean: a.mean, low: a.low, high: a.high }).toEqual(
      posteriorSummary({ trials: 50, successes: 5 }),
    );
    expect(a.low).toBeLessThan(0.1);
    expect(a.high).toBeGreaterThan(0.1);
    expect(d.variants[0]!.rate).toBe(0);
    expect(d.bandit).toBeNull();
  });

  it('measures reminders: show rate, confirmation rate, reminders per kept appointment', () => {
    expect(d.reminders).toMatchObject({ sent: 25, confirmed: 7, showed: 10, missed: 2 });
    expect(d.reminders.showRate.value).toBe(10 / 12);
    expect(d.reminders.confirmationRate.value).toBe(7 / 12);
    expect(d.reminders.remindersPerKept.value).toBe(2.5);
  });

  it('offers filter values from the practice and the data', () => {
    expect(d.options.locations).toEqual(['East', 'North', 'South']);
    expect(d.options.segments).toEqual([
      'no_show',
      'unscheduled_treatment',
      'overdue_recall',
      'dormant',
    ]);
    expect(d.options.channels).toEqual(['sms', 'whatsapp', 'email', 'call', 'none']);
    expect(d.options.variants).toEqual(['a', 'b']);
    expect(d.notes).toEqual([]);
  });
});

describe('computeDashboard: filters', () => {
  it('a segment filter counts what carries a segment and says what does not', () => {
    const d = compute({ filters: { segment: 'no_show' } });
    expect(d.funnel.overall).toEqual({
      eligible: 40,
      sent: 50,
      delivered: null,
      replied: null,
      clicked: null,
      booked: 4,
      recovered: 2,
    });
    expect(d.headline.cost).toBeNull();
    expect(d.headline.returnRatio).toBeNull();
    expect(d.headline.revenue).toBe(500);
    expect(d.rates.delivery.value).toBeNull();
    expect(d.rates.optOut.value).toBeNull();
    expect(d.notes[0]).toBe(
      'delivered, failed, replied, clicked, opted out are not recorded by segment: shown as “—” with the segment filter.',
    );
    expect(d.notes).toContain('The audit figures cover the whole practice, whatever the filters.');
    expect(d.notes).toContain('Reminder figures follow the date and location filters only.');
    // Reminders ignore the segment filter.
    expect(d.reminders.showed).toBe(10);
    expect(d.variants.map((v) => v.segment)).toEqual(['no_show', 'no_show']);
  });

  it('a location filter applies to reminders too', () => {
    const d = compute({ filters: { location: 'North' } });
    expect(d.funnel.overall).toMatchObject({
      eligible: 60,
      sent: 50,
      clicked: 9,
      booked: 5,
      delivered: null,
    });
    expect(d.reminders).toMatchObject({ sent: 20, confirmed: 6, showed: 8, missed: 2 });
    expect(d.reminders.showRate.value).toBe(0.8);
    expect(d.reminders.remindersPerKept.value).toBe(2.5);
    expect(d.notes).not.toContain('Reminder figures follow the date and location filters only.');
  });

  it('a channel filter leaves eligibility uncounted and keeps delivery and cost', () => {
    const d = compute({ filters: { channel: 'sms' } });
    expect(d.funnel.overall).toEqual({
      eligible: null,
      sent: 80,
      delivered: 78,
      replied: 12,
      clicked: 9,
      booked: 8,
      recovered: 6,
    });
    expect(d.headline.cost).toBe(1.1);
    expect(d.rates.delivery.value).toBe(78 / 80);
    expect(d.rates.optOut.value).toBe(2 / 80);
    expect(d.notes[0]).toBe(
      'eligible is not recorded by channel: shown as “—” with the channel filter.',
    );
  });

  it('a variant filter selects the variant across segments and channels', () => {
    const d = compute({ filters: { variant: 'a' } });
    expect(d.funnel.overall).toMatchObject({ sent: 70, delivered: 88, booked: 5, recovered: 4 });
    expect(d.headline.cost).toBe(0.55);
    expect(d.rates.optOut.value).toBeNull();
    expect(d.variants.every((v) => v.variant === 'a')).toBe(true);
  });

  it('combined filters multiply: a segment and a channel', () => {
    const d = compute({ filters: { segment: 'no_show', channel: 'email' } });
    expect(d.funnel.overall).toMatchObject({
      eligible: null,
      sent: 20,
      booked: 0,
      delivered: null,
    });
    expect(d.variants).toHaveLength(1);
  });
});

describe('computeDashboard: nothing yet', () => {
  const d = compute({ rows: [], audit: null, from: '2026-05-14', to: '2026-05-14' });

  it('gives zeros for counts and null for every ratio over zero', () => {
    expect(Object.values(d.funnel.overall)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(d.headline).toEqual({
      lapsed: null,
      reachable: null,
      recovered: 0,
      revenue: 0,
      cost: 0,
      returnRatio: null,
    });
    expect(d.rates.delivery).toEqual({ numerator: 0, denominator: 0, value: null });
    expect(d.rates.optOut.value).toBeNull();
    expect(d.rates.byChannel).toEqual([]);
    expect(d.reminders.showRate.value).toBeNull();
    expect(d.reminders.confirmationRate.value).toBeNull();
    expect(d.reminders.remindersPerKept.value).toBeNull();
    expect(d.variants).toEqual([]);
    expect(d.audit).toBeNull();
    expect(d.series).toEqual({ days: ['2026-05-14'], booked: [0], recovered: [0], revenue: [0] });
  });

  it('a filter on an empty range is not "not recorded": zero is zero', () => {
    const f = compute({ rows: [], filters: { segment: 'dormant' } });
    expect(f.funnel.overall.delivered).toBe(0);
    expect(f.notes.filter((n) => n.includes('not recorded'))).toEqual([]);
  });

  it('reminder ratios with kept appointments but no sends are zero, not null', () => {
    const r = compute({ rows: [row('showed', 3)] }).reminders;
    expect(r.remindersPerKept).toEqual({ numerator: 0, denominator: 3, value: 0 });
    // Nobody was asked to confirm: no rate, rather than a made-up zero.
    expect(r.confirmationRate.value).toBeNull();
  });
});

describe('computeDashboard: edges', () => {
  it('clamps bookings credited to messages sent before the range inside the interval only', () => {
    const d = compute({
      rows: [
        row('sent', 2, { segment: 'dormant', channel: 'sms', variant: 'a' }),
        row('booked', 5, { segment: 'dormant', channel: 'sms', variant: 'a' }),
      ],
    });
    const v = d.variants[0]!;
    expect(v.rate).toBe(2.5);
    expect({ mean: v.mean, low: v.low, high: v.high }).toEqual(
      posteriorSummary({ trials: 2, successes: 2 }),
    );
  });

  it('ignores rows outside the range in the daily series', () => {
    const d = compute({ rows: [row('recovered', 1, { day: '2026-06-01' }, { value: 250 })] });
    expect(d.series.recovered.every((n) => n === 0)).toBe(true);
  });

  it('passes the bandit’s own arms through with their intervals, sorted', () => {
    const d = compute({
      bandit: [
        { key: 'no_show|sms', variant: 'b', trials: 40, successes: 6 },
        { key: 'dormant|sms', variant: 'a', trials: 0, successes: 0 },
        { key: 'no_show|sms', variant: 'a', trials: 40, successes: 2 },
      ],
    });
    expect(d.bandit!.map((a) => `${a.key}:${a.variant}`)).toEqual([
      'dormant|sms:a',
      'no_show|sms:a',
      'no_show|sms:b',
    ]);
    expect(d.bandit![0]).toMatchObject({ mean: 0.5, trials: 0 });
    expect(d.bandit![2]).toMatchObject(posteriorSummary({ trials: 40, successes: 6 }));
  });
});
