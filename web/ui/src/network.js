// The network view: the co-appearance subgraph from /api/network drawn with
// Cytoscape.js, sized by a metric, coloured by type or community, legislators ringed.
import cytoscape from 'cytoscape';
import { get, query } from './api.js';
import { h, clear, status, download } from './dom.js';
import { navigate } from './state.js';

export const typeColor = { person: '#1f6fb2', body: '#d9730d', place: '#2e8b57', event: '#777777' };
const typeShape = { person: 'ellipse', body: 'round-rectangle', place: 'triangle', event: 'diamond' };
const palette = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac', '#86bcb6', '#d37295'];
const metrics = {
  events: { label: 'events', value: (n) => n.events },
  degree: { label: 'degree', value: (n) => n.metrics?.degree ?? 0 },
  weighted_degree: { label: 'weighted degree', value: (n) => n.metrics?.weighted_degree ?? 0 },
  pagerank: { label: 'PageRank', value: (n) => n.metrics?.pagerank ?? 0 },
  betweenness: { label: 'betweenness', value: (n) => n.metrics?.betweenness ?? 0 },
};

// selection is the part of the state that chooses the subgraph (the /api/network and
// /api/export parameters).
export function selection(s) {
  return {
    seed: s.seed, depth: s.seed ? s.depth : undefined, from: s.from, to: s.to,
    types: s.types, legislators: s.leg === '1' ? 'true' : undefined, min_weight: s.minw,
  };
}

let cy = null;
let loadedKey = '';
let network = null;
let inflight = null;

export async function render(main, s, { onNode, onEdge }) {
  const key = query(selection(s));
  let root = main.querySelector('.network-view');
  if (!root) {
    clear(main);
    root = h('section', { class: 'network-view', 'aria-labelledby': 'network-title' });
    main.append(root);
    loadedKey = '';
  }
  if (key !== loadedKey) {
    loadedKey = key;
    inflight?.abort();
    inflight = new AbortController();
    root.setAttribute('aria-busy', 'true');
    status('Loading the network…');
    try {
      network = await get('/api/network', selection(s), inflight.signal);
    } catch (e) {
      if (e.name === 'AbortError') return;
      if (!root.isConnected) { loadedKey = ''; return; }
      loadedKey = '';
      root.removeAttribute('aria-busy');
      clear(root).append(toolbar(s), h('p', { class: 'error', role: 'alert' }, e.message));
      status(e.message, true);
      return;
    }
    // The user may have left the view while the network loaded.
    if (!root.isConnected) { loadedKey = ''; return; }
    root.removeAttribute('aria-busy');
    status(`${network.nodes.length} nodes, ${network.edges.length} ties`);
    clear(root).append(toolbar(s), legend(s), h('div', { id: 'cy', role: 'img', 'aria-label': `Co-appearance network: ${network.nodes.length} nodes and ${network.edges.length} ties. Use the list below to reach nodes by keyboard.` }), nodeList());
    draw(root.querySelector('#cy'), s, { onNode, onEdge });
  } else {
    // Same subgraph: restyle and reselect only.
    const bar = root.querySelector('.toolbar');
    bar.replaceWith(toolbar(s));
    root.querySelector('.legend').replaceWith(legend(s));
    style(s);
  }
  select(s);
}

