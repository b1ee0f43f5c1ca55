import { describe, expect, it } from 'vitest';
import type { CardView } from '../../outreach/card-view.ts';
import { cardPage } from './preview-page.ts';

const view: CardView = {
  contactId: '901',
  isPatient: true,
  status: 'confirmed',
  segment: 'overdue_recall',
  reason: 'Overdue for their next visit',
  lastVisit: '2025-01-10',
  recallDue: '2025-07-10',
  nextAppointment: '2026-03-10T14:30:00.000Z',
  consent: { sms: 'yes', whatsapp: 'unknown', email: 'yes' },
  optedOut: false,
  waitingForPerson: false,
  paused: false,
  touches: [],
  actions: { pause: true, resume: false, sendLink: true, doNotContact: true },
};

describe('the card preview page', () => {
  it('shows, as the card does, a confirmation the front desk has to mark in the PMS', () => {
    const html = cardPage('Ana L.', {
      ...view,
      markConfirmedInPms: {
        confirmedAt: '2026-03-07T15:31:00.000Z',
        appointmentAt: '2026-03-10T14:30:00.000Z',
      },
    });
    expect(html).toContain(
      'Confirmed by the patient on 2026-03-07 15:31 — mark the appointment of 2026-03-10 14:30 confirmed in the PMS.',
    );
    expect(cardPage('Ana L.', view)).not.toContain('mark the appointment');
  });
});
