// The events view (a timeline by month and the list) and the legislators × events table.
import { get, query, ref } from './api.js';
import { h, clear, provenance, status } from './dom.js';
import { navigate } from './state.js';
import { eventItem } from './panel.js';

const pageSize = 200;
let inflight = null;

function actorFilter(s) {
  const r = s.seed ? ref(s.seed) : null;
  if (!r) return {};
  return { [r.type]: r.id };
}

// offsetOf reads the page asked for in the URL (?page=, from 1).
function offsetOf(s, per) {
  return Math.max(0, (Number(s.page) || 1) - 1) * per;
}

// pager says which rows are shown of how many, with links to the pages around.
export function pager(total, offset, shown, noun) {
  const per = pageSize;
  const page = Math.floor(offset / per) + 1, pages = Math.max(1, Math.ceil(total / per));
  return h('nav', { class: 'pager', 'aria-label': 'Pages' },
    h('span', { class: 'shown' }, total ? `Showing ${offset + 1}–${offset + shown} of ${total} ${noun}` : `No ${noun}`),
    page > 1 ? h('button', { type: 'button', onclick: () => navigate({ page: page - 1 > 1 ? String(page - 1) : undefined }) }, '‹ Previous') : null,
    pages > 1 ? h('span', {}, ` page ${page} of ${pages} `) : null,
    page < pages ? h('button', { type: 'button', onclick: () => navigate({ page: String(page + 1) }) }, 'Next ›') : null);
}

