import { SEGMENTS, type Segment } from '../domain/practice.ts';
import { SEGMENT_WORDS } from '../domain/segment-words.ts';
import { isContextProblem, loadPatientContext, type PatientContext } from './action-context.ts';
import type { CardAction, CardActionResult, CardTouch, CardView } from './card-view.ts';
import { CARD_LINK_TEMPLATE } from './send-message.ts';
import type { ActionExecution } from './doors.ts';
import { executeCardSend } from './card-send.ts';
import type { OutreachDeps } from './outreach-deps.ts';
import { cancelPendingActions } from './opt-out.ts';
import { confirmationToMark } from './pms-confirmation.ts';
import { queueCrmWrite } from './propagation.ts';

const STATUS_WORDS: Record<string, string> = {
  eligible: 'Not contacted yet.',
  booked: 'Booked an appointment.',
  confirmed: 'Confirmed the appointment.',
  recovered: 'Came back: a visit since reactivation.',
  not_eligible: 'Nothing to do now.',
};

/** The card of a contact: everything from the service's own records and one batched HubSpot read. */
export async function cardView(deps: OutreachDeps, contactId: string): Promise<CardView> {
  const ctx = await loadPatientContext(deps, contactId);
  if (isContextProblem(ctx)) return notAPatient(contactId);
  const hold = await deps.store.holds.get(ctx.patientKey);
  const optedOut =
    ctx.status === 'opted_out' ||
    (await deps.store.optOuts.isOptedOut({ patientKey: ctx.patientKey }));
  const paused =
    ctx.status === 'paused' ||
    ctx.status === 'do_not_contact' ||
    hold === 'paused' ||
    hold === 'do_not_contact';
  const segment = ctx.segment ?? null;
  const reply = await deps.store.replies.last(ctx.patientKey);
  const messages = await deps.store.messages.forPatient(ctx.patientKey, 20);
  const touches: CardTouch[] = messages.map((m, i) => {
    const newer = messages[i - 1];
    const answered =
      reply &&
      Date.parse(reply.at) > Date.parse(m.sentAt) &&
      (!newer || Date.parse(reply.at) < Date.parse(newer.sentAt));
    return {
      at: m.sentAt,
      channel: m.channel,
      template: m.templateId ?? 'message',
      outcome: 'sent',
      ...(m.status && m.status !== 'queued'
        ? { delivery: m.errorCode ? `${m.status} (${m.errorCode})` : m.status }
        : {}),
      ...(answered ? { reply: reply.intent ? reply.intent.replace('_', ' ') : 'replied' } : {}),
    };
  });
  const p = ctx.contact.properties as Record<string, string | undefined>;
  const toMark = confirmationToMark(deps, await deps.store.reminders.get(ctx.patientKey));
  return {
    contactId,
    isPatient: true,
    status: ctx.status ?? null,
    segment,
    reason: segment
      ? SEGMENT_WORDS[segment as Segment].reason
      : (STATUS_WORDS[ctx.status ?? ''] ?? 'In no reactivation segment.'),
    lastVisit: p.last_visit_date ?? null,
    recallDue: p.recall_due_date ?? null,
    nextAppointment: p.next_appointment_date ?? null,
    consent: {
      sms: optedOut ? 'no' : ctx.smsConsent,
      whatsapp: optedOut ? 'no' : ctx.whatsappConsent,
      email: optedOut || p.hs_email_optout === 'true' ? 'no' : p.email ? 'yes' : 'unknown',
    },
    optedOut,
    waitingForPerson: ctx.status === 'replied',
    paused,
    touches,
    ...(toMark ? { markConfirmedInPms: toMark } : {}),
    actions: {
      pause: !paused && !optedOut,
      resume: paused || ctx.status === 'replied',
      sendLink: !paused && !optedOut && !!ctx.mobile && !!ctx.bookingLink,
      doNotContact: ctx.status !== 'do_not_contact',
    },
  };
}

