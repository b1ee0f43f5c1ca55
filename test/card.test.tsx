import {
  Alert,
  Button,
  EmptyState,
  ErrorState,
  LoadingSpinner,
  StatusTag,
  Table,
  TableBody,
  TableCell,
  TableRow,
  Tag,
  Text,
} from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { describe, expect, it, vi } from 'vitest';
import { ReactivationCardView } from '../extensions/app/cards/reactivation-card-view.tsx';
import { DEFAULT_SERVICE_URL } from '../extensions/app/cards/service-url.ts';
import {
  CardActionResult,
  CardView,
  type CardTouch,
  type CardView as CardViewT,
} from '../src/outreach/card-view.ts';

/**
 * The contact-record card, rendered by HubSpot's own test renderer. The only stand-in is the
 * network boundary, `hubspot.fetch` (handed to the card as its `fetch`): a scripted service that
 * records each request and answers with views that pass the contract's own zod schema.
 */

// The renderer's mock context: contact 123 in portal 123, America/New_York, no user locale.
const CONTACT_URL = `${DEFAULT_SERVICE_URL}/hubspot/card/contacts/123`;
const VIEW_URL = `${CONTACT_URL}?portalId=123`;
const actionUrl = (action: string) => `${CONTACT_URL}/actions/${action}?portalId=123`;