// events renders the timeline (events per month or year over every event that passes
// the filters, from the server's histogram) and the list, a page at a time.
export async function events(main, s) {
  const root = h('section', { class: 'events-view', 'aria-labelledby': 'events-title', 'aria-busy': 'true' },
    h('h2', { id: 'events-title' }, 'Events'));
  clear(main).append(root);
  const filter = { ...actorFilter(s), from: s.from, to: s.to, q: s.q };
  const offset = offsetOf(s, pageSize);
  let body, hist;
  inflight?.abort();
  inflight = new AbortController();
  try {
    status('Loading…');
    [body, hist] = await Promise.all([
      get('/api/events', { ...filter, limit: pageSize, offset }, inflight.signal),
      get('/api/events/histogram', { ...filter, by: 'month' }, inflight.signal),
    ]);
    status(`${body.total} events`);
  } catch (e) {
    if (e.name === 'AbortError') return;
    root.append(h('p', { class: 'error', role: 'alert' }, e.message));
    return;
  }
  root.removeAttribute('aria-busy');
  const words = h('form', { class: 'toolbar', role: 'search', onsubmit: (e) => { e.preventDefault(); navigate({ q: e.target.elements.q.value.trim() || undefined, page: undefined }); } },
    h('label', {}, 'Words in the entry ', h('input', { name: 'q', type: 'search', value: s.q || '' })), h('button', { type: 'submit' }, 'Filter'),
    s.seed ? h('span', {}, ' Events of ', h('strong', {}, s.seed.replace(/^.*\//, '')), ' ', h('button', { type: 'button', onclick: () => navigate({ seed: undefined, page: undefined }) }, 'All actors')) : null,
    h('a', { class: 'button', id: 'events-csv', href: `/api/csv/events?${query(filter)}`, download: 'annals-events.csv' }, `CSV (all ${body.total})`));
  root.append(words, timeline(hist),
    h('p', {}, `${body.total} events${s.from || s.to ? ` between ${s.from || 'the start'} and ${s.to || 'the end'}` : ''}${hist.undated ? `, ${hist.undated} without a date` : ''}.`),
    pager(body.total, body.offset, body.events.length, 'events'),
    h('ol', { class: 'events', start: body.offset + 1 }, body.events.map((ev) => {
      const li = eventItem(ev);
      const people = [...(ev.participants || []).map((p) => [p, 'took part']), ...(ev.mentioned || []).map((p) => [p, 'mentioned'])];
      if (people.length) {
        li.insertBefore(h('span', { class: 'actors' }, ' · ', people.map(([p, how], i) => [i ? ', ' : '',
          h('button', { type: 'button', class: 'linkish', title: how, onclick: () => navigate({ view: 'network', seed: p.iri, sel: 'n:' + p.iri }) }, p.name)])), li.querySelector('blockquote'));
      }
      return li;
    })),
    body.total > pageSize ? pager(body.total, body.offset, body.events.length, 'events') : null);
}

// timeline draws a bar per month (per year when the events span more than 15 years),
// every period between the first and the last event, empty ones included.
function timeline(hist) {
  let buckets = hist.buckets;
  let byYear = false;
  if (buckets.length > 180) {
    byYear = true;
    const years = new Map();
    for (const b of buckets) years.set(b.period.slice(0, 4), (years.get(b.period.slice(0, 4)) || 0) + b.events);
    buckets = [...years].map(([period, events]) => ({ period, events }));
  }
  if (!buckets.length) return h('p', {}, 'No dated events.');
  const max = Math.max(1, ...buckets.map((b) => b.events));
  return h('div', { class: 'timeline', role: 'group', 'data-by': byYear ? 'year' : 'month', 'data-first': buckets[0].period, 'data-last': buckets[buckets.length - 1].period,
    'aria-label': `Events per ${byYear ? 'year' : 'month'}, ${buckets[0].period} to ${buckets[buckets.length - 1].period}: choose one to filter by it` },
  buckets.map(({ period: k, events: n }) => {
    const from = byYear ? `${k}-01-01` : `${k}-01`;
    const to = byYear ? `${k}-12-31` : `${k}-${new Date(Date.UTC(+k.slice(0, 4), +k.slice(5, 7), 0)).getUTCDate()}`;
    return h('button', {
      type: 'button', class: 'bar', title: `${k}: ${n} events`, 'aria-label': `${k}: ${n} events`,
      onclick: () => navigate({ from, to, page: undefined }),
    }, h('span', { class: 'fill', style: `height:${Math.round(100 * n / max)}%` }), h('span', { class: 'month' }, byYear ? k : k.slice(2)));
  }));
}

const columns = [
  { key: 'person', label: 'Person', value: (r) => r.person?.name || '' },
  { key: 'role', label: 'Role', value: (r) => r.role || '' },
  { key: 'date', label: 'Date', value: (r) => r.date?.start || '' },
  { key: 'kind', label: 'Kind', value: (r) => r.kind || '' },
  { key: 'place', label: 'Places', value: (r) => (r.places || []).map((p) => p.name).join(', ') },
  { key: 'participation', label: 'How', value: (r) => r.participation || '' },
];

let legCache = {};

// legislators renders the legislators × events table, sortable by any column.
export async function legislators(main, s) {
  const root = h('section', { class: 'legislators-view', 'aria-labelledby': 'leg-title', 'aria-busy': 'true' },
    h('h2', { id: 'leg-title' }, 'Legislators × events'));
  clear(main).append(root);
  const filter = { ...actorFilter(s), from: s.from, to: s.to, participation: s.part };
  const offset = offsetOf(s, pageSize);
  const key = query({ ...filter, offset });
  let body = legCache.key === key ? legCache.body : null;
  try {
    // Sorting a page is done here: only a new filter or page asks the server again.
    if (!body) {
      inflight?.abort();
      inflight = new AbortController();
      body = await get('/api/legislators/events', { ...filter, limit: pageSize, offset }, inflight.signal);
    }
    legCache = { key, body };
  } catch (e) {
    if (e.name === 'AbortError') return;
    root.append(h('p', { class: 'error', role: 'alert' }, e.message));
    return;
  }
  root.removeAttribute('aria-busy');
  const col = columns.find((c) => c.key === s.sort) || columns[2];
  const dir = s.dir === 'desc' ? -1 : 1;
  const rows = [...body.rows].sort((a, b) => dir * (col.value(a).localeCompare(col.value(b)) || (a.date?.start || '').localeCompare(b.date?.start || '')));
  root.append(
    h('div', { class: 'toolbar' },
      h('label', { for: 'part' }, 'Participation ', h('select', { id: 'part', onchange: (e) => navigate({ part: e.target.value === 'attended' ? undefined : e.target.value, page: undefined }) },
        ['attended', 'mentioned', 'any'].map((v) => h('option', { value: v, selected: (s.part || 'attended') === v }, v)))),
      h('a', { class: 'button', id: 'leg-csv', href: `/api/csv/legislators/events?${query(filter)}`, download: 'annals-legislators-events.csv' }, `Download CSV (all ${body.total} rows)`),
      body.total > rows.length ? h('span', { class: 'note' }, 'Sorting orders the rows of this page; the CSV has every row.') : null),
    pager(body.total, body.offset ?? offset, rows.length, 'rows'),
    h('div', { class: 'table-wrap' }, h('table', { class: 'grid' },
      h('caption', { class: 'visually-hidden' }, `Legislators × events, sorted by ${col.label} ${dir > 0 ? 'ascending' : 'descending'}`),
      h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col', 'aria-sort': c === col ? (dir > 0 ? 'ascending' : 'descending') : 'none' },
        h('button', { type: 'button', onclick: () => navigate({ sort: c.key, dir: c === col && dir > 0 ? 'desc' : 'asc' }, { replace: true }) },
          c.label, c === col ? (dir > 0 ? ' ▲' : ' ▼') : ''))), h('th', { scope: 'col' }, 'The source states'))),
      h('tbody', {}, rows.map((r) => h('tr', {},
        h('td', {}, h('button', { type: 'button', class: 'linkish', onclick: () => navigate({ sel: 'n:' + r.person.iri }, { replace: true }) }, r.person.name)),
        columns.slice(1).map((c) => h('td', {}, c.value(r))),
        h('td', { class: 'states' }, provenance(r.provenance))))))));
}
