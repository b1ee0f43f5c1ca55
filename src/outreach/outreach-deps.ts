import type { ContactAccess } from '../crm/contact-access.ts';
import type { ActionCallbacks } from '../crm/action-callbacks.ts';
import type { Timeline } from '../crm/timeline.ts';
import type { PracticeFile } from '../domain/practice.ts';
import type { Clock } from '../lib/clock.ts';
import type { Logger } from '../lib/logger.ts';
import type { Random } from '../lib/random.ts';
import type { Messenger } from '../messaging/messenger.ts';
import type { Store } from '../store/store.ts';
import type { ActionExecution } from './doors.ts';
import type { JobQueue } from './queue.ts';

/** Everything the outreach use cases use, passed in (tests hand in the real clients on sandboxes). */
export interface OutreachDeps {
  practice: PracticeFile;
  store: Store;
  contacts: ContactAccess;
  timeline: Timeline;
  callbacks: ActionCallbacks;
  messenger: Messenger;
  /** Unsubscribes an email from every HubSpot subscription (email stays HubSpot's channel). */
  unsubscribeEmail(email: string): Promise<void>;
  actions: JobQueue<ActionJob>;
  /** Changes HubSpot must end up reflecting, retried until it does (src/outreach/propagation.ts). */
  crmWrites: JobQueue<CrmWrite>;
  /** Appointment reminders, one job per step of a cadence (src/outreach/reminders.ts). */
  reminderJobs: JobQueue<ReminderJob>;
  /** Twilio's price of each message, asked for after its final status (src/outreach/message-cost.ts). */
  priceLookups?: JobQueue<PriceLookup>;
  /** How long after the final status the first price ask waits (default a minute). */
  priceLookupDelayMs?: number;
  clock: Clock;
  random: Random;
  logger: Logger;
  /** Write-back to the PMS (Open Dental's API), when the practice configured it. */
  pmsWriteBack?: PmsWriteBack;
  /** Writes for the PMS, retried until it takes them (src/outreach/write-back.ts). */
  pmsWrites?: JobQueue<PmsWrite>;
  /** The HubSpot portal (account) id, for links to contact records in tasks. */
  portalId?: number;
  /** Where Twilio calls back (status callbacks, voice). */
  publicBaseUrl: string;
  /** Signs and checks booking links (src/domain/booking-token.ts). */
  linkSecret: string;
}

/**
 * A change HubSpot must end up reflecting (an opt-out, an opt-in, a removed number), queued so it
 * is retried until HubSpot takes it: the local list already blocks every send meanwhile.
 */
export interface CrmWrite {
  contactId: string;
  properties?: Record<string, string>;
  /** A workflow action to complete (an action cancelled by an opt-out or a pause). */
  complete?: { callbackId: string; outputFields: Record<string, string> };
  /** Unsubscribe the contact's email from every HubSpot subscription. */
  unsubscribeEmail?: boolean;
  reason: string;
}

/** One ask for a message's price; asked again later while Twilio has not priced it yet. */
export interface PriceLookup {
  sid: string;
  attempt: number;
}

/** What the service writes back into the PMS when the practice allows it (Open Dental's API). */
export interface PmsWriteBack {
  /** A note on the patient's record (an outreach, a reply). */
  logCommunication(entry: {
    patientKey: string;
    at: Date;
    mode: 'text' | 'phone' | 'email';
    direction: 'sent' | 'received';
    note: string;
  }): Promise<void>;
  /**
   * The appointment at `start` is confirmed by the patient (at `at`). `appointmentId` is the PMS id
   * the reminder plan carried when the patient answered: the write may land after the plan moved on.
   */
  confirmAppointment(entry: {
    patientKey: string;
    start: string;
    at?: Date;
    appointmentId?: string;
  }): Promise<void>;
}

/**
 * One write for the PMS, as queued: plain JSON (a queue job), the time as ISO 8601 so a write that
 * lands hours later still carries the moment it happened.
 */
export type PmsWrite =
  | {
      kind: 'communication';
      patientKey: string;
      at: string;
      mode: 'text' | 'phone' | 'email';
      direction: 'sent' | 'received';
      note: string;
    }
  | {
      kind: 'confirmation';
      patientKey: string;
      start: string;
      at: string;
      appointmentId?: string;
    };

/** One reminder of an appointment's cadence. */
export interface ReminderJob {
  patientKey: string;
  /** The cadence step (`confirmation`, `3d`, `1d`, `2h`, …). */
  step: string;
  /** The appointment it is for (a moved appointment makes older jobs stale). */
  start: string;
}

/** A queued workflow action: the execution, and whether its callback was already answered. */
export interface ActionJob {
  execution: ActionExecution;
  /** Set when the workflow was let go on (`deferred`) before the message went out. */
  completed?: boolean;
}
