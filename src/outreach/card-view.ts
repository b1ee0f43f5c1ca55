import { z } from 'zod';

/**
 * What the contact-record card shows and does: the contract between the card
 * (extensions/app/cards/, calling the service with `hubspot.fetch`) and the service's card door
 * (`/hubspot/card/...`). The card never gets more than this: no clinical detail, no phone numbers.
 */
export const CardTouch = z.object({
  /** ISO instant. */
  at: z.string(),
  channel: z.enum(['sms', 'whatsapp', 'call', 'email']),
  /** Template id (`overdue_recall.sms.a`, `reminder.1d`) or `call task`. */
  template: z.string(),
  /** What the action ended with (`sent`, `skipped_cap`…) when known. */
  outcome: z.string().optional(),
  /** Twilio's delivery status (`delivered`, `failed`…). */
  delivery: z.string().optional(),
  /** The patient's answer after it, in a few words (`opted out`, `wants to book`…), when any. */
  reply: z.string().optional(),
});
export type CardTouch = z.infer<typeof CardTouch>;

export const CardView = z.object({
  contactId: z.string(),
  /** False when the contact is not a synced patient (the card says so and offers nothing). */
  isPatient: z.boolean(),
  status: z.string().nullable(),
  segment: z.string().nullable(),
  /** The segment in plain words ("Missed an appointment in the last year and has not rebooked"). */
  reason: z.string(),
  lastVisit: z.string().nullable(),
  recallDue: z.string().nullable(),
  /** ISO instant of the next appointment, when booked. */
  nextAppointment: z.string().nullable(),
  consent: z.object({
    sms: z.enum(['yes', 'no', 'unknown']),
    whatsapp: z.enum(['yes', 'no', 'unknown']),
    /** `no` once unsubscribed from all email in HubSpot or opted out anywhere. */
    email: z.enum(['yes', 'no', 'unknown']),
  }),
  optedOut: z.boolean(),
  /** A reply is waiting for a person (status `replied`): the card shows a banner. */
  waitingForPerson: z.boolean(),
  /** Outreach is paused or marked do-not-contact by staff. */
  paused: z.boolean(),
  touches: z.array(CardTouch),
  /**
   * The patient confirmed the next appointment and no write-back reaches the PMS: the front desk
   * marks it confirmed there ("Confirmed by the patient on … — mark it in the PMS"). ISO instants.
   * Absent otherwise (write-back on, not confirmed, or the appointment is past).
   */
  markConfirmedInPms: z.object({ confirmedAt: z.string(), appointmentAt: z.string() }).optional(),
  /** What the buttons may do now. */
  actions: z.object({
    pause: z.boolean(),
    resume: z.boolean(),
    sendLink: z.boolean(),
    doNotContact: z.boolean(),
  }),
});
export type CardView = z.infer<typeof CardView>;

export const CARD_ACTIONS = ['pause', 'resume', 'send-link', 'do-not-contact'] as const;
export type CardAction = (typeof CARD_ACTIONS)[number];

/** The answer to a card action: what happened, in words a front desk reads. */
export const CardActionResult = z.object({
  ok: z.boolean(),
  /** `sent`, `deferred`, `skipped_cap`… for send-link; the new status for the others. */
  outcome: z.string(),
  message: z.string(),
  view: CardView.optional(),
});
export type CardActionResult = z.infer<typeof CardActionResult>;