/** Nine digits or more, at most two separators between two of them: a phone number. */
const PHONE_LIKE = /\+?\(?\d(?:[\s().-]{0,2}\d){8,}/;

interface SeenRequest {
  url: string;
  method: string | undefined;
  body: unknown;
  timeout: number | undefined;
}

/** The service as the card sees it through `hubspot.fetch`: scripted answers, recorded requests. */
class ScriptedService {
  readonly requests: SeenRequest[] = [];
  private readonly answers: (() => Promise<Response>)[] = [];

  readonly fetch = (
    url: string,
    options: { method?: string; body?: unknown; timeout?: number },
  ) => {
    this.requests.push({
      url,
      method: options.method,
      body: options.body,
      timeout: options.timeout,
    });
    const answer = this.answers.shift();
    if (!answer) return Promise.reject(new Error(`unexpected request ${options.method} ${url}`));
    return answer();
  };

  answerJson(body: unknown, status = 200): this {
    this.answers.push(async () => jsonResponse(body, status));
    return this;
  }

  answerView(view: CardViewT): this {
    return this.answerJson(CardView.parse(view));
  }

  answerResult(result: CardActionResult): this {
    return this.answerJson(CardActionResult.parse(result));
  }

  answerNetworkFailure(): this {
    this.answers.push(() => Promise.reject(new TypeError('fetch failed')));
    return this;
  }

  /** An answer the test releases by hand, to see the card while it waits. */
  answerLater(): { release: (body: unknown) => void } {
    let release!: (body: unknown) => void;
    const held = new Promise<Response>((resolve) => {
      release = (body) => resolve(jsonResponse(body, 200));
    });
    this.answers.push(() => held);
    return { release };
  }
}

function jsonResponse(body: unknown, status: number): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

const touch = (t: CardTouch): CardTouch => t;

/** A patient overdue for a check-up, eligible, nothing sent yet. */
function patient(overrides: Partial<CardViewT> = {}): CardViewT {
  return CardView.parse({
    contactId: '123',
    isPatient: true,
    status: 'eligible',
    segment: 'overdue_recall',
    reason: 'Overdue for a check-up: the recall was due more than a month ago',
    lastVisit: '2024-02-29',
    recallDue: '2024-08-29',
    nextAppointment: null,
    consent: { sms: 'yes', whatsapp: 'unknown', email: 'no' },
    optedOut: false,
    waitingForPerson: false,
    paused: false,
    touches: [],
    actions: { pause: true, resume: false, sendLink: true, doNotContact: true },
    ...overrides,
  });
}

const FIRST_SMS = touch({
  at: '2025-03-04T14:05:00.000Z',
  channel: 'sms',
  template: 'overdue_recall.sms.a',
  outcome: 'sent',
  delivery: 'delivered',
});

const NOT_A_PATIENT = CardView.parse({
  contactId: '123',
  isPatient: false,
  status: null,
  segment: null,
  reason: '',
  lastVisit: null,
  recallDue: null,
  nextAppointment: null,
  consent: { sms: 'unknown', whatsapp: 'unknown', email: 'unknown' },
  optedOut: false,
  waitingForPerson: false,
  paused: false,
  touches: [],
  actions: { pause: false, resume: false, sendLink: false, doNotContact: false },
});

const NO_ACTIONS = { pause: false, resume: false, sendLink: false, doNotContact: false };

/** One view per kind of status, as the service would send it, with the tag colour it must get. */
const STATUS_CASES: { status: string; view: CardViewT; label: string; variant: string }[] = [
  { status: 'eligible', view: patient(), label: 'Eligible', variant: 'default' },
  {
    status: 'in_sequence',
    view: patient({ status: 'in_sequence', touches: [FIRST_SMS] }),
    label: 'In sequence',
    variant: 'info',
  },
  {
    status: 'contacted',
    view: patient({ status: 'contacted', touches: [FIRST_SMS] }),
    label: 'Contacted',
    variant: 'info',
  },
  {
    status: 'replied',
    view: patient({
      status: 'replied',
      waitingForPerson: true,
      touches: [{ ...FIRST_SMS, reply: 'wants to book' }],
      actions: { pause: true, resume: false, sendLink: true, doNotContact: true },
    }),
    label: 'Replied',
    variant: 'warning',
  },
  {
    status: 'booked',
    view: patient({
      status: 'booked',
      nextAppointment: '2025-06-03T13:30:00.000Z',
      touches: [FIRST_SMS],
      actions: { pause: false, resume: false, sendLink: false, doNotContact: true },
    }),
    label: 'Booked',
    variant: 'success',
  },
  {
    status: 'confirmed',
    view: patient({
      status: 'confirmed',
      nextAppointment: '2025-06-03T13:30:00.000Z',
      actions: { pause: false, resume: false, sendLink: false, doNotContact: true },
    }),
    label: 'Confirmed',
    variant: 'success',
  },
  {
    status: 'recovered',
    view: patient({
      status: 'recovered',
      segment: null,
      lastVisit: '2025-06-03',
      actions: NO_ACTIONS,
    }),
    label: 'Recovered',
    variant: 'success',
  },
  {
    status: 'opted_out',
    view: patient({
      status: 'opted_out',
      optedOut: true,
      consent: { sms: 'no', whatsapp: 'no', email: 'no' },
      touches: [{ ...FIRST_SMS, reply: 'opted out' }],
      actions: NO_ACTIONS,
    }),
    label: 'Opted out',
    variant: 'danger',
  },
  {
    status: 'do_not_contact',
    view: patient({ status: 'do_not_contact', paused: true, actions: NO_ACTIONS }),
    label: 'Do not contact',
    variant: 'danger',
  },
  {
    status: 'paused',
    view: patient({
      status: 'paused',
      paused: true,
      actions: { pause: false, resume: true, sendLink: true, doNotContact: true },
    }),
    label: 'Paused',
    variant: 'warning',
  },
];

/** Renders the card against a scripted service, as HubSpot would on contact 123. */
function renderCard(service: ScriptedService, variables?: Record<string, string>) {
  const renderer = createRenderer('crm.record.tab');
  const context = variables ? { ...renderer.mocks.context, variables } : renderer.mocks.context;
  renderer.render(<ReactivationCardView context={context} fetch={service.fetch} />);
  return renderer;
}

type Renderer = ReturnType<typeof renderCard>;

async function renderReady(service: ScriptedService): Promise<Renderer> {
  const card = renderCard(service);
  await card.waitFor(() => expect(card.maybeFind(LoadingSpinner)).toBeNull());
  return card;
}

/** Collapses the narrow no-break spaces ICU puts in times (`9:30 AM`). */
const plain = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();

function button(card: Renderer, testId: string) {
  return card.findByTestId(Button, testId);
}

function expectNoPhoneNumbers(card: Renderer) {
  expect(card.getRootNode().toString()).not.toMatch(PHONE_LIKE);
}

describe('the reactivation card: loading and the states around a patient', () => {
  it('shows a spinner while the view loads, asking the service for this contact in this portal', async () => {
    const service = new ScriptedService();
    const answer = service.answerLater();
    const card = renderCard(service);

    expect(card.find(LoadingSpinner).props.label).toBe('Loading reactivation status');
    // No screen change to wait on here (the renderer's waitFor reacts to those): poll instead.
    await vi.waitFor(() => expect(service.requests).toHaveLength(1));
    expect(service.requests).toEqual([
      { url: VIEW_URL, method: 'GET', body: undefined, timeout: expect.any(Number) },
    ]);
    // Still waiting for the answer: still the spinner.
    expect(card.maybeFind(LoadingSpinner)).not.toBeNull();

    answer.release(patient());
    await card.waitFor(() => expect(card.maybeFind(LoadingSpinner)).toBeNull());
    expect(card.find(StatusTag).text).toBe('Eligible');
  });

  it('says so, and offers nothing, when the contact is not a synced patient', async () => {
    const card = await renderReady(new ScriptedService().answerView(NOT_A_PATIENT));
    const empty = card.find(EmptyState);
    expect(empty.props.title).toBe('Not a synced patient');
    expect(card.maybeFind(Button)).toBeNull();
    expect(card.maybeFind(StatusTag)).toBeNull();
  });

  it('shows an error with a Retry button when the service fails, and recovers on retry', async () => {
    const service = new ScriptedService()
      .answerJson({ error: 'unavailable' }, 503)
      .answerView(patient());
    const card = await renderReady(service);

    expect(card.find(ErrorState).props.title).toBe("Couldn't load the reactivation status");
    expect(card.find(ErrorState).find(Text).text).toContain('(503)');
    expect(card.maybeFind(StatusTag)).toBeNull();

    button(card, 'retry').trigger('onClick');
    await card.waitFor(() => expect(card.maybeFind(StatusTag)?.text).toBe('Eligible'));
    expect(card.maybeFind(ErrorState)).toBeNull();
    expect(service.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      `GET ${VIEW_URL}`,
      `GET ${VIEW_URL}`,
    ]);
  });

  it('shows the error state when the service cannot be reached', async () => {
    const card = await renderReady(new ScriptedService().answerNetworkFailure());
    expect(card.find(ErrorState).find(Text).text).toBe(
      'The reactivation service could not be reached.',
    );
  });

  it('shows the error state when the answer is not a card view', async () => {
    const { reason: _dropped, ...withoutReason } = patient();
    const card = await renderReady(new ScriptedService().answerJson(withoutReason));
    expect(card.find(ErrorState).find(Text).text).toBe(
      'The reactivation service sent an unexpected answer.',
    );
  });

  it("uses the profile's SERVICE_URL when HubSpot hands the card its profile variables", async () => {
    const service = new ScriptedService().answerView(patient());
    const card = renderCard(service, { SERVICE_URL: 'https://staging.example-practice.com/' });
    await card.waitFor(() => expect(card.maybeFind(StatusTag)).not.toBeNull());
    expect(service.requests[0]!.url).toBe(
      'https://staging.example-practice.com/hubspot/card/contacts/123?portalId=123',
    );
  });
});

