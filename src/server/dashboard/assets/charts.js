import { colour, formatCount, formatMoney, formatPercent, labelOf, sum } from './format.js';

/**
 * One Chart.js configuration per panel, built from the API's document. Each builder returns
 * `{ config, summary }` (the summary is the canvas's accessible label), or null for the empty state.
 */

// Small rates (opt-outs) need a decimal on their ticks, or 0.5% and 1% both read "1%".
const percentAxis = (extra = {}) => ({
  beginAtZero: true,
  ticks: { callback: (v) => formatPercent(v, v !== 0 && v < 0.1 ? 1 : 0) },
  ...extra,
});

/** Patients in each segment at the last audit. */
export function auditChart(d) {
  if (!d.audit) return null;
  const keys = Object.keys(d.audit.segments);
  const counts = keys.map((k) => d.audit.segments[k]);
  return {
    summary: `Patients per segment: ${keys.map((k, i) => `${labelOf('segment', k)} ${counts[i]}`).join(', ')}`,
    config: {
      type: 'bar',
      data: {
        labels: keys.map((k) => labelOf('segment', k)),
        datasets: [
          { label: 'Patients', data: counts, backgroundColor: keys.map((_, i) => colour(i)) },
        ],
      },
      options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true } } },
    },
  };
}

/** The funnel, overall or stacked by segment, channel or variant. */
export function funnelChart(d, split) {
  const stages = d.funnel.stages;
  if (sum(stages.map((s) => d.funnel.overall[s])) === 0) return null;
  const kind = { bySegment: 'segment', byChannel: 'channel', byVariant: 'variant' }[split];
  const groups = kind ? d.funnel[split] : null;
  // A stage no event of which carries the split (eligibility has no channel) says so.
  const unknown = (s) =>
    d.funnel.overall[s] === null || (groups !== null && groups.every((g) => g.counts[s] === null));
  const labels = stages.map((s) => `${labelOf('stage', s)}${unknown(s) ? ' (not recorded)' : ''}`);
  const datasets = groups
    ? groups.map((g, i) => ({
        label: labelOf(kind, g.key),
        data: stages.map((s) => g.counts[s]),
        backgroundColor: colour(i),
      }))
    : [
        {
          label: 'Patients',
          data: stages.map((s) => d.funnel.overall[s]),
          backgroundColor: colour(0),
        },
      ];
  if (datasets.length === 0) return null;
  const stacked = Boolean(groups);
  return {
    summary: `Funnel: ${stages.map((s) => `${labelOf('stage', s)} ${formatCount(d.funnel.overall[s])}`).join(', ')}`,
    config: {
      type: 'bar',
      data: { labels, datasets },
      options: {
        indexAxis: 'y',
        plugins: { legend: { display: stacked } },
        scales: { x: { beginAtZero: true, stacked }, y: { stacked } },
      },
    },
  };
}

/** Recovered visits and bookings per day, and the recovered revenue on a second axis. */
export function seriesChart(d) {
  const s = d.series;
  if (sum(s.recovered) + sum(s.booked) === 0) return null;
  return {
    summary: `Over ${s.days.length} days: ${sum(s.booked)} booked, ${sum(s.recovered)} recovered, ${formatMoney(sum(s.revenue), d.currency)} revenue`,
    config: {
      type: 'line',
      data: {
        labels: s.days.map((day) => day.slice(5)),
        datasets: [
          {
            label: 'Recovered',
            data: s.recovered,
            borderColor: colour(2),
            backgroundColor: colour(2),
            yAxisID: 'y',
          },
          {
            label: 'Booked',
            data: s.booked,
            borderColor: colour(0),
            backgroundColor: colour(0),
            yAxisID: 'y',
          },
          {
            label: 'Revenue',
            data: s.revenue,
            borderColor: colour(1),
            backgroundColor: colour(1),
            borderDash: [6, 4],
            yAxisID: 'y1',
          },
        ],
      },
      options: {
        interaction: { mode: 'index', intersect: false },
        scales: {
          y: {
            beginAtZero: true,
            title: { display: true, text: 'Visits' },
            ticks: { precision: 0 },
          },
          y1: {
            beginAtZero: true,
            position: 'right',
            grid: { drawOnChartArea: false },
            ticks: { callback: (v) => formatMoney(v, d.currency) },
          },
        },
      },
    },
  };
}

