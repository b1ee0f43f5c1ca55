/**
 * Formatting and labels shared by the dashboard's script. Missing numbers (null: not recorded,
 * or a rate over zero) show as an em dash, never as 0.
 */

export const DASH = '—';

const SEGMENTS = {
  no_show: 'No-show',
  unscheduled_treatment: 'Unscheduled treatment',
  overdue_recall: 'Overdue recall',
  dormant: 'Dormant',
};

const CHANNELS = {
  sms: 'SMS',
  whatsapp: 'WhatsApp',
  email: 'Email',
  call: 'Call',
  none: 'No message',
};

const STAGES = {
  eligible: 'Eligible',
  sent: 'Sent',
  delivered: 'Delivered',
  replied: 'Replied',
  clicked: 'Clicked',
  booked: 'Booked',
  recovered: 'Recovered',
};

/** A readable name for a segment, channel or funnel stage; other values as they are. */
export function labelOf(kind, key) {
  const table = { segment: SEGMENTS, channel: CHANNELS, stage: STAGES }[kind] ?? {};
  if (key === '') return '(none)';
  return table[key] ?? key;
}

export function formatCount(n) {
  return n === null || n === undefined ? DASH : new Intl.NumberFormat('en-US').format(n);
}

/** Whole units for revenue; cents below 100, where message costs live. */
export function formatMoney(n, currency) {
  if (n === null || n === undefined) return DASH;
  const digits = Math.abs(n) < 100 && n !== 0 ? 2 : 0;
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(n);
}

export function formatPercent(v, digits = 1) {
  if (v === null || v === undefined) return DASH;
  return new Intl.NumberFormat('en-US', {
    style: 'percent',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(v);
}

export function formatRatio(v) {
  if (v === null || v === undefined) return DASH;
  return `${new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 }).format(v)}×`;
}

/** A colour-blind-safe palette (Okabe & Ito), in the order datasets take it. */
export const PALETTE = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#56B4E9',
  '#D55E00',
  '#F0E442',
  '#000000',
];

export function colour(i) {
  return PALETTE[i % PALETTE.length];
}

export function sum(values) {
  return values.reduce((total, v) => total + (v ?? 0), 0);
}
