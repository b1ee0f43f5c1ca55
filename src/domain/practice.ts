import { z } from 'zod';
import { IANAZone } from 'luxon';
import { ReactivationCaps } from './frequency-caps.ts';
import { TemplateEntry, WhatsappContentSids } from './templates/template-schema.ts';

/**
 * The practice file: what a practice tells the service about itself (locations, time zones,
 * phones, booking pages, the segment windows, the audit's assumptions). Validated once at start.
 */

const TimeZone = z.string().refine((zone) => IANAZone.isValidZone(zone), {
  message: 'expected an IANA time zone such as America/New_York',
});

const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (24-hour clock)');

export const SEGMENTS = ['no_show', 'unscheduled_treatment', 'overdue_recall', 'dormant'] as const;
export const Segment = z.enum(SEGMENTS);
export type Segment = z.infer<typeof Segment>;

/** The segment windows of domain.md, in months. Defaults are domain.md's. */
export const SegmentWindows = z.object({
  noShowMonths: z.number().int().positive().default(12),
  unscheduledTreatmentMonths: z.number().int().positive().default(24),
  dormantMonths: z.number().int().positive().default(18),
  lostMonths: z.number().int().positive().default(36),
  recallIntervalMonths: z.number().int().positive().default(6),
});
export type SegmentWindows = z.infer<typeof SegmentWindows>;

export const Location = z.object({
  /** The PMS clinic this location is (`0` or absent for a single-office practice). */
  clinicId: z.string().default('0'),
  name: z.string().min(1),
  timeZone: TimeZone,
  /** The phone patients call, in any format libphonenumber understands. */
  phone: z.string().min(1),
  /**
   * Where a booking link lands: an online-scheduling page, a HubSpot meetings link, or a call page
   * (or a `tel:` link). Patients are redirected to it, so only web pages and phone links: a bare
   * `z.url()` would take `javascript:`, `data:` or `file:` as well.
   */
  bookingUrl: z.url({
    protocol: /^(https?|tel)$/,
    error: 'expected an http(s) booking page or a tel: link',
  }),
  /** Messages may go out only inside this window, patient's local time (default 8:00–20:00). */
  quietHours: z
    .object({ start: ClockTime.default('08:00'), end: ClockTime.default('20:00') })
    .default({ start: '08:00', end: '20:00' }),
  /** HubSpot owner who receives front-desk tasks when the contact has no owner. */
  hubspotOwnerId: z.string().optional(),
  /** This office's reminder cadence, when it differs from the practice's. */
  reminderSteps: z
    .array(z.string().regex(/^(confirmation|\d+[dh])$/, 'expected confirmation, <n>d or <n>h'))
    .optional(),
});
export type Location = z.infer<typeof Location>;

/** One segment's assumptions for the value estimate. */
export const SegmentAssumption = z.object({
  /** Share of reachable patients in the segment expected to book. */
  bookingRate: z.number().min(0).max(1),
  /** What one booked visit is worth to the practice, in `currency`. */
  visitValue: z.number().nonnegative(),
});
export type SegmentAssumption = z.infer<typeof SegmentAssumption>;

/**
 * Defaults for the estimate; README.md ("Where the audit's defaults come from") gives the public figures behind each one.
 * A practice that knows its own numbers overrides them in the practice file.
 */
export const DEFAULT_ASSUMPTIONS: Record<Segment, SegmentAssumption> = {
  no_show: { bookingRate: 0.15, visitValue: 250 },
  unscheduled_treatment: { bookingRate: 0.1, visitValue: 900 },
  overdue_recall: { bookingRate: 0.15, visitValue: 250 },
  dormant: { bookingRate: 0.08, visitValue: 250 },
};

export const EstimateAssumptions = z.object({
  /**
   * For unscheduled treatment, use each patient's own planned fees (inside the window) when the PMS
   * records them, and `visitValue` only when it does not.
   */
  usePlannedFees: z.boolean().default(true),
  no_show: SegmentAssumption.default(DEFAULT_ASSUMPTIONS.no_show),
  unscheduled_treatment: SegmentAssumption.default(DEFAULT_ASSUMPTIONS.unscheduled_treatment),
  overdue_recall: SegmentAssumption.default(DEFAULT_ASSUMPTIONS.overdue_recall),
  dormant: SegmentAssumption.default(DEFAULT_ASSUMPTIONS.dormant),
});
export type EstimateAssumptions = z.infer<typeof EstimateAssumptions>;

