import type { AuditReport } from '../domain/audit.ts';

const n = (value: number): string => value.toLocaleString('en-US');

/** The audit as a readable summary for a terminal. */
export function renderAuditTable(report: AuditReport, practiceName: string): string {
  const money = (value: number): string =>
    value.toLocaleString('en-US', {
      style: 'currency',
      currency: String(report.estimate.assumptions.currency ?? 'USD'),
      maximumFractionDigits: 0,
    });
  const lapsed =
    report.segments.no_show +
    report.segments.unscheduled_treatment +
    report.segments.overdue_recall +
    report.segments.dormant;
  const rows: [string, number][] = [
    ['Missed an appointment, not rebooked (no_show)', report.segments.no_show],
    [
      'Treatment planned, not scheduled (unscheduled_treatment)',
      report.segments.unscheduled_treatment,
    ],
    ['Recall overdue (overdue_recall)', report.segments.overdue_recall],
    ['No visit in 18+ months (dormant)', report.segments.dormant],
  ];
  const excluded: [string, number][] = [
    ['already scheduled', report.excluded.scheduled],
    ['inactive, archived or not a patient', report.excluded.inactive],
    ['deceased', report.excluded.deceased],
    ['never visited', report.excluded.never_visited],
    ['last seen 3+ years ago (lost)', report.excluded.lost],
  ];
  const width = 58;
  const line = (label: string, value: string): string =>
    `  ${label.padEnd(width, ' ')}${value.padStart(10, ' ')}`;
  return [
    `Reactivation audit — ${practiceName}, as of ${report.asOf}`,
    '',
    line('Patients read', n(report.patients)) +
      (report.skipped ? `   (${n(report.skipped)} records skipped)` : ''),
    line('Lapsed patients worth reaching', n(lapsed)),
    ...rows.map(([label, value]) => line(`  ${label}`, n(value))),
    line('Current patients, not lapsed (active)', n(report.active)),
    line('Left out', n(Object.values(report.excluded).reduce((a, b) => a + b, 0))),
    ...excluded.map(([label, value]) => line(`  ${label}`, n(value))),
    '',
    'Of the lapsed patients, reachable by',
    line('  text message (valid mobile, texting not refused)', n(report.reachable.sms)),
    line('  email', n(report.reachable.email)),
    line('  phone call', n(report.reachable.call)),
    line('  at least one of these', n(report.reachable.any)),
    '',
    line('Estimated appointments won back', n(report.estimate.appointments)),
    line('Estimated value', money(report.estimate.revenue)),
    '  (booking rates and visit values: see the assumptions in --format json or the README)',
    '',
  ].join('\n');
}
