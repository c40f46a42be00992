// The network view: the co-appearance subgraph from /api/network drawn with
// Cytoscape.js, sized by a metric, coloured by type or community, legislators ringed.
import cytoscape from 'cytoscape';
import { get, query } from './api.js';
import { h, clear, status, download } from './dom.js';
import { navigate, read } from './state.js';

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

// needsMetrics: the analytics (PageRank, betweenness, communities) cost the server far
// more than the network itself on large graphs, so the view asks for them only when it
// shows them.
function needsMetrics(s) {
  return (s.size && s.size !== 'events') || s.color === 'community';
}

let cy = null;
let loadedKey = '';
let network = null;
let inflight = null;
let loading = Promise.resolve(null);
// timing of the last network drawn, in ms (for the tests and the curious).
const timing = (window.__annalsTiming = {});

export async function render(main, s, { onNode, onEdge }) {
  const key = query(selection(s)) + (needsMetrics(s) ? '&metrics' : '');
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
      const t0 = performance.now();
      const pending = get('/api/network', { ...selection(s), metrics: needsMetrics(s) ? undefined : 'false' }, inflight.signal);
      loading = pending.catch(() => null);
      network = await pending;
      timing.fetch = Math.round(performance.now() - t0);
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
    // Size or colour may have changed while it loaded: draw the state as it is now.
    s = read();
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

// Past these, a network is drawn for speed: the heaviest ties only, labels on the
// largest nodes only (the rest show on hover of the list and in the panel).
const maxEdges = 8000;
const maxLabels = 250;

function draw(container, s, { onNode, onEdge }) {
  cy?.destroy();
  const t0 = performance.now();
  const big = network.nodes.length > 600;
  const look = looks(s);
  const elements = [];
  for (const n of network.nodes) {
    elements.push({ data: { id: n.id, label: n.label, type: n.type, shape: typeShape[n.type] || 'ellipse', legislator: n.legislator ? 1 : 0, node: n, ...look.get(n.id) } });
  }
  let edges = network.edges;
  if (edges.length > maxEdges) edges = [...edges].sort((a, b) => b.weight - a.weight).slice(0, maxEdges);
  network.drawnEdges = edges.length;
  let wmax = 1;
  for (const e of edges) wmax = Math.max(wmax, e.weight);
  for (const e of edges) {
    elements.push({ data: { id: `${e.source}|${e.target}`, source: e.source, target: e.target, weight: e.weight, w: 1 + 5 * Math.sqrt(e.weight / wmax), edge: e } });
  }
  cy = cytoscape({
    container, elements,
    minZoom: 0.05, maxZoom: 5, wheelSensitivity: 0.3,
    // Large graphs: draw a bitmap while panning and hide edges during it.
    textureOnViewport: big, hideEdgesOnViewport: big, pixelRatio: big ? 1 : 'auto',
    style: [
      { selector: 'node', style: {
        label: 'data(lbl)', width: 'data(size)', height: 'data(size)', 'background-color': 'data(color)', shape: 'data(shape)',
        'font-size': 10, 'min-zoomed-font-size': big ? 9 : 7, 'text-valign': 'bottom', 'text-margin-y': 2,
        color: '#222', 'text-outline-color': '#fff', 'text-outline-width': big ? 0 : 2, 'border-width': 1, 'border-color': '#fff',
      } },
      { selector: 'node[legislator = 1]', style: { 'border-width': 4, 'border-color': '#b00020', 'border-style': 'double' } },
      { selector: 'edge', style: { 'curve-style': 'haystack', 'line-color': '#9aa4ae', opacity: 0.6, width: 'data(w)' } },
      { selector: 'node:selected', style: { label: 'data(label)', 'overlay-color': '#ffd400', 'overlay-opacity': 0.45, 'overlay-padding': 6 } },
      { selector: 'edge:selected', style: { 'line-color': '#e6a800', opacity: 1, 'z-index': 10 } },
      { selector: '.faded', style: { opacity: 0.15 } },
    ],
    layout: layout(network.nodes.length),
  });
  // The canvas follows its box (the details panel opens and closes beside it).
  new ResizeObserver(() => cy && !cy.destroyed() && cy.resize()).observe(container);
  // A small network should not fill the canvas with a few huge nodes.
  if (cy.zoom() > 1.6) { cy.zoom(1.6); cy.center(); }
  cy.on('tap', 'node', (ev) => onNode(ev.target.id()));
  cy.on('tap', 'edge', (ev) => onEdge(ev.target.data('source'), ev.target.data('target')));
  cy.on('tap', (ev) => { if (ev.target === cy) navigate({ sel: undefined }, { replace: true }); });
  timing.draw = Math.round(performance.now() - t0);
  timing.nodes = network.nodes.length;
  timing.edges = network.edges.length;
  timing.drawnEdges = edges.length;
  window.__annalsCy = cy; // for the end-to-end tests and the console
}

function layout(n) {
  if (n <= 500) return { name: 'cose', animate: false, randomize: false, numIter: n > 200 ? 600 : 1000, nodeRepulsion: () => 9000, idealEdgeLength: () => 60, padding: 20 };
  // cose is quadratic: thousands of nodes get rings by size instead.
  return { name: 'concentric', animate: false, concentric: (node) => node.data('node').events, levelWidth: () => 3, minNodeSpacing: 4, padding: 20 };
}

// looks gives every node its size (by the chosen metric), colour (by type or
// community) and label (on large networks, only the largest nodes carry one).
function looks(s) {
  const m = metrics[s.size] || metrics.events;
  let max = 0;
  for (const n of network.nodes) max = Math.max(max, m.value(n));
  const labelled = new Set();
  if (network.nodes.length > maxLabels) {
    for (const n of [...network.nodes].sort((a, b) => m.value(b) - m.value(a)).slice(0, maxLabels)) labelled.add(n.id);
  }
  const out = new Map();
  for (const n of network.nodes) {
    const v = max > 0 ? Math.sqrt(m.value(n) / max) : 0;
    out.set(n.id, {
      size: 12 + 48 * v,
      color: s.color === 'community' ? palette[(n.metrics?.community ?? 0) % palette.length] : typeColor[n.type],
      lbl: !labelled.size || labelled.has(n.id) ? n.label : '',
    });
  }
  return out;
}

// style applies size and colour from the state without a new layout.
function style(s) {
  if (!cy) return;
  const look = looks(s);
  cy.batch(() => cy.nodes().forEach((el) => el.data(look.get(el.id()))));
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
  // Bring a node chosen elsewhere (search, list, link) into view.
  const bb = cy.extent(), p = el.isNode() ? el.position() : el.midpoint();
  if (p.x < bb.x1 || p.x > bb.x2 || p.y < bb.y1 || p.y > bb.y2) cy.center(el);
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
  const sel = { ...selection(s), metrics: needsMetrics(s) || (network?.nodes.length ?? 0) <= 1500 ? undefined : 'false' };
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
    network.edges.length > maxEdges ? h('span', { class: 'note' }, `The ${maxEdges} heaviest of ${network.edges.length} ties are drawn; raise “Min. shared events” or pick a seed to see the rest.`) : null,
    network.nodes.length > maxLabels ? h('span', { class: 'note' }, `Labels on the ${maxLabels} largest nodes; zoom in or select a node for the others.`) : null,
    h('span', {}, `Size: ${(metrics[s.size] || metrics.events).label}. Click a node for its profile, a tie for the shared events.`));
}