function notAPatient(contactId: string): CardView {
  return {
    contactId,
    isPatient: false,
    status: null,
    segment: null,
    reason: 'This contact is not a patient synced from the practice management system.',
    lastVisit: null,
    recallDue: null,
    nextAppointment: null,
    consent: { sms: 'unknown', whatsapp: 'unknown', email: 'unknown' },
    optedOut: false,
    waitingForPerson: false,
    paused: false,
    touches: [],
    actions: { pause: false, resume: false, sendLink: false, doNotContact: false },
  };
}

/**
 * A card button. Pause and do-not-contact stop outreach at once (a hold every send checks, the
 * patient's queued actions cancelled) and tell HubSpot; resume lifts them; "send the booking
 * link now" goes through the same compliance gate as every message.
 */
export async function cardAction(
  deps: OutreachDeps,
  contactId: string,
  action: CardAction,
): Promise<CardActionResult> {
  const ctx = await loadPatientContext(deps, contactId);
  if (isContextProblem(ctx))
    return {
      ok: false,
      outcome: 'not_a_patient',
      message: 'This contact is not a synced patient.',
    };
  const done = async (outcome: string, message: string, ok = true): Promise<CardActionResult> => {
    const fresh = await cardView(deps, contactId);
    return { ok, outcome, message, view: withStatus(fresh, outcome) };
  };
  switch (action) {
    case 'pause':
    case 'do-not-contact': {
      const status = action === 'pause' ? 'paused' : 'do_not_contact';
      await deps.store.holds.set(ctx.patientKey, status);
      await cancelPendingActions(
        deps,
        ctx.patientKey,
        'skipped_no_consent',
        `staff set ${status.replace(/_/g, ' ')}`,
      );
      await queueCrmWrite(deps, {
        contactId,
        properties: { reactivation_status: status },
        reason: `card: ${action}`,
      });
      return done(
        status,
        action === 'pause'
          ? 'Outreach paused. Nothing automated goes out until you resume it.'
          : 'Marked do not contact. No automated outreach will reach this patient.',
      );
    }
    case 'resume': {
      await deps.store.holds.lift(ctx.patientKey);
      const status = ctx.segment && SEGMENTS.includes(ctx.segment) ? 'eligible' : 'not_eligible';
      await queueCrmWrite(deps, {
        contactId,
        properties: { reactivation_status: status },
        reason: 'card: resume',
      });
      return done(status, 'Outreach resumed.');
    }
    case 'send-link':
      return sendLink(deps, ctx, contactId, done);
  }
}

async function sendLink(
  deps: OutreachDeps,
  ctx: PatientContext,
  contactId: string,
  done: (outcome: string, message: string, ok?: boolean) => Promise<CardActionResult>,
): Promise<CardActionResult> {
  const execution: ActionExecution = {
    action: 'send-sms',
    callbackId: `card-link-${contactId}-${deps.clock.now().getTime()}`,
    portalId: deps.portalId ?? 0,
    contactId,
    inputs: { template: CARD_LINK_TEMPLATE },
    receivedAt: deps.clock.now().toISOString(),
  };
  const result = await executeCardSend(deps, ctx, execution);
  if (result.kind === 'later') {
    await deps.actions.add(execution.callbackId, { execution, completed: true }, { at: result.at });
    return done(
      'deferred',
      `Scheduled: ${result.reason}; it will go at ${result.at.toISOString()}.`,
    );
  }
  const ok = result.outcome === 'sent';
  return done(
    result.outcome,
    ok
      ? 'Booking link sent by text.'
      : `Not sent: ${result.reason ?? result.outcome.replace(/_/g, ' ')}.`,
    ok,
  );
}

/** The view with the status just written (HubSpot gets it through the queue a moment later). */
function withStatus(view: CardView, outcome: string): CardView {
  if (!['paused', 'do_not_contact', 'eligible', 'not_eligible'].includes(outcome)) return view;
  const paused = outcome === 'paused' || outcome === 'do_not_contact';
  return {
    ...view,
    status: outcome,
    paused,
    waitingForPerson: false,
    actions: {
      ...view.actions,
      pause: !paused && !view.optedOut,
      resume: paused,
      sendLink: view.actions.sendLink && !paused,
      doNotContact: outcome !== 'do_not_contact',
    },
  };
}
