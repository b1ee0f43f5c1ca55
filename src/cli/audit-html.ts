import type { AuditReport, SegmentEstimates } from '../domain/audit.ts';
import type { Segment } from '../domain/practice.ts';
import { barChart, escapeHtml } from './svg-bars.ts';

/** Words a practice owner uses for each segment. */
const SEGMENT_WORDS: Record<Segment, { label: string; sentence: string; color: string }> = {
  no_show: {
    label: 'Missed, not rebooked',
    sentence: 'missed an appointment in the last year and never rebooked',
    color: '#d9534f',
  },
  unscheduled_treatment: {
    label: 'Treatment not scheduled',
    sentence: 'agreed to treatment in the last two years that was never scheduled',
    color: '#f0ad4e',
  },
  overdue_recall: {
    label: 'Overdue for a check-up',
    sentence: 'are past their recall date with nothing booked',
    color: '#2a7ab0',
  },
  dormant: {
    label: 'Not seen in 18+ months',
    sentence: 'have not been in for a year and a half or more',
    color: '#6f42c1',
  },
};

const n = (value: number): string => Math.round(value).toLocaleString('en-US');

/**
 * The audit as one self-contained HTML file: inline CSS and SVG, no script, no network. Written
 * for a practice owner: what the numbers mean comes before the numbers.
 */
export function renderAuditHtml(
  report: AuditReport,
  bySegment: SegmentEstimates,
  practiceName: string,
): string {
  const currency = String(report.estimate.assumptions.currency ?? 'USD');
  const money = (value: number): string =>
    value.toLocaleString('en-US', { style: 'currency', currency, maximumFractionDigits: 0 });
  const segments = Object.keys(SEGMENT_WORDS) as Segment[];
  const lapsed = segments.reduce((sum, s) => sum + report.segments[s], 0);
  const excludedTotal = Object.values(report.excluded).reduce((a, b) => a + b, 0);
  const biggest = [...segments].sort((a, b) => report.segments[b] - report.segments[a])[0]!;

  const summary = [
    `<p class="lead">Of the <b>${n(report.patients)}</b> patients in your records, <b>${n(lapsed)}</b> have drifted away for a reason you can act on, and <b>${n(report.reachable.any)}</b> of them can be reached by text, email or phone today.</p>`,
    `<p>The largest group: <b>${n(report.segments[biggest])}</b> patients ${SEGMENT_WORDS[biggest].sentence}.`,
    ` If a typical share of the reachable ones book, that is about <b>${n(report.estimate.appointments)} appointments</b> worth about <b>${money(report.estimate.revenue)}</b>.</p>`,
    `<p class="muted">${n(report.active)} patients are current and need nothing. ${n(excludedTotal)} are left out: ${n(report.excluded.scheduled)} already have an appointment, ${n(report.excluded.inactive)} are inactive or not patients, ${n(report.excluded.deceased)} are deceased, ${n(report.excluded.never_visited)} never had a visit and ${n(report.excluded.lost)} were last seen more than three years ago.</p>`,
  ].join('');

  const segmentChart = barChart(
    'Lapsed patients, by why they went quiet',
    segments.map((s) => ({
      label: SEGMENT_WORDS[s].label,
      value: report.segments[s],
      color: SEGMENT_WORDS[s].color,
    })),
  );
  const reachChart = barChart('How the lapsed patients can be reached', [
    { label: 'Text message', value: report.reachable.sms, color: '#2a9d8f' },
    { label: 'Email', value: report.reachable.email, color: '#457b9d' },
    { label: 'Phone call', value: report.reachable.call, color: '#e9c46a' },
    { label: 'At least one', value: report.reachable.any, color: '#264653' },
  ]);
  const valueChart = barChart(
    'Estimated value, by segment',
    segments.map((s) => ({
      label: SEGMENT_WORDS[s].label,
      value: bySegment[s].revenue,
      caption: money(bySegment[s].revenue),
      color: SEGMENT_WORDS[s].color,
    })),
  );
  const assumptionRows = segments
    .map((s) => {
      const a = report.estimate.assumptions[s] as { bookingRate: number; visitValue: number };
      return `<tr><td>${SEGMENT_WORDS[s].label}</td><td>${n(report.segments[s])}</td><td>${n(bySegment[s].reachable)}</td><td>${Math.round(a.bookingRate * 100)}%</td><td>${money(a.visitValue)}</td><td>${n(bySegment[s].appointments)}</td><td>${money(bySegment[s].revenue)}</td></tr>`;
    })
    .join('');

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Reactivation audit — ${escapeHtml(practiceName)}</title>
<style>
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2733;margin:0;background:#f5f7fa}
main{max-width:960px;margin:0 auto;padding:24px}
h1{font-size:1.6rem;margin:0 0 4px}.sub{color:#5b6b7b;margin:0 0 24px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(180px,1fr));gap:12px;margin:16px 0}
.card{background:#fff;border-radius:10px;padding:14px 16px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
.card b{display:block;font-size:1.7rem}.card span{color:#5b6b7b;font-size:.9rem}
section{background:#fff;border-radius:10px;padding:16px 20px;margin:16px 0;box-shadow:0 1px 3px rgba(0,0,0,.08)}
.lead{font-size:1.15rem}.muted{color:#5b6b7b}
figure{margin:8px 0 16px}figcaption{font-weight:600;margin-bottom:6px}svg{width:100%;height:auto;max-width:720px}
svg .label{font-size:13px;fill:#1d2733}svg .value{font-size:13px;fill:#1d2733;font-weight:600}
table{border-collapse:collapse;width:100%;font-size:.92rem}th,td{text-align:right;padding:6px 8px;border-bottom:1px solid #e3e8ee}th:first-child,td:first-child{text-align:left}
.table-wrap{overflow-x:auto}
</style></head>
<body><main>
<h1>Reactivation audit</h1>
<p class="sub">${escapeHtml(practiceName)} · as of ${escapeHtml(report.asOf)}${report.skipped ? ` · ${n(report.skipped)} records could not be read and were skipped` : ''}</p>
<div class="cards">
<div class="card"><b>${n(lapsed)}</b><span>lapsed patients worth reaching</span></div>
<div class="card"><b>${n(report.reachable.any)}</b><span>reachable today</span></div>
<div class="card"><b>${n(report.estimate.appointments)}</b><span>appointments we expect to win back</span></div>
<div class="card"><b>${money(report.estimate.revenue)}</b><span>estimated value</span></div>
</div>
<section>${summary}</section>
<section>${segmentChart}${reachChart}</section>
<section>${valueChart}
<div class="table-wrap"><table><thead><tr><th>Segment</th><th>Patients</th><th>Reachable</th><th>Booking rate</th><th>Visit value</th><th>Appointments</th><th>Value</th></tr></thead><tbody>${assumptionRows}</tbody></table></div>
<p class="muted">How the estimate is made: reachable patients in each segment × the share expected to book × what a visit is worth. For treatment that was planned but not scheduled, each patient's own planned fees are used where your system records them. These are assumptions, not promises; set your own in the practice file.</p>
</section>
</main></body></html>
`;
}