describe('the reactivation card: a patient', () => {
  it.each(STATUS_CASES)(
    'shows $status as a $variant tag, with its banners and buttons',
    async ({ view, label, variant }) => {
      const card = await renderReady(new ScriptedService().answerView(view));

      const tag = card.find(StatusTag);
      expect(tag.text).toBe(label);
      expect(tag.props.variant).toBe(variant);
      expect(card.maybeFindByTestId(Alert, 'waiting-for-person') !== null).toBe(
        view.waitingForPerson,
      );
      expect(card.maybeFindByTestId(Alert, 'opted-out') !== null).toBe(view.optedOut);
      expect(button(card, 'action-pause').props.disabled).toBe(!view.actions.pause);
      expect(button(card, 'action-resume').props.disabled).toBe(!view.actions.resume);
      expect(button(card, 'action-send-link').props.disabled).toBe(!view.actions.sendLink);
      expect(button(card, 'action-do-not-contact').props.disabled).toBe(!view.actions.doNotContact);
      expectNoPhoneNumbers(card);
    },
  );

  it('tells the segment and the reason in words, with readable dates and consent per channel', async () => {
    const view = patient({
      status: 'booked',
      nextAppointment: '2025-06-03T13:30:00.000Z',
      actions: { pause: false, resume: false, sendLink: false, doNotContact: true },
    });
    const card = await renderReady(new ScriptedService().answerView(view));

    expect(card.findByTestId(Text, 'segment').text).toBe('Overdue for a check-up');
    expect(card.findByTestId(Text, 'reason').text).toBe(view.reason);
    expect(card.findByTestId(Text, 'last-visit').text).toBe('Feb 29, 2024');
    expect(card.findByTestId(Text, 'recall-due').text).toBe('Aug 29, 2024');
    // 13:30 UTC is 9:30 in New York (the account's zone) in June.
    expect(plain(card.findByTestId(Text, 'next-appointment').text)).toBe('Jun 3, 2025, 9:30 AM');
    expect(card.findAll(Tag).map((t) => [t.text, t.props.variant])).toEqual([
      ['SMS: yes', 'success'],
      ['WhatsApp: not asked', 'default'],
      ['Email: no', 'error'],
    ]);
  });

  it('shows a dash for dates the patient does not have', async () => {
    const view = patient({ segment: 'no_show', lastVisit: null, recallDue: null });
    const card = await renderReady(new ScriptedService().answerView(view));
    expect(card.findByTestId(Text, 'segment').text).toBe('Missed appointment, not rebooked');
    expect(card.findByTestId(Text, 'last-visit').text).toBe('—');
    expect(card.findByTestId(Text, 'recall-due').text).toBe('—');
    expect(card.findByTestId(Text, 'next-appointment').text).toBe('—');
  });

  it('lists the outreach so far: when, channel, template, outcome, delivery, reply', async () => {
    const view = patient({
      status: 'replied',
      waitingForPerson: true,
      touches: [
        FIRST_SMS,
        touch({
          at: '2025-03-11T15:00:00.000Z',
          channel: 'whatsapp',
          template: 'overdue_recall.whatsapp.b',
          outcome: 'skipped_cap',
        }),
        touch({
          at: '2025-03-18T14:00:00.000Z',
          channel: 'call',
          template: 'call task',
          outcome: 'sent',
          reply: 'wants to book',
        }),
      ],
    });
    const card = await renderReady(new ScriptedService().answerView(view));

    const rows = card
      .find(Table)
      .find(TableBody)
      .findAll(TableRow)
      .map((row) => row.findAll(TableCell).map((cell) => plain(cell.text)));
    expect(rows).toEqual([
      ['Mar 4, 2025, 9:05 AM', 'SMS', 'overdue_recall.sms.a', 'Sent', 'Delivered', '—'],
      [
        'Mar 11, 2025, 11:00 AM',
        'WhatsApp',
        'overdue_recall.whatsapp.b',
        'Skipped: message limit reached',
        '—',
        '—',
      ],
      ['Mar 18, 2025, 10:00 AM', 'Call', 'call task', 'Sent', '—', 'wants to book'],
    ]);
    expect(card.findByTestId(Alert, 'waiting-for-person').props.title).toBe('Waiting for a person');
  });

  it('says when there has been no outreach yet', async () => {
    const card = await renderReady(new ScriptedService().answerView(patient()));
    expect(card.maybeFind(Table)).toBeNull();
    expect(card.findByTestId(Text, 'no-touches').text).toBe('No outreach yet.');
  });

  it('never shows a phone number, even one slipped into a reply or a reason', async () => {
    const view = patient({
      status: 'replied',
      waitingForPerson: true,
      reason: 'Missed an appointment; asked to be called on +44 7700 900123',
      touches: [{ ...FIRST_SMS, reply: 'call me on (555) 010-0199 please' }],
    });
    const card = await renderReady(new ScriptedService().answerView(view));

    expect(card.findByTestId(Text, 'reason').text).toBe(
      'Missed an appointment; asked to be called on [number hidden]',
    );
    expect(card.getRootNode().toString()).toContain('call me on [number hidden] please');
    expectNoPhoneNumbers(card);
  });
});

