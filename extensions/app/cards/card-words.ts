import type { CardTouch } from './card-shape.ts';

/**
 * The words and colours the card shows for the service's codes. The labels follow the
 * `reactivation_status` and `reactivation_segment` options of src/crm/property-schema.ts, so the
 * card and the contact's properties read the same.
 */

export type StatusVariant = 'default' | 'info' | 'warning' | 'success' | 'danger';

interface StatusWords {
  label: string;
  variant: StatusVariant;
}

const STATUS: Readonly<Record<string, StatusWords>> = {
  eligible: { label: 'Eligible', variant: 'default' },
  in_sequence: { label: 'In sequence', variant: 'info' },
  contacted: { label: 'Contacted', variant: 'info' },
  replied: { label: 'Replied', variant: 'warning' },
  booked: { label: 'Booked', variant: 'success' },
  confirmed: { label: 'Confirmed', variant: 'success' },
  recovered: { label: 'Recovered', variant: 'success' },
  opted_out: { label: 'Opted out', variant: 'danger' },
  do_not_contact: { label: 'Do not contact', variant: 'danger' },
  paused: { label: 'Paused', variant: 'warning' },
  not_eligible: { label: 'Not eligible', variant: 'default' },
};

/** The status tag's text and colour; an unknown code is shown as words, in the neutral colour. */
export function statusWords(status: string | null): StatusWords {
  if (status === null) return { label: 'No status yet', variant: 'default' };
  return STATUS[status] ?? { label: humanize(status), variant: 'default' };
}

const SEGMENT: Readonly<Record<string, string>> = {
  no_show: 'Missed appointment, not rebooked',
  unscheduled_treatment: 'Treatment planned, not scheduled',
  overdue_recall: 'Overdue for a check-up',
  dormant: 'Not seen in 18+ months',
  none: 'None',
};

export function segmentLabel(segment: string | null): string {
  if (segment === null) return 'None';
  return SEGMENT[segment] ?? humanize(segment);
}

const CHANNEL: Readonly<Record<CardTouch['channel'], string>> = {
  sms: 'SMS',
  whatsapp: 'WhatsApp',
  call: 'Call',
  email: 'Email',
};

export function channelLabel(channel: CardTouch['channel']): string {
  return CHANNEL[channel];
}

const OUTCOME: Readonly<Record<string, string>> = {
  sent: 'Sent',
  deferred: 'Deferred',
  skipped_opted_out: 'Skipped: opted out',
  skipped_no_consent: 'Skipped: no consent',
  skipped_unreachable: 'Skipped: unreachable',
  skipped_cap: 'Skipped: message limit reached',
  failed: 'Failed',
};

export function outcomeLabel(outcome: string): string {
  return OUTCOME[outcome] ?? humanize(outcome);
}

/** `skipped_cap` → `Skipped cap`: codes the card has no words for still read as words. */
export function humanize(code: string): string {
  const words = code.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