export const PracticeFile = z.object({
  name: z.string().min(1),
  /** ISO 3166 region used to read phone numbers written without a country code. */
  defaultRegion: z.string().length(2).default('US'),
  /** ISO 4217 currency of fees and visit values. */
  currency: z.string().length(3).default('USD'),
  /** The practice's own time zone: `asOf` defaults to today there. */
  timeZone: TimeZone,
  locations: z.array(Location).min(1),
  windows: SegmentWindows.default(SegmentWindows.parse({})),
  reachability: z
    .object({
      /** Treat a PMS "texting unknown" flag as "no" (the stricter reading). Off by default. */
      treatUnknownSmsConsentAsNo: z.boolean().default(false),
    })
    .default({ treatUnknownSmsConsentAsNo: false }),
  estimate: EstimateAssumptions.default(EstimateAssumptions.parse({})),
  /** Learning which message wins (the "automatic" template choice). */
  learning: z
    .object({
      /** Off: "automatic" always sends variant a. */
      enabled: z.boolean().default(true),
      /** Share of automatic choices made at random, so no variant is written off too early. */
      explorationFloor: z.number().min(0).max(1).default(0.1),
    })
    .default({ enabled: true, explorationFloor: 0.1 }),
  /** A booking is credited to the last message, call or click within this many days before it. */
  attributionDays: z.number().int().positive().default(30),
  reminders: z
    .object({
      /** When reminders go: `confirmation` (as soon as the booking is seen), `<n>d` / `<n>h` before. */
      steps: z
        .array(z.string().regex(/^(confirmation|\d+[dh])$/, 'expected confirmation, <n>d or <n>h'))
        .default(['confirmation', '3d', '1d', '2h']),
      /** Remind every appointment of a synced patient, not only the ones reactivation booked. */
      allAppointments: z.boolean().default(false),
      /** After a missed appointment, days before the no-show sequence may start again. */
      noShowPauseDays: z.number().int().min(0).default(2),
      /**
       * Reminders' own caps (a booked patient expects them): at most 2 a day, 6 in 7 days, across
       * channels (a reminder call counts as a text does). The reactivation caps (1 a day, 3 a week)
       * do not count reminders, and reminders not them. Reminders go on the patient's best channel
       * (text, WhatsApp, or an automated call; never email, which is HubSpot's).
       */
      perDay: z.number().int().positive().default(2),
      perWeek: z.number().int().positive().default(6),
    })
    .default({
      steps: ['confirmation', '3d', '1d', '2h'],
      allAppointments: false,
      noShowPauseDays: 2,
      perDay: 2,
      perWeek: 6,
    }),
  /**
   * The practice's own wording (templates/README.md): an entry replaces the default template with
   * the same id and language, or adds a variant. Lint applies as to the defaults.
   */
  templates: z.array(TemplateEntry).optional(),
  /**
   * Content SIDs of the practice's approved WhatsApp templates, by template id
   * (`overdue_recall.whatsapp.a`), plus the appointment reminders' own: `reminder` for every step,
   * `reminder.<step>` (e.g. `reminder.confirmation`) for one step. Reminder templates take
   * `{{1}}` practice, `{{2}}` day and time, `{{3}}` office (src/domain/reminder-whatsapp.ts has the
   * texts to submit). Without a reminder Content SID for the patient's language, a patient whose
   * best channel is WhatsApp gets the reminder by text, when texting is allowed.
   */
  whatsappContentSids: WhatsappContentSids.optional(),
  /** Reactivation frequency caps per patient across channels (default: 1 a day, 3 in 7 days). */
  caps: ReactivationCaps.optional(),
});
export type PracticeFile = z.infer<typeof PracticeFile>;

/** The location of a clinic, or the first location when the clinic is unknown. */
export function locationFor(practice: PracticeFile, clinicId: string | undefined): Location {
  const id = clinicId ?? '0';
  const found = practice.locations.find((l) => l.clinicId === id);
  // locations has at least one entry (schema), so the fallback is defined.
  return found ?? (practice.locations[0] as Location);
}
