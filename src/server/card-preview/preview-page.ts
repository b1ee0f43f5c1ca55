import type { CardView } from '../../outreach/card-view.ts';
import { escapeHtml as e, layout } from '../dashboard/html.ts';

/** A sandbox contact in the preview's list: first name and initial only, as on the dashboard. */
export interface PreviewContact {
  id: string;
  name: string;
  status: string;
  segment: string;
}

const STATUS_ORDER = [
  'replied',
  'booked',
  'confirmed',
  'recovered',
  'contacted',
  'opted_out',
  'paused',
  'do_not_contact',
  'eligible',
  'not_eligible',
];

const HEAD = '<link rel="stylesheet" href="/sandbox/cards/preview.css">';

function page(title: string, main: string): string {
  return layout({
    base: '',
    title,
    head: HEAD,
    body: `<body class="preview"><header class="top"><h1>${e(title)}</h1>
<p class="note">Sandbox preview: the data the contact-record card shows in HubSpot, for the sandbox's contacts.</p></header>
<main>${main}</main></body>`,
  });
}

/** The list: the contacts most worth a look first (a reply waiting, a booking), then the rest. */
export function contactListPage(contacts: readonly PreviewContact[], limit = 300): string {
  const rank = (s: string) => {
    const i = STATUS_ORDER.indexOf(s);
    return i < 0 ? STATUS_ORDER.length : i;
  };
  const sorted = [...contacts].sort((a, b) => rank(a.status) - rank(b.status)).slice(0, limit);
  const counts = new Map<string, number>();
  for (const c of contacts) counts.set(c.status, (counts.get(c.status) ?? 0) + 1);
  const summary = [...counts]
    .sort((a, b) => rank(a[0]) - rank(b[0]))
    .map(([s, n]) => `<span class="tag tag-${e(s)}">${e(s.replace(/_/g, ' '))} ${n}</span>`)
    .join(' ');
  const rows = sorted
    .map(
      (c) => `<tr><td><a href="/sandbox/cards/${e(c.id)}">${e(c.name)}</a></td>
<td><span class="tag tag-${e(c.status)}">${e(c.status.replace(/_/g, ' '))}</span></td>
<td>${e(c.segment.replace(/_/g, ' '))}</td></tr>`,
    )
    .join('\n');
  return page(
    'Card preview: sandbox contacts',
    `<p class="summary">${summary}</p>
<table class="contacts"><thead><tr><th>Contact</th><th>Status</th><th>Segment</th></tr></thead>
<tbody>${rows}</tbody></table>`,
  );
}

const yesNo = (v: string) => `<span class="consent consent-${e(v)}">${e(v)}</span>`;
const day = (iso: string | null) => (iso ? e(iso.slice(0, 10)) : '—');
const when = (iso: string | null) => (iso ? e(iso.replace('T', ' ').slice(0, 16)) : '—');

/** One contact's card, section by section as the card lays it out. */
export function cardPage(name: string, view: CardView): string {
  if (!view.isPatient)
    return page(
      name,
      `<p class="empty">This contact is not a synced patient: nothing to show.</p>`,
    );
  const banner = view.waitingForPerson
    ? '<p class="banner">Waiting for a person: the patient replied; outreach is paused until someone follows up.</p>'
    : view.optedOut
      ? '<p class="banner muted">Opted out on every channel: nothing is sent.</p>'
      : view.paused
        ? '<p class="banner muted">Outreach paused by staff.</p>'
        : '';
  // As on the card (extensions/app/cards/card-banners.tsx): without write-back, a confirmation the
  // PMS does not know of yet.
  const toMark = view.markConfirmedInPms
    ? `<p class="banner">Confirmed by the patient on ${when(view.markConfirmedInPms.confirmedAt)} — mark the appointment of ${when(view.markConfirmedInPms.appointmentAt)} confirmed in the PMS.</p>`
    : '';
  const touches = view.touches.length
    ? `<table class="touches"><thead><tr><th>When</th><th>Channel</th><th>Template</th><th>Outcome</th><th>Delivery</th><th>Reply</th></tr></thead><tbody>${view.touches
        .map(
          (t) =>
            `<tr><td>${when(t.at)}</td><td>${e(t.channel)}</td><td>${e(t.template)}</td><td>${e(t.outcome ?? '')}</td><td>${e(t.delivery ?? '')}</td><td>${e(t.reply ?? '')}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '<p class="empty">No outreach yet.</p>';
  const actions = (
    [
      ['pause', 'Pause outreach'],
      ['resume', 'Resume outreach'],
      ['sendLink', 'Send booking link now'],
      ['doNotContact', 'Mark do not contact'],
    ] as const
  )
    .map(
      ([k, label]) =>
        `<li class="${view.actions[k] ? 'on' : 'off'}">${e(label)}${view.actions[k] ? '' : ' (not now)'}</li>`,
    )
    .join('');
  return page(
    name,
    `<p><a href="/sandbox/cards">← all sandbox contacts</a></p>
<section class="card">
${banner}${toMark}
<p><span class="tag tag-${e(view.status ?? 'none')}">${e((view.status ?? 'no status').replace(/_/g, ' '))}</span>
${view.segment ? `<strong>${e(view.segment.replace(/_/g, ' '))}</strong>` : ''}</p>
<p class="reason">${e(view.reason)}</p>
<dl><dt>Last visit</dt><dd>${day(view.lastVisit)}</dd>
<dt>Recall due</dt><dd>${day(view.recallDue)}</dd>
<dt>Next appointment</dt><dd>${when(view.nextAppointment)}</dd>
<dt>Text</dt><dd>${yesNo(view.consent.sms)}</dd>
<dt>WhatsApp</dt><dd>${yesNo(view.consent.whatsapp)}</dd>
<dt>Email</dt><dd>${yesNo(view.consent.email)}</dd></dl>
<h2>Outreach so far</h2>
${touches}
<h2>Actions on the card</h2>
<ul class="actions">${actions}</ul>
</section>`,
  );
}

export function notFoundPage(): string {
  return page(
    'Card preview',
    '<p class="empty">No such sandbox contact. <a href="/sandbox/cards">See them all</a>.</p>',
  );
}
