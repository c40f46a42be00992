// The side panel: a node's profile, or a tie's shared events with the sentences the
// source states for them.
import { get, profileURL, ref } from './api.js';
import { h, clear, provenance, status } from './dom.js';
import { navigate, read } from './state.js';
import { loaded, nodeData, tiesOf } from './network.js';

let inflight = null;

export async function show(s) {
  const panel = document.getElementById('panel');
  document.body.classList.toggle('sheet-open', !!s.sel);
  if (!s.sel) {
    panel.hidden = true;
    delete panel.dataset.key;
    clear(panel);
    return;
  }
  // Shown again only when the selection or the network it belongs to changed.
  const key = [s.sel, s.seed, s.depth, s.from, s.to, s.types, s.leg, s.minw].join('\n');
  if (panel.dataset.key === key) return;
  panel.dataset.key = key;
  panel.hidden = false;
  inflight?.abort();
  inflight = new AbortController();
  const signal = inflight.signal;
  clear(panel).append(closeButton(), h('p', { 'aria-busy': 'true' }, 'Loading…'));
  try {
    const body = s.sel.startsWith('e:') ? await tie(s.sel.slice(2), signal) : await profile(s.sel.slice(2), signal);
    clear(panel).append(closeButton(), body);
    panel.querySelector('h2')?.focus();
  } catch (e) {
    if (e.name === 'AbortError') return;
    clear(panel).append(closeButton(), h('p', { class: 'error', role: 'alert' }, e.message));
    status(e.message, true);
  }
}

function closeButton() {
  return h('button', { type: 'button', class: 'close', 'aria-label': 'Close details', onclick: () => navigate({ sel: undefined }, { replace: true }) }, '×');
}

async function profile(iri, signal) {
  const url = profileURL(iri);
  if (!url) throw new Error(`no profile for ${iri}`);
  const r = ref(iri);
  const p = await get(url, { limit: 200 }, signal);
  await loaded();
  let legislator = nodeData(iri)?.legislator;
  if (legislator === undefined && r.type === 'person') {
    const rows = await get('/api/legislators/events', { person: r.id, participation: 'any', limit: 1 }, signal);
    legislator = rows.total > 0;
  }
  if (legislator === undefined && r.type === 'body') legislator = false;
  const c = p.counts || {};
  return h('article', { class: 'profile', 'data-type': p.type },
    h('h2', { tabindex: '-1' }, p.name),
    h('p', { class: 'meta' }, h('span', { class: `badge ${p.type}` }, p.type),
      legislator ? h('span', { class: 'badge legislator' }, p.type === 'body' ? 'legislative body' : 'legislator') : null,
      p.place_kind ? ` ${p.place_kind}` : '', p.country ? `, ${p.country}` : '',
      p.lat !== undefined ? ` (${p.lat}, ${p.lon})` : ''),
    p.aliases?.length ? h('p', {}, h('strong', {}, 'Also named: '), [...new Set(p.aliases)].filter((a) => a !== p.name).join('; ') || '—') : null,
    h('p', { class: 'counts' }, `${c.events ?? 0} ${c.events === 1 ? 'event' : 'events'}: ${c.attended ?? 0} attended, ${c.mentioned ?? 0} mentioned, ${c.located ?? 0} located there`),
    p.type !== 'event' ? h('p', { class: 'actions' },
      h('button', { type: 'button', onclick: () => navigate({ view: 'network', seed: iri, sel: 'n:' + iri }) }, 'Network around'),
      h('button', { type: 'button', onclick: () => navigate({ view: 'events', seed: iri }) }, 'Events')) : null,
    ties(iri),
    p.roles?.length ? h('section', {}, h('h3', {}, 'Roles the source gives'), h('ul', {}, p.roles.map((ro) =>
      h('li', {}, h('strong', {}, ro.role), ` (${ro.entries} ${ro.entries === 1 ? 'entry' : 'entries'})`, provenance(ro.provenance))))) : null,
    h('section', {}, h('h3', {}, `Events (${(p.events?.length ?? 0) < (p.total ?? c.events ?? 0) ? `the first ${p.events?.length ?? 0} of ${p.total ?? c.events}` : p.events?.length ?? 0})`),
      h('ol', { class: 'events' }, (p.events || []).map(eventItem))),
  );
}

export function eventItem(ev) {
  return h('li', { class: 'event' },
    h('span', { class: 'date' }, ev.date?.start === ev.date?.end ? ev.date?.start : `${ev.date?.start || '?'} – ${ev.date?.end || '?'}`),
    ' ', h('span', { class: 'kind' }, ev.kind || 'event'),
    ev.places?.length ? ` · ${ev.places.map((p) => p.name).join(', ')}` : '',
    provenance(ev.provenance));
}

// tie shows the events two actors share, with what the source states: one request
// (/api/ties), a page of events at a time.
async function tie(id, signal) {
  const [a, b] = id.split('|');
  const s = read();
  const per = 100;
  const body = await get('/api/ties', { a, b, from: s.from, to: s.to, limit: per }, signal);
  const list = h('ol', { class: 'events' }, body.events.map(eventItem));
  const count = h('p', { class: 'shown' });
  const more = h('button', { type: 'button' }, 'More shared events');
  let shown = body.events.length;
  const update = () => {
    count.textContent = `Showing ${shown} of ${body.total} shared ${body.total === 1 ? 'event' : 'events'}.`;
    more.hidden = shown >= body.total;
  };
  more.addEventListener('click', async () => {
    more.disabled = true;
    try {
      const next = await get('/api/ties', { a, b, from: s.from, to: s.to, limit: per, offset: shown });
      list.append(...next.events.map(eventItem));
      shown += next.events.length;
      update();
    } catch (e) {
      status(e.message, true);
    } finally {
      more.disabled = false;
    }
  });
  update();
  return h('article', { class: 'tie' },
    h('h2', { tabindex: '-1' }, `${body.a.name} — ${body.b.name}`),
    h('p', {}, `${body.total} shared ${body.total === 1 ? 'event' : 'events'}${s.from || s.to ? ` between ${s.from || 'the start'} and ${s.to || 'the end'}` : ''}. annals records what its sources state, not what is true.`),
    h('p', { class: 'actions' },
      h('button', { type: 'button', onclick: () => navigate({ sel: 'n:' + a }, { replace: true }) }, body.a.name),
      h('button', { type: 'button', onclick: () => navigate({ sel: 'n:' + b }, { replace: true }) }, body.b.name)),
    count, list, more);
}

// ties lists a node's ties in the network on view, heaviest first: the keyboard's way
// to a tie's shared events.
function ties(iri) {
  const list = tiesOf(iri);
  if (!list.length) return null;
  return h('section', {}, h('h3', {}, `Ties in this network (${list.length})`),
    h('ul', { class: 'ties' }, list.slice(0, 50).map(({ other, edge }) => h('li', {},
      h('button', { type: 'button', class: 'linkish', onclick: () => navigate({ sel: `e:${edge.source}|${edge.target}` }, { replace: true }) },
        other?.label ?? ''), ` (${edge.weight} shared)`))),
    list.length > 50 ? h('p', {}, `and ${list.length - 50} more`) : null);
}
