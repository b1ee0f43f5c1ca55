import {
  auditChart,
  funnelChart,
  ratesChart,
  remindersChart,
  seriesChart,
  variantsChart,
} from './charts.js';
import { formatCount, formatMoney, formatPercent, formatRatio, labelOf, sum } from './format.js';

/**
 * The dashboard's script: reads the filters (from the address, so a reload or a shared link keeps
 * them), asks `/api/dashboard`, and fills the cards and charts. Text is only ever set with
 * textContent: nothing from the data becomes markup.
 */

const Chart = window.Chart;
const base = document.body.dataset.base ?? '';
const form = document.getElementById('filters');
const status = document.getElementById('status');
const funnelBy = document.getElementById('funnel-by');
const FILTERS = ['from', 'to', 'location', 'segment', 'channel', 'variant'];
let current = null;

const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
Chart.defaults.responsive = true;
Chart.defaults.maintainAspectRatio = false;
Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
if (reducedMotion) Chart.defaults.animation = false;

const byId = (id) => document.getElementById(id);
const setText = (el, text) => {
  if (el) el.textContent = text;
};

function queryFromForm() {
  const params = new URLSearchParams();
  for (const name of FILTERS) {
    const value = form.elements[name].value;
    if (value) params.set(name, value);
  }
  return params;
}

function fillSelect(name, values, kind, selected) {
  const select = form.elements[name];
  while (select.options.length > 1) select.remove(1);
  for (const value of values) select.add(new Option(kind ? labelOf(kind, value) : value, value));
  select.value = values.includes(selected) ? selected : '';
}

function fillForm(d) {
  form.elements.from.value = d.range.from;
  form.elements.to.value = d.range.to;
  fillSelect('location', d.options.locations, null, d.filters.location ?? '');
  fillSelect('segment', d.options.segments, 'segment', d.filters.segment ?? '');
  fillSelect('channel', d.options.channels, 'channel', d.filters.channel ?? '');
  fillSelect('variant', d.options.variants, null, d.filters.variant ?? '');
}

function card(key, value, sub) {
  setText(document.querySelector(`[data-card="${key}"]`), value);
  setText(document.querySelector(`[data-card-sub="${key}"]`), sub);
}

function renderCards(d) {
  const h = d.headline;
  const a = d.audit;
  card(
    'lapsed',
    formatCount(h.lapsed),
    a ? `of ${formatCount(a.patients)} patients, ${a.asOf}` : 'after the first sync',
  );
  card(
    'reachable',
    formatCount(h.reachable),
    a
      ? `SMS ${formatCount(a.reachable.sms)} · email ${formatCount(a.reachable.email)} · call ${formatCount(a.reachable.call)}`
      : '',
  );
  card(
    'recovered',
    formatCount(h.recovered),
    `${formatCount(sum(d.series.booked))} booked in the period`,
  );
  card(
    'revenue',
    formatMoney(h.revenue, d.currency),
    a ? `audit estimate ${formatMoney(a.estimate.revenue, d.currency)}` : '',
  );
  card('cost', formatMoney(h.cost, d.currency), 'messages in the period');
  card('roi', formatRatio(h.returnRatio), 'recovered revenue ÷ message cost');
}

function renderFigures(d) {
  const a = d.audit;
  setText(
    byId('figures-audit'),
    a
      ? `Estimate: ${formatCount(a.estimate.appointments)} visits, ${formatMoney(a.estimate.revenue, d.currency)}`
      : '',
  );
  setText(
    byId('figures-rates'),
    `Delivery ${formatPercent(d.rates.delivery.value)} · opt-outs ${formatPercent(d.rates.optOut.value, 2)}`,
  );
  const r = d.reminders;
  setText(
    byId('figures-reminders'),
    `${formatCount(r.showed)} kept · ${formatCount(r.missed)} missed · ${formatCount(r.confirmed)} confirmed · ${r.remindersPerKept.value === null ? '—' : r.remindersPerKept.value.toFixed(1)} reminders per kept appointment`,
  );
  setText(
    byId('figures-series'),
    `Cost ${formatMoney(d.headline.cost, d.currency)} · return ${formatRatio(d.headline.returnRatio)}`,
  );
}

