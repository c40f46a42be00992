// The map view: the places where the events that pass the date range and the
// selection took place (schema:location, as the sources state it), a circle per place
// sized by its events, on a world base map that travels with the page (Natural Earth
// via world-atlas, drawn with d3-geo: no tiles from elsewhere). A click on a place
// lists its events with the sentence, file and line of each.
import { geoNaturalEarth1, geoPath, geoGraticule10 } from 'd3-geo';
import { feature, mesh } from 'topojson-client';
import world from 'world-atlas/countries-110m.json';
import { get, query, ref } from './api.js';
import { h, clear, status } from './dom.js';
import { navigate } from './state.js';
import { eventItem } from './panel.js';
import { pager } from './tables.js';

const svgNS = 'http://www.w3.org/2000/svg';
let base = null; // the countries and borders, decoded when the map is first drawn
let inflight = null;

function s_(tag, attrs = {}, ...children) {
  const el = document.createElementNS(svgNS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) el.setAttribute(k, String(v));
  for (const c of children) if (c) el.append(c);
  return el;
}

function actorFilter(s) {
  const r = s.seed ? ref(s.seed) : null;
  return r && r.type !== 'event' ? { [r.type]: r.id } : {};
}

export async function render(main, s) {
  const root = h('section', { class: 'map-view', 'aria-labelledby': 'map-title', 'aria-busy': 'true' },
    h('h2', { id: 'map-title' }, 'Where events took place'));
  clear(main).append(root);
  const filter = { ...actorFilter(s), from: s.from, to: s.to };
  inflight?.abort();
  inflight = new AbortController();
  let m;
  try {
    status('Loading the map…');
    m = await get('/api/map', filter, inflight.signal);
    status(`${m.places.length} places`);
  } catch (e) {
    if (e.name === 'AbortError') return;
    root.append(h('p', { class: 'error', role: 'alert' }, e.message));
    return;
  }
  root.removeAttribute('aria-busy');
  base ||= { countries: feature(world, world.objects.countries), borders: mesh(world, world.objects.countries, (a, b) => a !== b) };
  const { countries, borders } = base;
  const width = 960, height = 500;
  const projection = geoNaturalEarth1().fitExtent([[4, 4], [width - 4, height - 4]], { type: 'Sphere' });
  const path = geoPath(projection);
  const max = Math.max(1, ...m.places.map((p) => p.events));
  const view = s_('g', { class: 'zoom' },
    s_('path', { class: 'sphere', d: path({ type: 'Sphere' }) }),
    s_('path', { class: 'graticule', d: path(geoGraticule10()) }),
    s_('path', { class: 'land', d: path(countries) }),
    s_('path', { class: 'borders', d: path(borders) }));
  const dots = s_('g', { class: 'places' });
  // Largest first, so that small places are drawn on top and stay clickable.
  for (const p of m.places) {
    const xy = projection([p.lon, p.lat]);
    if (!xy) continue;
    const r = 2.5 + 14 * Math.sqrt(p.events / max);
    const c = s_('circle', { cx: xy[0].toFixed(1), cy: xy[1].toFixed(1), r: r.toFixed(1), class: 'place' + (s.place === p.id ? ' selected' : ''),
      'data-id': p.id, 'data-events': p.events, tabindex: 0, role: 'button', 'aria-label': `${p.name}: ${p.events} events` },
    s_('title', {}, document.createTextNode(`${p.name}${p.country ? ', ' + p.country : ''}: ${p.events} events`)));
    const choose = () => navigate({ place: p.id }, { replace: true });
    c.addEventListener('click', choose);
    c.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); choose(); } });
    dots.append(c);
  }
  view.append(dots);
  const svg = s_('svg', { viewBox: `0 0 ${width} ${height}`, class: 'world', role: 'img', 'aria-label': `World map: ${m.places.length} places of ${m.located} events` }, view);
  zoomable(svg, view, width, height);
  const list = h('div', { class: 'place-events', id: 'place-events' });
  root.append(
    h('p', { class: 'map-summary' }, `${m.total} events${s.from || s.to ? ` between ${s.from || 'the start'} and ${s.to || 'the end'}` : ''}: ${m.located} at ${m.places.length} places on the map, ${m.unlocated} at no place with coordinates. Scroll to zoom, drag to move, click a place for its events.`),
    h('div', { class: 'map-wrap' }, svg),
    h('p', { class: 'attribution' }, 'Base map: ', h('a', { href: 'https://www.naturalearthdata.com/' }, 'Natural Earth'), ' (public domain), via world-atlas (ISC licence). Place coordinates: GeoNames (CC BY 4.0).'),
    list);
  if (s.place) await placeEvents(list, s, filter, m.places.find((p) => p.id === s.place));
}

// zoomable lets the wheel zoom and a drag move the map (the SVG's view box).
function zoomable(svg, g, width, height) {
  let k = 1, x = 0, y = 0;
  const apply = () => g.setAttribute('transform', `translate(${x.toFixed(1)} ${y.toFixed(1)}) scale(${k.toFixed(3)})`);
  svg.addEventListener('wheel', (e) => {
    e.preventDefault();
    const box = svg.getBoundingClientRect();
    const px = (e.clientX - box.left) * width / box.width, py = (e.clientY - box.top) * height / box.height;
    const f = e.deltaY < 0 ? Math.pow(10, 0.1) : Math.pow(10, -0.1);
    const nk = Math.min(40, Math.max(1, k * f));
    x = px - (px - x) * nk / k; y = py - (py - y) * nk / k; k = nk;
    if (k === 1) { x = 0; y = 0; }
    apply();
  }, { passive: false });
  let drag = null;
  svg.addEventListener('pointerdown', (e) => { if (e.target.tagName !== 'circle') drag = { x: e.clientX, y: e.clientY, ox: x, oy: y }; });
  svg.addEventListener('pointermove', (e) => {
    if (!drag) return;
    const box = svg.getBoundingClientRect();
    x = drag.ox + (e.clientX - drag.x) * width / box.width; y = drag.oy + (e.clientY - drag.y) * height / box.height;
    apply();
  });
  const stop = () => { drag = null; };
  svg.addEventListener('pointerup', stop);
  svg.addEventListener('pointerleave', stop);
}

async function placeEvents(list, s, filter, place) {
  const per = 200;
  const offset = Math.max(0, (Number(s.page) || 1) - 1) * per;
  try {
    const body = await get('/api/events', { ...filter, place: s.place, limit: per, offset });
    clear(list).append(
      h('h3', {}, `Events at ${place?.name || s.place}${place?.country ? ', ' + place.country : ''}`, ' ',
        h('button', { type: 'button', class: 'linkish', onclick: () => navigate({ place: undefined, page: undefined }, { replace: true }) }, 'close')),
      pager(body.total, body.offset, body.events.length, 'events'),
      h('ol', { class: 'events', start: body.offset + 1 }, body.events.map(eventItem)),
      h('a', { class: 'button', href: `/api/csv/events?${query({ ...filter, place: s.place })}`, download: 'annals-place-events.csv' }, `CSV (all ${body.total})`));
  } catch (e) {
    clear(list).append(h('p', { class: 'error', role: 'alert' }, e.message));
  }
}