const armLabel = (v) =>
  `${labelOf('segment', v.segment)} · ${labelOf('channel', v.channel)} · ${v.variant}`;
// Two lines on the axis, so a long segment name does not crowd the bars out on a phone.
const armAxisLabel = (v) => [
  labelOf('segment', v.segment),
  `${labelOf('channel', v.channel)} · ${v.variant}`,
];

/** Each variant's observed booking rate and its 90% credible interval (a floating bar). */
export function variantsChart(d) {
  const arms = d.variants;
  if (arms.length === 0) return null;
  return {
    height: Math.max(220, 60 + arms.length * 40),
    summary: `Booking rate by variant: ${arms.map((v) => `${armLabel(v)} ${formatPercent(v.rate)} (90% ${formatPercent(v.low)} to ${formatPercent(v.high)})`).join('; ')}`,
    config: {
      type: 'bar',
      data: {
        labels: arms.map(armAxisLabel),
        datasets: [
          {
            type: 'line',
            indexAxis: 'y',
            label: 'Booked ÷ sent',
            data: arms.map((v) => v.rate),
            showLine: false,
            pointRadius: 6,
            pointStyle: 'rectRot',
            borderColor: colour(5),
            backgroundColor: colour(5),
          },
          {
            label: '90% interval',
            data: arms.map((v) => [v.low, v.high]),
            backgroundColor: 'rgba(0, 114, 178, 0.35)',
            borderColor: colour(0),
            borderWidth: 1,
            barPercentage: 0.6,
          },
        ],
      },
      options: {
        indexAxis: 'y',
        scales: { x: percentAxis() },
        plugins: {
          tooltip: {
            callbacks: {
              label: (ctx) => {
                const v = arms[ctx.dataIndex];
                return ctx.datasetIndex === 0
                  ? `${v.booked} booked of ${v.sent} sent: ${formatPercent(v.rate)}`
                  : `90% interval ${formatPercent(v.low)} – ${formatPercent(v.high)}`;
              },
            },
          },
        },
      },
    },
  };
}

/** Delivery and opt-out rates per channel (opt-outs on their own axis: they are small). */
export function ratesChart(d) {
  const rows = d.rates.byChannel;
  if (rows.length === 0) return null;
  return {
    summary: `Delivery rate ${formatPercent(d.rates.delivery.value)}, opt-out rate ${formatPercent(d.rates.optOut.value)}`,
    config: {
      type: 'bar',
      data: {
        labels: rows.map((r) => labelOf('channel', r.channel)),
        datasets: [
          {
            label: 'Delivered',
            data: rows.map((r) => r.delivery.value),
            backgroundColor: colour(2),
            yAxisID: 'y',
          },
          {
            label: 'Opted out',
            data: rows.map((r) => r.optOut.value),
            backgroundColor: colour(5),
            yAxisID: 'y1',
          },
        ],
      },
      options: {
        scales: {
          y: percentAxis({ max: 1, title: { display: true, text: 'Delivered' } }),
          y1: percentAxis({
            position: 'right',
            grid: { drawOnChartArea: false },
            title: { display: true, text: 'Opted out' },
          }),
        },
      },
    },
  };
}

/** Show rate of the reactivated appointments that took place; confirmations of those asked. */
export function remindersChart(d) {
  const r = d.reminders;
  if (r.showed + r.missed === 0) return null;
  return {
    summary: `Show rate ${formatPercent(r.showRate.value)}, confirmation rate ${formatPercent(r.confirmationRate.value)}`,
    config: {
      type: 'bar',
      data: {
        labels: ['Kept (show rate)', 'Confirmed'],
        datasets: [
          {
            label: 'Share of appointments',
            data: [r.showRate.value, r.confirmationRate.value],
            backgroundColor: [colour(2), colour(0)],
          },
        ],
      },
      options: {
        indexAxis: 'y',
        plugins: { legend: { display: false } },
        scales: { x: percentAxis({ suggestedMax: 1 }) },
      },
    },
  };
}
