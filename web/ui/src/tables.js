// The events view (a timeline by month and the list) and the legislators × events table.
import { get, query, ref } from './api.js';
import { h, clear, provenance, status } from './dom.js';
import { navigate } from './state.js';
import { eventItem } from './panel.js';

const pageSize = 1000;
let inflight = null;

function actorFilter(s) {
  const r = s.seed ? ref(s.seed) : null;
  if (!r) return {};
  return { [r.type]: r.id };
}

async function fetchRows(path, params, key) {
  inflight?.abort();
  inflight = new AbortController();
  status('Loading…');
  const body = await get(path, { ...params, limit: pageSize }, inflight.signal);
  status(`${body.total} ${key}`);
  return body;
}

// events renders the timeline (events per month, a bar per month) and the list.
export async function events(main, s) {
  const root = h('section', { class: 'events-view', 'aria-labelledby': 'events-title', 'aria-busy': 'true' },
    h('h2', { id: 'events-title' }, 'Events'));
  clear(main).append(root);
  const filter = { ...actorFilter(s), from: s.from, to: s.to, q: s.q };
  let body;
  try {
    body = await fetchRows('/api/events', filter, 'events');
  } catch (e) {
    if (e.name === 'AbortError') return;
    root.append(h('p', { class: 'error', role: 'alert' }, e.message));
    return;
  }
  root.removeAttribute('aria-busy');
  const words = h('form', { class: 'toolbar', role: 'search', onsubmit: (e) => { e.preventDefault(); navigate({ q: e.target.elements.q.value.trim() || undefined }); } },
    h('label', {}, 'Words in the entry ', h('input', { name: 'q', type: 'search', value: s.q || '' })), h('button', { type: 'submit' }, 'Filter'),
    s.seed ? h('span', {}, ' Events of ', h('strong', {}, s.seed.replace(/^.*\//, '')), ' ', h('button', { type: 'button', onclick: () => navigate({ seed: undefined }) }, 'All actors')) : null,
    h('a', { class: 'button', href: `/api/events?${query({ ...filter, format: 'csv', limit: pageSize })}`, download: 'annals-events.csv' }, 'CSV'));
  root.append(words, timeline(body.events, s),
    h('p', {}, `${body.total} events${body.total > body.events.length ? `, the first ${body.events.length} shown` : ''}${s.from || s.to ? ` between ${s.from || 'the start'} and ${s.to || 'the end'}` : ''}.`),
    h('ol', { class: 'events' }, body.events.map((ev) => {
      const li = eventItem(ev);
      const people = [...(ev.participants || []).map((p) => [p, 'took part']), ...(ev.mentioned || []).map((p) => [p, 'mentioned'])];
      if (people.length) {
        li.insertBefore(h('span', { class: 'actors' }, ' · ', people.map(([p, how], i) => [i ? ', ' : '',
          h('button', { type: 'button', class: 'linkish', title: how, onclick: () => navigate({ view: 'network', seed: p.iri, sel: 'n:' + p.iri }) }, p.name)])), li.querySelector('blockquote'));
      }
      return li;
    })));
}

function timeline(evs, s) {
  const months = new Map();
  for (const ev of evs) {
    const m = (ev.date?.start || '').slice(0, 7);
    if (m) months.set(m, (months.get(m) || 0) + 1);
  }
  const keys = [...months.keys()].sort();
  if (!keys.length) return h('p', {}, 'No dated events.');
  // Every month between the first and the last, empty ones included.
  const all = [];
  for (let [y, mo] = keys[0].split('-').map(Number); ; mo++) {
    if (mo > 12) { mo = 1; y++; }
    const k = `${y}-${String(mo).padStart(2, '0')}`;
    all.push(k);
    if (k >= keys[keys.length - 1] || all.length > 600) break;
  }
  const max = Math.max(...months.values());
  return h('div', { class: 'timeline', role: 'group', 'aria-label': 'Events per month: choose a month to filter by it' },
    all.map((k) => {
      const n = months.get(k) || 0;
      const last = new Date(Date.UTC(+k.slice(0, 4), +k.slice(5, 7), 0)).getUTCDate();
      return h('button', {
        type: 'button', class: 'bar', title: `${k}: ${n} events`, 'aria-label': `${k}: ${n} events`,
        onclick: () => navigate({ from: `${k}-01`, to: `${k}-${last}` }),
      }, h('span', { class: 'fill', style: `height:${Math.round(100 * n / max)}%` }), h('span', { class: 'month' }, k.slice(2)));
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
  const key = query(filter);
  let body = legCache.key === key ? legCache.body : null;
  try {
    // Sorting is done here: only a new filter asks the server again.
    body ||= await fetchRows('/api/legislators/events', filter, 'rows');
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
      h('label', { for: 'part' }, 'Participation ', h('select', { id: 'part', onchange: (e) => navigate({ part: e.target.value === 'attended' ? undefined : e.target.value }) },
        ['attended', 'mentioned', 'any'].map((v) => h('option', { value: v, selected: (s.part || 'attended') === v }, v)))),
      h('a', { class: 'button', id: 'leg-csv', href: `/api/legislators/events?${query({ ...filter, format: 'csv', limit: pageSize })}`, download: 'annals-legislators-events.csv' }, 'Download CSV'),
      h('span', {}, `${body.total} rows${body.total > rows.length ? `, the first ${rows.length} shown` : ''}`)),
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