// nodeList gives keyboard and screen-reader users the nodes the canvas shows.
function nodeList() {
  const top = [...network.nodes].sort((a, b) => b.events - a.events);
  return h('details', { class: 'node-list' }, h('summary', {}, `All ${top.length} nodes as a list`),
    h('ul', {}, top.map((n) => h('li', {}, h('button', { type: 'button', class: 'linkish', onclick: () => navigate({ sel: 'n:' + n.id }, { replace: true }) },
      n.label), ` (${n.type}${n.legislator ? ', legislator' : ''}, ${n.events} events)`))));
}

// loaded resolves once the network being fetched (if any) is there.
export function loaded() {
  return loading;
}

export function edgeData(a, b) {
  if (!network) return null;
  return network.edges.find((e) => (e.source === a && e.target === b) || (e.source === b && e.target === a)) || null;
}

// tiesOf lists the ties of a node in the network on view, heaviest first.
export function tiesOf(id) {
  if (!network) return [];
  const byId = new Map(network.nodes.map((n) => [n.id, n]));
  return network.edges.filter((e) => e.source === id || e.target === id)
    .map((edge) => ({ edge, other: byId.get(edge.source === id ? edge.target : edge.source) }))
    .sort((a, b) => b.edge.weight - a.edge.weight || (a.other?.label ?? '').localeCompare(b.other?.label ?? ''));
}

export function nodeData(id) {
  return network?.nodes.find((n) => n.id === id) || null;
}