describe('the reactivation card: actions', () => {
  it('pauses outreach, shows the answer and refreshes from the returned view', async () => {
    const paused = patient({
      status: 'paused',
      paused: true,
      actions: { pause: false, resume: true, sendLink: true, doNotContact: true },
    });
    const service = new ScriptedService()
      .answerView(patient())
      .answerResult({ ok: true, outcome: 'paused', message: 'Outreach paused.', view: paused });
    const card = await renderReady(service);

    button(card, 'action-pause').trigger('onClick');
    await card.waitFor(() => expect(card.find(StatusTag).text).toBe('Paused'));

    expect(service.requests[1]).toEqual({
      url: actionUrl('pause'),
      method: 'POST',
      body: {},
      timeout: expect.any(Number),
    });
    const notice = card.findByTestId(Alert, 'action-notice');
    expect([notice.props.title, notice.props.variant, notice.text]).toEqual([
      'Done',
      'success',
      'Outreach paused.',
    ]);
    expect(button(card, 'action-pause').props.disabled).toBe(true);
    expect(button(card, 'action-resume').props.disabled).toBe(false);
    expect(service.requests).toHaveLength(2);
  });

  it('resumes outreach', async () => {
    const paused = patient({
      status: 'paused',
      paused: true,
      actions: { pause: false, resume: true, sendLink: true, doNotContact: true },
    });
    const service = new ScriptedService().answerView(paused).answerResult({
      ok: true,
      outcome: 'eligible',
      message: 'Outreach resumed.',
      view: patient(),
    });
    const card = await renderReady(service);

    button(card, 'action-resume').trigger('onClick');
    await card.waitFor(() => expect(card.find(StatusTag).text).toBe('Eligible'));
    expect(service.requests[1]).toMatchObject({ url: actionUrl('resume'), method: 'POST' });
    expect(card.findByTestId(Alert, 'action-notice').text).toBe('Outreach resumed.');
    expect(button(card, 'action-resume').props.disabled).toBe(true);
  });

  it('sends the booking link now, and the new touch appears', async () => {
    const sentNow = touch({
      at: '2025-03-20T14:00:00.000Z',
      channel: 'sms',
      template: 'booking_link.sms',
      outcome: 'sent',
    });
    const service = new ScriptedService()
      .answerView(patient({ status: 'in_sequence', touches: [FIRST_SMS] }))
      .answerResult({
        ok: true,
        outcome: 'sent',
        message: 'Booking link sent by SMS.',
        view: patient({ status: 'contacted', touches: [FIRST_SMS, sentNow] }),
      });
    const card = await renderReady(service);

    button(card, 'action-send-link').trigger('onClick');
    await card.waitFor(() => expect(card.find(StatusTag).text).toBe('Contacted'));
    expect(service.requests[1]).toMatchObject({ url: actionUrl('send-link'), method: 'POST' });
    expect(card.findByTestId(Alert, 'action-notice').text).toBe('Booking link sent by SMS.');
    expect(card.find(TableBody).findAll(TableRow)).toHaveLength(2);
  });

  it('shows a deferred send-link as scheduled, in the words of the compliance gate', async () => {
    const message = 'Deferred: it is outside sending hours; it will go at 8:00';
    const service = new ScriptedService().answerView(patient()).answerResult({
      ok: true,
      outcome: 'deferred',
      message,
      view: patient({ status: 'in_sequence' }),
    });
    const card = await renderReady(service);

    button(card, 'action-send-link').trigger('onClick');
    await card.waitFor(() => expect(card.maybeFindByTestId(Alert, 'action-notice')).not.toBeNull());
    const notice = card.findByTestId(Alert, 'action-notice');
    expect([notice.props.title, notice.props.variant, notice.text]).toEqual([
      'Scheduled',
      'info',
      message,
    ]);
    expect(card.find(StatusTag).text).toBe('In sequence');
  });

  it('shows a refused send-link as not done, and reloads the view when none came back', async () => {
    const service = new ScriptedService()
      .answerView(patient())
      .answerResult({
        ok: false,
        outcome: 'skipped_cap',
        message: 'Not sent: the patient already had two messages this week.',
      })
      .answerView(patient({ status: 'in_sequence' }));
    const card = await renderReady(service);

    button(card, 'action-send-link').trigger('onClick');
    await card.waitFor(() => expect(card.find(StatusTag).text).toBe('In sequence'));
    const notice = card.findByTestId(Alert, 'action-notice');
    expect([notice.props.title, notice.props.variant]).toEqual(['Not done', 'warning']);
    expect(service.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      `GET ${VIEW_URL}`,
      `POST ${actionUrl('send-link')}`,
      `GET ${VIEW_URL}`,
    ]);
  });

  it('holds every button while an action is under way', async () => {
    const service = new ScriptedService().answerView(patient());
    const held = service.answerLater();
    const card = await renderReady(service);

    button(card, 'action-send-link').trigger('onClick');
    await card.waitFor(() => expect(button(card, 'action-pause').props.disabled).toBe(true));
    for (const id of ['action-resume', 'action-send-link', 'action-do-not-contact']) {
      expect(button(card, id).props.disabled).toBe(true);
    }

    held.release({
      ok: true,
      outcome: 'sent',
      message: 'Booking link sent by SMS.',
      view: patient(),
    });
    await card.waitFor(() => expect(button(card, 'action-send-link').props.disabled).toBe(false));
  });

  it('keeps the view and says so when an action fails', async () => {
    const service = new ScriptedService().answerView(patient()).answerJson({}, 500);
    const card = await renderReady(service);

    button(card, 'action-pause').trigger('onClick');
    await card.waitFor(() => expect(card.maybeFindByTestId(Alert, 'action-notice')).not.toBeNull());
    const notice = card.findByTestId(Alert, 'action-notice');
    expect([notice.props.title, notice.props.variant]).toEqual([
      'The action did not go through',
      'danger',
    ]);
    expect(notice.text).toContain('(500)');
    expect(card.find(StatusTag).text).toBe('Eligible');
    expect(button(card, 'action-pause').props.disabled).toBe(false);
  });

  it('asks before marking do-not-contact, sends nothing on cancel, and marks it on confirm', async () => {
    const marked = patient({ status: 'do_not_contact', paused: true, actions: NO_ACTIONS });
    const service = new ScriptedService().answerView(patient()).answerResult({
      ok: true,
      outcome: 'do_not_contact',
      message: 'Marked do-not-contact. No further outreach will be sent.',
      view: marked,
    });
    const card = await renderReady(service);

    // First click: only a question.
    button(card, 'action-do-not-contact').trigger('onClick');
    expect(card.findByTestId(Button, 'confirm-do-not-contact-yes').text).toBe(
      'Yes, mark do-not-contact',
    );
    expect(button(card, 'action-do-not-contact').props.disabled).toBe(true);
    expect(service.requests).toHaveLength(1);

    // Cancel: the question goes, nothing was sent.
    button(card, 'confirm-do-not-contact-cancel').trigger('onClick');
    expect(card.maybeFindByTestId(Button, 'confirm-do-not-contact-yes')).toBeNull();
    expect(service.requests).toHaveLength(1);

    // Ask again and confirm: now it goes.
    button(card, 'action-do-not-contact').trigger('onClick');
    button(card, 'confirm-do-not-contact-yes').trigger('onClick');
    await card.waitFor(() => expect(card.find(StatusTag).text).toBe('Do not contact'));

    expect(service.requests[1]).toMatchObject({
      url: actionUrl('do-not-contact'),
      method: 'POST',
    });
    expect(card.find(StatusTag).props.variant).toBe('danger');
    expect(card.findByTestId(Alert, 'action-notice').text).toBe(
      'Marked do-not-contact. No further outreach will be sent.',
    );
    expect(card.maybeFindByTestId(Button, 'confirm-do-not-contact-yes')).toBeNull();
    for (const id of [
      'action-pause',
      'action-resume',
      'action-send-link',
      'action-do-not-contact',
    ]) {
      expect(button(card, id).props.disabled).toBe(true);
    }
    expectNoPhoneNumbers(card);
  });
});