/** Draws one panel's chart, or its empty state. */
function show(id, built) {
  const canvas = byId(`chart-${id}`);
  const wrap = canvas.parentElement;
  Chart.getChart(canvas)?.destroy();
  byId(`empty-${id}`).hidden = built !== null;
  wrap.hidden = built === null;
  if (built === null) return;
  wrap.style.height = built.height ? `${built.height}px` : '';
  canvas.setAttribute('aria-label', built.summary);
  new Chart(canvas, built.config);
}

function renderBandit(d) {
  const holder = byId('bandit');
  holder.replaceChildren();
  holder.hidden = !d.bandit || d.bandit.length === 0;
  if (holder.hidden) return;
  const table = document.createElement('table');
  table.createCaption().textContent = 'What automatic variant choice has learnt (all time)';
  const head = table.createTHead().insertRow();
  for (const h of ['Segment · channel', 'Variant', 'Sent', 'Booked', 'Mean', '90% interval']) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = h;
    head.append(th);
  }
  const body = table.createTBody();
  for (const arm of d.bandit) {
    const row = body.insertRow();
    const [segment = '', channel = ''] = arm.key.split('|');
    const cells = [
      `${labelOf('segment', segment)} · ${labelOf('channel', channel)}`,
      arm.variant,
      formatCount(arm.trials),
      formatCount(arm.successes),
      formatPercent(arm.mean),
      `${formatPercent(arm.low)} – ${formatPercent(arm.high)}`,
    ];
    for (const text of cells) row.insertCell().textContent = text;
  }
  holder.append(table);
}

/** How the last sync ended: a quiet line when it worked, a red banner when it did not. */
function renderSync(d) {
  const line = byId('sync');
  const s = d.sync;
  line.hidden = !s;
  if (!s) return;
  const when = new Date(s.at).toLocaleString(undefined, {
    dateStyle: 'medium',
    timeStyle: 'short',
  });
  line.classList.toggle('failed', s.outcome === 'failed');
  line.setAttribute('role', s.outcome === 'failed' ? 'alert' : 'status');
  line.textContent =
    s.outcome === 'failed'
      ? `The last sync with the PMS failed (${when}): ${(s.error ?? 'no reason given').replace(/\.$/, '')}. HubSpot is not being updated until a sync works again; "reactivate doctor" checks every setting.`
      : `Last sync with the PMS: ${when}${s.patients === undefined ? '' : `, ${formatCount(s.patients)} patients read`}.`;
}

function renderNotes(d) {
  const list = byId('notes');
  list.replaceChildren(
    ...d.notes.map((note) => {
      const li = document.createElement('li');
      li.textContent = note;
      return li;
    }),
  );
  list.hidden = d.notes.length === 0;
}

function render(d) {
  current = d;
  fillForm(d);
  renderCards(d);
  renderFigures(d);
  renderSync(d);
  renderNotes(d);
  show('audit', auditChart(d));
  show('funnel', funnelChart(d, funnelBy.value));
  show('series', seriesChart(d));
  show('variants', variantsChart(d));
  show('rates', ratesChart(d));
  show('reminders', remindersChart(d));
  renderBandit(d);
}

function load(params) {
  status.textContent = 'Loading…';
  fetchAndRender(params).catch(() => {
    status.textContent = 'The dashboard could not reach the service. Try again in a moment.';
  });
}

async function fetchAndRender(params) {
  const response = await fetch(`${base}/api/dashboard?${params}`, {
    headers: { accept: 'application/json' },
    credentials: 'same-origin',
  });
  if (response.status === 401) {
    // The session ended: the page itself now answers with the sign-in form.
    window.location.reload();
    return;
  }
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    status.textContent = body.message ?? `The dashboard could not load (${response.status}).`;
    return;
  }
  render(body);
  status.textContent = `${body.range.from} to ${body.range.to} (${body.range.days} days)`;
  document.body.dataset.ready = 'true';
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const params = queryFromForm();
  history.replaceState(null, '', `${window.location.pathname}?${params}`);
  load(params);
});

funnelBy.addEventListener('change', () => {
  if (current) show('funnel', funnelChart(current, funnelBy.value));
});

load(new URLSearchParams(window.location.search));
