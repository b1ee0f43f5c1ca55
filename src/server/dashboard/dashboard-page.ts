import { escapeHtml, layout } from './html.ts';

/**
 * The dashboard's page: a shell the browser script (assets/app.js) fills from
 * `GET /api/dashboard`. The server writes only the practice's name and its own base path.
 */

interface Panel {
  id: string;
  title: string;
  description: string;
  empty: string;
  extra?: string;
}

const CARDS: { key: string; title: string }[] = [
  { key: 'lapsed', title: 'Lapsed patients' },
  { key: 'reachable', title: 'Reachable' },
  { key: 'recovered', title: 'Recovered visits' },
  { key: 'revenue', title: 'Recovered revenue' },
  { key: 'cost', title: 'Message cost' },
  { key: 'roi', title: 'Return on cost' },
];

const PANELS: Panel[] = [
  {
    id: 'audit',
    title: 'Size of the problem',
    description: 'Patients in each segment at the last sync.',
    empty: 'No audit yet: it appears after the first sync with the practice system.',
  },
  {
    id: 'funnel',
    title: 'Funnel',
    description: 'From eligible to recovered, in the selected period.',
    empty: 'Nothing happened in this period yet.',
    extra: `<label class="inline" for="funnel-by">Split by</label>
<select id="funnel-by">
<option value="overall">Overall</option>
<option value="bySegment">Segment</option>
<option value="byChannel">Channel</option>
<option value="byVariant">Variant</option>
</select>`,
  },
  {
    id: 'series',
    title: 'Recovered visits and revenue',
    description: 'Per day; revenue is the visit value set for each segment.',
    empty: 'No visit recovered in this period yet.',
  },
  {
    id: 'rates',
    title: 'Delivery and opt-outs',
    description: 'Delivered ÷ (delivered + failed); opt-outs ÷ messages sent.',
    empty: 'No message sent in this period yet.',
  },
  {
    id: 'reminders',
    title: 'Reminders: appointments kept',
    description:
      'Reactivated appointments kept (of those that took place) and confirmed (of those asked).',
    empty: 'No reminded appointment has taken place in this period yet.',
  },
  {
    id: 'variants',
    title: 'Booking rate by message variant',
    description: 'Bookings per message sent, with a 90% credible interval.',
    empty: 'No message variant sent in this period yet.',
    extra: '<div id="bandit" class="table-wrap" hidden></div>',
  },
];

function select(name: string, label: string, all: string): string {
  return `<label>${label}<select name="${name}" id="f-${name}"><option value="">${all}</option></select></label>`;
}

function panel(p: Panel): string {
  return `<article class="panel" id="panel-${p.id}" aria-labelledby="h-${p.id}">
<header><h2 id="h-${p.id}">${p.title}</h2>${p.extra && p.id === 'funnel' ? `<div class="control">${p.extra}</div>` : ''}</header>
<p class="sub">${p.description}</p>
<p class="figures" id="figures-${p.id}"></p>
<div class="chart"><canvas id="chart-${p.id}" role="img" aria-label="${p.title}"></canvas></div>
<p class="empty" id="empty-${p.id}" hidden>${p.empty}</p>
${p.extra && p.id !== 'funnel' ? p.extra : ''}
</article>`;
}

/** The dashboard's HTML. `base` is where the router is mounted ('' at the root). */
export function dashboardPage(o: { base: string; practiceName: string }): string {
  const base = escapeHtml(o.base);
  const name = escapeHtml(o.practiceName);
  return layout({
    base: o.base,
    title: `Reactivation · ${o.practiceName}`,
    head: `<script src="${base}/assets/chart.umd.js" defer></script>
<script type="module" src="${base}/assets/app.js"></script>
`,
    body: `<body data-base="${base}">
<header class="top">
<h1>Patient reactivation <span class="practice">${name}</span></h1>
<form method="post" action="${base}/logout"><button type="submit" class="link">Sign out</button></form>
</header>
<main>
<form id="filters" class="filters" aria-label="Filters">
<label>From<input type="date" name="from" id="f-from" required></label>
<label>To<input type="date" name="to" id="f-to" required></label>
${select('location', 'Location', 'All locations')}
${select('segment', 'Segment', 'All segments')}
${select('channel', 'Channel', 'All channels')}
${select('variant', 'Variant', 'All variants')}
<button type="submit">Apply</button>
</form>
<p id="status" class="status" role="status" aria-live="polite">Loading…</p>
<p id="sync" class="sync" hidden></p>
<ul id="notes" class="notes" hidden></ul>
<section class="cards" aria-label="Headline numbers">
${CARDS.map((c) => `<article class="card" id="card-${c.key}"><h2>${c.title}</h2><p class="value" data-card="${c.key}">—</p><p class="sub" data-card-sub="${c.key}"></p></article>`).join('\n')}
</section>
<section class="grid" aria-label="Charts">
${PANELS.map(panel).join('\n')}
</section>
</main>
</body>`,
  });
}
