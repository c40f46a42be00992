// annals explorer: search, the co-appearance network, events, legislators × events and
// a query console over the annals HTTP API. State is in the URL (state.js).
import { get } from './api.js';
import { h, clear, status } from './dom.js';
import * as state from './state.js';
import * as network from './network.js';
import * as panel from './panel.js';
import * as tables from './tables.js';
import * as console_ from './console.js';

const main = () => document.getElementById('main');
let lastKey = '';

async function render(s) {
  document.querySelectorAll('nav a[data-view]').forEach((a) => {
    if (a.dataset.view === s.view) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
    a.href = state.url({ ...keep(s), view: a.dataset.view });
  });
  document.getElementById('from').value = s.from || '';
  document.getElementById('to').value = s.to || '';
  document.title = `annals · ${s.view}`;
  // A view renders again only when the state it shows changed (not for the panel).
  const key = [s.view, ...(viewKeys[s.view] || []).map((k) => s[k] ?? '')].join('\n');
  const changed = key !== lastKey;
  lastKey = key;
  let pending = null;
  if (changed && s.view !== 'network') network.leave();
  if (empty && s.view !== 'query') {
    if (changed) emptyStore(main());
    return;
  }
  if (changed && s.view === 'map') pending = import('./map.js').then((map) => map.render(main(), s));
  else if (s.view === 'network') pending = network.render(main(), s, { onNode, onEdge });
  else if (changed && s.view === 'events') pending = tables.events(main(), s);
  else if (changed && s.view === 'legislators') pending = tables.legislators(main(), s);
  else if (changed && s.view === 'query') console_.render(main(), s);
  // The panel opens before the network is drawn (the layout gets the room left to it)
  // and after its fetch started (a tie's panel waits for it).
  panel.show(s);
  try {
    await pending;
  } catch (e) {
    status(e.message, true);
  }
}

const viewKeys = {
  map: ['seed', 'from', 'to', 'place', 'page'],
  events: ['seed', 'from', 'to', 'q', 'page'],
  legislators: ['seed', 'from', 'to', 'part', 'sort', 'dir', 'page'],
  query: ['lang', 'q'],
};

// keep is the state the views share when one switches views.
function keep(s) {
  const { seed, from, to, sel, depth, types, leg, minw, size, color } = s;
  return { seed, from, to, sel, depth, types, leg, minw, size, color };
}

function onNode(id) { state.navigate({ sel: 'n:' + id }, { replace: true }); }
function onEdge(a, b) { state.navigate({ sel: `e:${a}|${b}` }, { replace: true }); }

// Search with autocomplete (WAI-ARIA combobox with a listbox).
function setupSearch() {
  const input = document.getElementById('search');
  const list = document.getElementById('search-list');
  let matches = [];
  let active = -1;
  let timer = 0;
  let ctl = null;
  const close = () => { list.hidden = true; input.setAttribute('aria-expanded', 'false'); input.removeAttribute('aria-activedescendant'); active = -1; };
  // A match in the network on view: the camera flies to it. Otherwise the network
  // around it opens.
  const choose = (m) => {
    close();
    input.value = m.name;
    const s = state.read();
    if (s.view === 'network' && network.hasNode(m.iri)) state.navigate({ sel: 'n:' + m.iri }, { replace: true });
    else state.navigate({ view: 'network', seed: m.iri, sel: 'n:' + m.iri, page: undefined });
    network.focus(m.iri);
  };
  const highlight = (i) => {
    active = i;
    [...list.children].forEach((li, j) => li.setAttribute('aria-selected', String(j === i)));
    if (i >= 0) input.setAttribute('aria-activedescendant', `match-${i}`);
  };
  const lookup = async () => {
    const q = input.value.trim();
    if (q.length < 2) { close(); return; }
    ctl?.abort();
    ctl = new AbortController();
    try {
      const body = await get('/api/search', { q, limit: 12 }, ctl.signal);
      matches = body.matches || [];
    } catch (e) {
      if (e.name !== 'AbortError') status(e.message, true);
      return;
    }
    clear(list).append(...(matches.length ? matches.map((m, i) => h('li', {
      id: `match-${i}`, role: 'option', 'aria-selected': 'false', 'data-type': m.type,
      onmousedown: (e) => { e.preventDefault(); choose(m); },
    }, h('span', { class: `badge ${m.type}` }, m.type), ' ', h('span', { class: 'name' }, m.name),
      m.matched && m.matched !== m.name ? h('span', { class: 'alias' }, ` “${m.matched}”`) : null,
      h('span', { class: 'n' }, ` ${m.events} events`))) : [h('li', { class: 'none', role: 'option', 'aria-disabled': 'true' }, 'No match')]));
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    highlight(matches.length ? 0 : -1);
  };
  input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(lookup, 120); });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' && matches.length) { e.preventDefault(); if (list.hidden) lookup(); else highlight((active + 1) % matches.length); }
    else if (e.key === 'ArrowUp' && matches.length) { e.preventDefault(); highlight((active - 1 + matches.length) % matches.length); }
    else if (e.key === 'Enter' && !list.hidden && active >= 0 && matches[active]) { e.preventDefault(); choose(matches[active]); }
    else if (e.key === 'Escape') close();
  });
  input.addEventListener('blur', () => setTimeout(close, 150));
}

function setupDates() {
  const form = document.getElementById('dates');
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const from = form.elements.from.value, to = form.elements.to.value;
    if (from && to && from > to) { status('The start date is after the end date.', true); return; }
    state.navigate({ from: from || undefined, to: to || undefined, page: undefined });
  });
  document.getElementById('dates-clear').addEventListener('click', () => state.navigate({ from: undefined, to: undefined, page: undefined }));
}

function setupLinks() {
  document.addEventListener('click', (e) => {
    const a = e.target.closest('a[data-link]');
    if (!a || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    const u = new URL(a.href);
    history.pushState(null, '', u.pathname + u.search);
    render(state.read());
  });
}

// empty is set when the store has nothing loaded: the views then say how to load data.
let empty = false;

function emptyStore(el) {
  clear(el).append(h('section', { class: 'empty-store', 'aria-labelledby': 'empty-title' },
    h('h2', { id: 'empty-title' }, 'Nothing is loaded yet'),
    h('p', {}, 'This annals server has no chronology in its store. Load one and reload this page:'),
    h('ul', {},
      h('li', {}, h('code', {}, 'annals load FILE'), ' loads a chronology (text, or .jsonl extraction records) into the store; then ', h('code', {}, 'annals serve'), ' serves it.'),
      h('li', {}, h('code', {}, 'annals serve FILE...'), ' loads the files and serves them in one step.')),
    h('p', {}, 'The README of annals (README.md in its source, and the docs/ beside it) explains the chronology format and every command; the API is described at ', h('a', { href: '/openapi.json' }, '/openapi.json'), '.')));
}

async function start() {
  setupSearch();
  setupDates();
  setupLinks();
  try {
    const st = await get('/api/stats');
    empty = !(st.counts?.entries > 0 || st.counts?.events > 0 || st.quads > 0);
  } catch (e) {
    status(e.message, true);
  }
  state.listen(render);
  render(state.read());
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