function draw(container, s, { onNode, onEdge }) {
  cy?.destroy();
  const elements = [];
  for (const n of network.nodes) {
    elements.push({ data: { id: n.id, label: n.label, type: n.type, legislator: n.legislator ? 1 : 0, node: n } });
  }
  for (const e of network.edges) {
    elements.push({ data: { id: `${e.source}|${e.target}`, source: e.source, target: e.target, weight: e.weight, edge: e } });
  }
  const big = network.nodes.length > 600;
  cy = cytoscape({
    container, elements,
    minZoom: 0.05, maxZoom: 5, wheelSensitivity: 0.3,
    // Large graphs: draw a bitmap while panning and hide edges during it.
    textureOnViewport: big, hideEdgesOnViewport: big, pixelRatio: big ? 1 : 'auto',
    style: [
      { selector: 'node', style: {
        label: 'data(label)', 'font-size': 10, 'min-zoomed-font-size': 7, 'text-valign': 'bottom', 'text-margin-y': 2,
        color: '#222', 'text-outline-color': '#fff', 'text-outline-width': 2, 'border-width': 1, 'border-color': '#fff',
      } },
      { selector: 'node[legislator = 1]', style: { 'border-width': 4, 'border-color': '#b00020', 'border-style': 'double' } },
      { selector: 'edge', style: { 'curve-style': 'haystack', 'line-color': '#9aa4ae', opacity: 0.6 } },
      { selector: 'node:selected', style: { 'overlay-color': '#ffd400', 'overlay-opacity': 0.45, 'overlay-padding': 6 } },
      { selector: 'edge:selected', style: { 'line-color': '#e6a800', opacity: 1, 'z-index': 10 } },
      { selector: '.faded', style: { opacity: 0.15 } },
    ],
    layout: layout(network.nodes.length),
  });
  // A small network should not fill the canvas with a few huge nodes.
  if (cy.zoom() > 1.6) { cy.zoom(1.6); cy.center(); }
  style(s);
  cy.on('tap', 'node', (ev) => onNode(ev.target.id()));
  cy.on('tap', 'edge', (ev) => onEdge(ev.target.data('source'), ev.target.data('target')));
  cy.on('tap', (ev) => { if (ev.target === cy) navigate({ sel: undefined }, { replace: true }); });
  window.__annalsCy = cy; // for the end-to-end tests and the console
}

function layout(n) {
  if (n <= 500) return { name: 'cose', animate: false, randomize: false, numIter: n > 200 ? 600 : 1000, nodeRepulsion: () => 9000, idealEdgeLength: () => 60, padding: 20 };
  // cose is quadratic: thousands of nodes get rings by size instead.
  return { name: 'concentric', animate: false, concentric: (node) => node.data('node').events, levelWidth: () => 3, minNodeSpacing: 4, padding: 20 };
}

// style applies size and colour from the state without a new layout.
function style(s) {
  if (!cy) return;
  const m = metrics[s.size] || metrics.events;
  let max = 0;
  for (const n of network.nodes) max = Math.max(max, m.value(n));
  cy.batch(() => {
    cy.nodes().forEach((el) => {
      const n = el.data('node');
      const v = max > 0 ? Math.sqrt(m.value(n) / max) : 0;
      const size = 12 + 48 * v;
      const color = s.color === 'community' ? palette[(n.metrics?.community ?? 0) % palette.length] : typeColor[n.type];
      el.style({ width: size, height: size, 'background-color': color, shape: typeShape[n.type] || 'ellipse' });
    });
    let wmax = 1;
    cy.edges().forEach((e) => { wmax = Math.max(wmax, e.data('weight')); });
    cy.edges().forEach((e) => e.style('width', 1 + 5 * Math.sqrt(e.data('weight') / wmax)));
  });
}

function select(s) {
  if (!cy) return;
  cy.elements().unselect();
  cy.elements().removeClass('faded');
  if (!s.sel) return;
  const [kind, rest] = [s.sel.slice(0, 2), s.sel.slice(2)];
  const el = kind === 'n:' ? cy.getElementById(rest) : kind === 'e:' ? cy.getElementById(rest) : null;
  if (!el || el.empty()) return;
  el.select();
  const near = el.isNode() ? el.closedNeighborhood() : el.union(el.connectedNodes());
  cy.elements().not(near).addClass('faded');
}

function toolbar(s) {
  const bar = h('form', { class: 'toolbar', 'aria-label': 'Network options', onsubmit: (e) => e.preventDefault() });
  const types = new Set((s.types || '').split(','));
  const typeBox = (t, label) => h('label', {}, h('input', {
    type: 'checkbox', checked: types.has(t), onchange: (e) => {
      e.target.checked ? types.add(t) : types.delete(t);
      types.delete('');
      navigate({ types: [...types].join(',') || 'person' });
    },
  }), ' ', label);
  const selectBox = (id, label, value, options, key) => h('label', { for: id }, label + ' ', h('select', { id, onchange: (e) => navigate({ [key]: e.target.value }, { replace: true }) },
    options.map(([v, l]) => h('option', { value: v, selected: v === value }, l))));
  bar.append(...[
    h('h2', { id: 'network-title' }, s.seed ? 'Around ' + (network?.nodes.find((n) => n.id === s.seed)?.label || s.seed) : 'Co-appearance network'),
    s.seed ? h('button', { type: 'button', onclick: () => navigate({ seed: undefined, depth: undefined }) }, 'Whole graph') : null,
    s.seed ? selectBox('depth', 'Depth', s.depth, [['1', '1'], ['2', '2'], ['3', '3']], 'depth') : null,
    h('fieldset', {}, h('legend', {}, 'Show'), typeBox('person', 'people'), typeBox('body', 'bodies'), typeBox('place', 'places')),
    h('label', {}, h('input', { type: 'checkbox', checked: s.leg === '1', onchange: (e) => navigate({ leg: e.target.checked ? '1' : undefined }) }), ' legislators only'),
    h('label', { for: 'minw' }, 'Min. shared events ', h('input', { id: 'minw', type: 'number', min: 1, max: 99, value: s.minw || 1, size: 2, onchange: (e) => navigate({ minw: e.target.value > 1 ? e.target.value : undefined }) })),
    selectBox('size', 'Size by', s.size, Object.entries(metrics).map(([k, m]) => [k, m.label]), 'size'),
    selectBox('color', 'Colour by', s.color, [['type', 'type'], ['community', 'community']], 'color'),
    exports(s),
  ].filter(Boolean));
  return bar;
}

function exports(s) {
  const sel = selection(s);
  const link = (format, label) => h('a', { class: 'button', href: `/api/export?${query({ ...sel, format })}`, download: '', 'data-format': format }, label);
  return h('div', { class: 'exports', role: 'group', 'aria-label': 'Export this view' }, 'Export: ',
    link('graphml', 'GraphML'), link('gexf', 'GEXF'), link('csv', 'CSV'),
    h('button', { type: 'button', onclick: () => png() }, 'PNG'));
}

function png() {
  if (!cy) return;
  const blob = cy.png({ output: 'blob', full: true, scale: 2, bg: '#ffffff', maxWidth: 4000, maxHeight: 4000 });
  download(blob, 'annals-network.png');
}

function legend(s) {
  const items = s.color === 'community'
    ? [h('span', {}, `${network.summary?.communities ?? '?'} communities (Louvain), modularity ${(network.summary?.modularity ?? 0).toFixed(2)}`)]
    : Object.entries({ person: 'person', body: 'body', place: 'place' }).map(([t, l]) => h('span', { class: `key ${t}` }, h('i', { style: `background:${typeColor[t]}` }), l));
  return h('p', { class: 'legend' }, ...items, h('span', { class: 'key leg' }, h('i', {}), 'legislator / legislative body'),
    h('span', {}, `Size: ${(metrics[s.size] || metrics.events).label}. Click a node for its profile, a tie for the shared events.`));
}

// nodeList gives keyboard and screen-reader users the nodes the canvas shows.
function nodeList() {
  const top = [...network.nodes].sort((a, b) => b.events - a.events);
  return h('details', { class: 'node-list' }, h('summary', {}, `All ${top.length} nodes as a list`),
    h('ul', {}, top.map((n) => h('li', {}, h('button', { type: 'button', class: 'linkish', onclick: () => navigate({ sel: 'n:' + n.id }, { replace: true }) },
      n.label), ` (${n.type}${n.legislator ? ', legislator' : ''}, ${n.events} events)`))));
}

export function edgeData(a, b) {
  if (!network) return null;
  return network.edges.find((e) => (e.source === a && e.target === b) || (e.source === b && e.target === a)) || null;
}

export function nodeData(id) {
  return network?.nodes.find((n) => n.id === id) || null;
}
