// The network view: the co-appearance subgraph from /api/explorer/network drawn with
// sigma.js (WebGL), laid out by ForceAtlas2 in a web worker, sized by a metric,
// coloured by type or community, legislators ringed. Filters (minimum shared events),
// size, colour and the selection change node and tie attributes in place: the graph is
// never rebuilt for them, so the page stays responsive at any size.
import { getInWorker, query } from './api.js';
import { h, clear, status, download } from './dom.js';
import { navigate, read } from './state.js';
import { Graph, createRenderer, layoutArrays, applyPositions, flyTo, afterRender, png, nextTask, seededPosition, span, traceRenderer, setGraphInSlices, gpuDone, slicer, hideLayers, showLayers } from './graphview.js';

export const typeColor = { person: '#1f6fb2', body: '#d9730d', place: '#2e8b57', event: '#777777' };
const legColor = '#b00020';
const palette = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac', '#86bcb6', '#d37295'];
const metrics = {
  events: { label: 'events', value: (n) => n.events },
  degree: { label: 'degree', value: (n) => n.metrics?.degree ?? 0 },
  weighted_degree: { label: 'weighted degree', value: (n) => n.metrics?.weighted_degree ?? 0 },
  pagerank: { label: 'PageRank', value: (n) => n.metrics?.pagerank ?? 0 },
  betweenness: { label: 'betweenness', value: (n) => n.metrics?.betweenness ?? 0 },
};

// selection is the part of the state that chooses the subgraph (the /api/network and
// /api/export parameters). The minimum of shared events is applied in the page.
export function selection(s) {
  return {
    seed: s.seed, depth: s.seed ? s.depth : undefined, from: s.from, to: s.to,
    types: s.types, legislators: s.leg === '1' ? 'true' : undefined,
  };
}

// needsMetrics: the analytics (PageRank, betweenness, communities) cost the server far
// more than the network itself on large graphs, so the view asks for them only when it
// shows them.
function needsMetrics(s) {
  return (s.size && s.size !== 'events') || s.color === 'community';
}

let net = null; // { data, graph, renderer, labels, stopLayout, minw, byWeight, nodeMax }
let loadedKey = '';
let inflight = null;
let loading = Promise.resolve(null);
let selected = '';
// timing of the last network drawn, in ms (for the tests and the curious).
const timing = (window.__annalsTiming = {});

// Big networks: thin ties (one-pixel lines, hidden while moving) and no tie picking
// under the pointer (a node's ties are in its panel).
const bigEdges = 10000;
// Past maxDrawn ties, the heaviest are drawn (the graph says so): every tie drawn is
// uploaded to the GPU whenever the drawing changes, which under software WebGL blocks
// the page for a time that grows with the ties, and tens of thousands of ties draw as
// a grey disc anyway. The layout uses every tie.
const maxDrawn = 3000;

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
    // The network on view is being replaced: the tests' and the console's handle on it
    // goes until the new one is drawn.
    window.__annalsNet = null;
    inflight?.abort();
    inflight = new AbortController();
    root.setAttribute('aria-busy', 'true');
    status('Loading the network…');
    let data, done;
    loading = new Promise((ok) => { done = ok; });
    try {
      const t0 = performance.now();
      data = await getInWorker('/api/explorer/network', { ...selection(s), metrics: needsMetrics(s) ? undefined : 'false' }, inflight.signal);
      timing.fetch = Math.round(performance.now() - t0);
      if (!root.isConnected) { loadedKey = ''; done(null); return; }
      destroy();
      s = read(); // size or colour may have changed while it loaded
      root.removeAttribute('aria-busy');
      const tp = performance.now();
      clear(root).append(toolbar(s, data), legend(s, data),
        // The note over the graph says what is left out; it never changes the graph's
        // size (a resize costs the renderer a reallocation).
        h('div', { class: 'graph-wrap' },
          h('div', { id: 'graph', class: 'graph', role: 'img', 'aria-label': `Co-appearance network: ${data.nodes.length} nodes and ${data.source.length} ties. Use the list below to reach nodes by keyboard.` }),
          h('p', { id: 'filter-note', class: 'graph-note', role: 'status' })),
        nodeList(data));
      span('page', tp);
      await draw(root.querySelector('#graph'), data, s, { onNode, onEdge });
      done(net);
    } catch (e) {
      done(null);
      if (e.name === 'AbortError') return;
      loadedKey = '';
      if (!root.isConnected) return;
      root.removeAttribute('aria-busy');
      clear(root).append(toolbar(s, null), h('p', { class: 'error', role: 'alert' }, e.message));
      status(e.message, true);
      return;
    }
    status(`${data.nodes.length} nodes, ${data.source.length} ties`);
  } else if (net) {
    // Same network: the toolbar and legend follow the state; sizes and colours are
    // recomputed only when they changed (every node is re-processed then).
    root.querySelector('.toolbar').replaceWith(toolbar(s, net.data));
    const look = `${s.size}|${s.color}`;
    if (look !== net.look) {
      root.querySelector('.legend').replaceWith(legend(s, net.data));
      style(s);
      net.look = look;
      note(net.minw);
    }
  }
  if (net) {
    filter(Number(s.minw) || 1);
    select(s);
  }
}

// leave stops the renderer and the layout when another view replaces the network.
export function leave() {
  inflight?.abort();
  destroy();
  loadedKey = '';
}

function destroy() {
  net?.stopLayout?.();
  net?.renderer.kill();
  net = null;
  selected = '';
}

// draw builds the graph a slice of nodes and ties at a time (the page answers in
// between), sets the renderer up, and draws the network: a large one once laid out
// (ForceAtlas2 runs in its worker meanwhile), a small one at once, moving as its
// layout improves. Each phase is a User Timing measure (annals:*).
async function draw(container, data, s, { onNode, onEdge }) {
  // The page around the graph was built in this task: the graph starts in the next.
  await nextTask();
  const t0 = performance.now();
  const graph = new Graph({ type: 'undirected', multi: false, allowSelfLoops: false });
  const look = looks(s, data.nodes);
  // Nodes a slice per task: a graph of tens of thousands of nodes built in one task
  // blocks the page on a slow machine.
  let slice = slicer('graph-nodes');
  for (let i = 0; i < data.nodes.length; i++) {
    const n = data.nodes[i];
    graph.addNode(n.id, { label: n.label, ...seedXY(n.id), ...look[i], i });
    if (slice.due(i)) await slice.next();
  }
  slice.end();
  // The worker that fetched the network ordered the ties by weight, lightest first (a
  // new minimum touches only the ties between the two minima; the heaviest maxDrawn
  // are drawn), and found each node's heaviest tie.
  const m = data.source.length;
  const { order: byWeight, nodeMax, wmax } = data;
  await nextTask();
  slice = slicer('graph-ties');
  const drawn = byWeight.subarray(Math.max(0, m - maxDrawn));
  for (let k = 0; k < drawn.length; k++) {
    const i = drawn[k], w = data.weight[i];
    graph.addEdgeWithKey(i, data.nodes[data.source[i]].id, data.nodes[data.target[i]].id, { weight: w, size: 1 + 3 * Math.sqrt(w / wmax), color: '#c3cad1' });
    if (slice.due(k)) await slice.next();
  }
  slice.end();
  timing.build = Math.round(performance.now() - t0);
  // A large network is laid out before it is drawn, while the renderer sets up: drawn
  // at its start positions it would move once, to its final layout, and every move
  // of every node is a full pass of the renderer over the graph (one long task).
  const once = graph.order + graph.size > 10000;
  const tl = performance.now();
  let stopFirst = null;
  const laidOutFirst = once ? new Promise((ok) => {
    const stop = layoutArrays(graph, graph.nodes(), data, (ids, positions, done) => { if (done) ok({ ids, positions }); }, null, Infinity);
    stopFirst = () => { stop(); ok(null); };
  }) : null;
  if (once) status(`Laying out ${data.nodes.length} nodes and ${m} ties…`);
  // A frame for the page built around the graph (toolbar, legend, node list): its
  // layout and paint are the page's, in tasks before the set-up's.
  await new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 0)));
  const big = m > bigEdges / 2;
  // WebGL set-up (contexts, shader programs, their first draw) is a fixed cost, the
  // same for any network and long under software rendering: it is paid on a
  // two-node placeholder, in tasks of its own (marked for the tests), before the
  // network is handed to the renderer.
  // The mark ends a task and the set-up starts the next: a task's start is taken
  // before its timer fires, so a mark made inside the set-up's first task would come
  // after that task's start (by more on a busy machine) and not cover it.
  const tw = performance.now();
  performance.mark('annals:webgl-start');
  await nextTask();
  const warm = new Graph();
  // Labels of spaces: the label layer's font is loaded here too.
  warm.addNode('a', { x: 0, y: 0, size: 1, color: '#ffffff', label: ' ', forceLabel: true });
  warm.addNode('b', { x: 1, y: 1, size: 1, color: '#ffffff', label: ' ', forceLabel: true });
  warm.addEdge('a', 'b', { size: 1, color: '#ffffff' });
  const edgeEvents = !big;
  const { renderer, labels } = createRenderer(container, warm, { edgeEvents, thinEdges: big });
  await afterRender(renderer);
  // The GPU compiles and draws behind the page: wait for it here, in the set-up, and
  // not in the network's first frame.
  await finishGL(renderer);
  performance.mark('annals:webgl-ready');
  timing.webgl = Math.round(performance.now() - tw);
  await nextTask();
  // Left during the set-up (another view, another network): stop here.
  if (!container.isConnected) { stopFirst?.(); renderer.kill(); return; }
  net = { look: `${s.size}|${s.color}`, data, graph, renderer, labels, minw: 1, byWeight: drawn, nodeMax, faded: null, drawnMin: drawn.length ? data.weight[drawn[0]] : 0, stopLayout: stopFirst };
  if (once) {
    const mine = net;
    const laid = await laidOutFirst;
    if (net !== mine || !laid) return;
    const { ids, positions } = laid;
    const tp = performance.now();
    applyPositions(graph, ids, positions);
    span('positions', tp);
    timing.layout = Math.round(performance.now() - tl);
    await nextTask();
    if (net !== mine) return;
  }
  const t1 = performance.now();
  const mine = net;
  renderer.setSetting('nodeReducer', nodeReducer);
  renderer.setSetting('edgeReducer', edgeReducer);
  const untrace = traceRenderer(renderer);
  // The graph is handed to the renderer a slice per task, drawn once, and shown when
  // the GPU has drawn it, a layer per frame: a WebGL canvas on screen is read back at
  // the frame after it changed (software compositing), and that read waits, blocking
  // the page, until the GPU (under software WebGL, the same CPU) has drawn the whole
  // picture. Hidden, the layers are not read; the page waits for the GPU without
  // blocking, then each frame reads one layer.
  hideLayers(renderer);
  if (!(await setGraphInSlices(renderer, graph, { alive: () => net === mine }))) { untrace(); return; }
  await nextTask();
  if (net !== mine) { untrace(); return; }
  renderer.render();
  await gpuDone(renderer);
  if (net !== mine) { untrace(); return; }
  await showLayers(renderer);
  if (net !== mine) { untrace(); return; }
  timing.render = Math.round(performance.now() - t1);
  renderer.on('clickNode', ({ node }) => onNode(node));
  renderer.on('clickEdge', ({ edge }) => {
    const [a, b] = graph.extremities(edge);
    onEdge(a, b);
  });
  // A click beside a thin tie still picks it: sigma picks ties on a buffer of half the
  // canvas's resolution, where a tie of one or two pixels is often missed, so a click
  // on the stage looks for the nearest tie a few pixels around before it clears the
  // selection.
  renderer.on('clickStage', ({ event }) => {
    const edge = edgeEvents ? tieNear(renderer, event.x, event.y) : null;
    if (edge) {
      const [a, b] = graph.extremities(edge);
      onEdge(a, b);
      return;
    }
    navigate({ sel: undefined }, { replace: true });
  });
  renderer.on('enterNode', () => { container.style.cursor = 'pointer'; });
  renderer.on('leaveNode', () => { container.style.cursor = ''; });
  await afterRender(renderer);
  if (net !== mine) return;
  if (once) {
    mine.laidOut = true;
    afterRender(renderer).then(untrace);
  } else {
    const tl = performance.now();
    mine.stopLayout = layoutArrays(graph, graph.nodes(), data, (ids, positions) => {
      if (net !== mine) return;
      applyPositions(graph, ids, positions);
    }, () => {
      timing.layout = Math.round(performance.now() - tl);
      mine.laidOut = true;
      afterRender(renderer).then(untrace);
    });
  }
  timing.nodes = data.nodes.length;
  timing.edges = m;
  timing.drawnEdges = drawn.length;
  net.visible = { nodes: data.nodes.length, ties: m, drawn: drawn.length };
  note(1);
  window.__annalsNet = net; // for the end-to-end tests and the console
}

// finishGL waits until the renderer's WebGL contexts have done every command sent
// (a one-pixel read is a round trip to the GPU process), each in a task of its own.
async function finishGL(renderer) {
  for (const c of Object.values(renderer.getCanvases())) {
    const gl = c.getContext('webgl2') || c.getContext('webgl');
    if (!gl) continue;
    gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
    await nextTask();
  }
}

// Offsets of a few pixels around a point, nearest first.
const around = [];
for (let dx = -3; dx <= 3; dx++) for (let dy = -3; dy <= 3; dy++) if ((dx || dy) && dx * dx + dy * dy <= 9) around.push([dx, dy]);
around.sort((p, q) => p[0] * p[0] + p[1] * p[1] - q[0] * q[0] - q[1] * q[1]);

// tieNear is the drawn tie nearest a point of the viewport within three pixels, or null.
function tieNear(renderer, x, y) {
  for (const [dx, dy] of around) {
    const edge = renderer.getEdgeAtPoint(x + dx, y + dy);
    if (edge !== null && edge !== undefined) return edge;
  }
  return null;
}

function seedXY(id) {
  return seededPosition(id);
}

function nodeReducer(id, a) {
  if (!net) return a;
  const out = a;
  const hidden = net.nodeMax[a.i] < net.minw && net.minw > 1;
  if (hidden) return { ...a, hidden: true };
  if (net.faded && !net.faded.has(id)) return { ...a, color: '#e3e7eb', label: '' };
  if (id === selected || net.tie?.includes(id)) return { ...a, highlighted: true, forceLabel: true };
  return out;
}

function edgeReducer(e, a) {
  if (!net) return a;
  if (a.weight < net.minw) return { ...a, hidden: true };
  if (net.faded) {
    const [s, t] = net.graph.extremities(e);
    const hit = net.tie ? net.tie.includes(s) && net.tie.includes(t) : s === selected || t === selected;
    return { ...a, color: hit ? '#e6a800' : '#eef0f2' };
  }
  return a;
}

// filter hides the ties of fewer than minw shared events, and the nodes left without a
// tie. Only the ties and nodes whose visibility changes are refreshed, a slice per task
// so that the page answers in between; a change made while slices remain widens the
// range still to refresh.
function filter(minw) {
  if (!net || minw === net.minw) return;
  const t0 = performance.now();
  const lo = Math.min(minw, net.minw), hi = Math.max(minw, net.minw);
  net.pending = net.pending ? [Math.min(lo, net.pending[0]), Math.max(hi, net.pending[1])] : [lo, hi];
  net.minw = minw;
  const { data, byWeight, nodeMax } = net;
  let shown = 0, ties = 0, drawn = 0;
  for (let i = 0; i < data.nodes.length; i++) if (nodeMax[i] >= minw || minw <= 1) shown++;
  for (let i = 0; i < data.source.length; i++) if (data.weight[i] >= minw) ties++;
  for (const i of byWeight) if (data.weight[i] >= minw) drawn++;
  net.visible = { nodes: shown, ties, drawn };
  note(minw);
  timing.filter = Math.round(performance.now() - t0);
  refreshPending(net);
}

const slice = 2000;

async function refreshPending(mine) {
  const run = (mine.run = (mine.run || 0) + 1);
  const [lo, hi] = mine.pending;
  const { data, byWeight, nodeMax, renderer } = mine;
  if (mine.faded) {
    mine.pending = null;
    renderer.refresh({ schedule: true });
    return;
  }
  const nodes = [];
  data.nodes.forEach((n, i) => { if (nodeMax[i] >= lo && nodeMax[i] < hi) nodes.push(n.id); });
  const edges = [];
  for (const i of byWeight) {
    const w = data.weight[i];
    if (w >= hi) break;
    if (w >= lo) edges.push(String(i));
  }
  for (let k = 0; k < Math.max(nodes.length, edges.length); k += slice) {
    if (mine.run !== run || net !== mine) return; // a newer change refreshes the whole range
    renderer.refresh({ partialGraph: { nodes: nodes.slice(k, k + slice), edges: edges.slice(k, k + slice) }, skipIndexation: true, schedule: true });
    if (k + slice < Math.max(nodes.length, edges.length)) await nextTask();
  }
  if (mine.run === run) mine.pending = null;
}

// note says what the view shows of the network: nothing is left out silently.
function note(minw) {
  const el = document.getElementById('filter-note');
  if (!el || !net) return;
  const { data } = net;
  const v = net.visible || { nodes: data.nodes.length, ties: data.source.length, drawn: net.byWeight.length };
  const parts = [];
  if (minw > 1) parts.push(`Ties of at least ${minw} shared events: ${v.nodes} of ${data.nodes.length} nodes, ${v.ties} of ${data.source.length} ties.`);
  if (v.drawn < v.ties) parts.push(`The ${v.drawn} heaviest of these ${v.ties} ties are drawn (all shape the layout); raise “Min. shared events” or choose a node for the rest.`);
  el.textContent = parts.join(' ');
  el.hidden = !parts.length;
}

// looks gives every node its size (by the chosen metric) and colour (by type or
// community); legislators get a red border colour.
function looks(s, nodes) {
  const m = metrics[s.size] || metrics.events;
  let max = 0;
  for (const n of nodes) max = Math.max(max, m.value(n));
  return nodes.map((n) => {
    const v = max > 0 ? Math.sqrt(m.value(n) / max) : 0;
    return {
      size: 3 + 17 * v,
      color: s.color === 'community' ? palette[(n.metrics?.community ?? 0) % palette.length] : typeColor[n.type],
      type: 'circle',
      legislator: !!n.legislator,
    };
  });
}

// style applies size and colour from the state without a new layout.
function style(s) {
  if (!net) return;
  const look = looks(s, net.data.nodes);
  net.graph.updateEachNodeAttributes((id, a) => ({ ...a, size: look[a.i].size, color: look[a.i].color }), { attributes: ['size', 'color'] });
}

function select(s) {
  if (!net) return;
  const id = s.sel?.startsWith('n:') ? s.sel.slice(2) : '';
  const tie = s.sel?.startsWith('e:') ? s.sel.slice(2).split('|') : null;
  const key = id || (tie ? tie.join('|') : '');
  if (key === (net.selectedKey || '')) return;
  net.selectedKey = key;
  net.tie = tie;
  selected = id;
  const small = net.data.source.length <= bigEdges;
  if (id && net.graph.hasNode(id)) {
    // Fading the rest re-processes every tie: on large networks only the node stands out.
    net.faded = small ? new Set([id, ...net.graph.neighbors(id)]) : null;
    // A node chosen elsewhere (the list, a link) is brought into view.
    const r = net.renderer;
    const go = async () => {
      await afterRender(r);
      if (!net?.graph.hasNode(id)) return;
      const p = r.framedGraphToViewport(r.getNodeDisplayData(id));
      const { width, height } = r.getDimensions();
      if (p.x < 20 || p.y < 20 || p.x > width - 20 || p.y > height - 20) flyTo(r, id, r.getCamera().getState().ratio);
    };
    if (net.laidOut) go(); else setTimeout(go, 50);
  } else if (tie && net.graph.hasNode(tie[0]) && net.graph.hasNode(tie[1])) {
    net.faded = small ? new Set(tie) : null;
  } else {
    net.faded = null;
  }
  net.renderer.refresh({ schedule: true });
}

function toolbar(s, data) {
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
  const seedLabel = data?.nodes.find((n) => n.id === s.seed)?.label;
  // On a phone the options fold away, so that the graph keeps the screen.
  const phone = window.matchMedia('(max-width: 700px)').matches;
  const options = phone ? h('details', { class: 'options', open: !optionsFolded() }, h('summary', {}, 'Options')) : bar;
  if (phone) options.addEventListener('toggle', () => { folded = !options.open; });
  bar.append(h('h2', { id: 'network-title' }, s.seed ? 'Around ' + (seedLabel || s.seed) : 'Co-appearance network'));
  if (phone) bar.append(options);
  options.append(...[
    s.seed ? h('button', { type: 'button', onclick: () => navigate({ seed: undefined, depth: undefined }) }, 'Whole graph') : null,
    s.seed ? selectBox('depth', 'Depth', s.depth, [['1', '1'], ['2', '2'], ['3', '3']], 'depth') : null,
    h('fieldset', {}, h('legend', {}, 'Show'), typeBox('person', 'people'), typeBox('body', 'bodies'), typeBox('place', 'places')),
    h('label', {}, h('input', { type: 'checkbox', checked: s.leg === '1', onchange: (e) => navigate({ leg: e.target.checked ? '1' : undefined }) }), ' legislators only'),
    h('label', { for: 'minw' }, 'Min. shared events ', h('input', {
      id: 'minw', type: 'number', min: 1, max: 999, value: s.minw || 1, size: 3,
      onchange: (e) => navigate({ minw: e.target.value > 1 ? e.target.value : undefined }, { replace: true }),
    })),
    selectBox('size', 'Size by', s.size, Object.entries(metrics).map(([k, m]) => [k, m.label]), 'size'),
    selectBox('color', 'Colour by', s.color, [['type', 'type'], ['community', 'community']], 'color'),
    exports(s, data),
  ].filter(Boolean));
  return bar;
}

let folded = null;
function optionsFolded() {
  if (folded === null) folded = window.matchMedia('(max-width: 700px)').matches;
  return folded;
}

function exports(s, data) {
  const sel = { ...selection(s), min_weight: s.minw, metrics: needsMetrics(s) || (data?.nodes.length ?? 0) <= 1500 ? undefined : 'false' };
  const link = (format, label) => h('a', { class: 'button', href: `/api/export?${query({ ...sel, format })}`, download: '', 'data-format': format }, label);
  return h('div', { class: 'exports', role: 'group', 'aria-label': 'Export this view' }, 'Export: ',
    link('graphml', 'GraphML'), link('gexf', 'GEXF'), link('csv', 'CSV'),
    h('button', { type: 'button', onclick: async () => net && download(await png(net.renderer), 'annals-network.png') }, 'PNG'));
}

function legend(s, data) {
  const items = s.color === 'community'
    ? [h('span', {}, `${data.summary?.communities ?? '?'} communities (Louvain), modularity ${(data.summary?.modularity ?? 0).toFixed(2)}`)]
    : Object.entries({ person: 'person', body: 'body', place: 'place' }).map(([t, l]) => h('span', { class: `key ${t}` }, h('i', { style: `background:${typeColor[t]}` }), l));
  return h('p', { class: 'legend' }, ...items, h('span', { class: 'key leg' }, h('i', {}), 'legislator / legislative body (in the list and panel)'),
    h('span', {}, `Size: ${(metrics[s.size] || metrics.events).label}. Labels show where they fit: zoom in for more. Click a node for its profile${data.source.length <= bigEdges ? ', a tie for the shared events' : ''}.`),
    null);
}

// nodeList gives keyboard and screen-reader users the nodes the canvas shows, a page
// at a time.
function nodeList(data) {
  const top = [...data.nodes].sort((a, b) => b.events - a.events);
  const per = 500;
  const ul = h('ul', {});
  const more = h('button', { type: 'button' });
  let shown = 0;
  const page = () => {
    ul.append(...top.slice(shown, shown + per).map((n) => h('li', {}, h('button', { type: 'button', class: 'linkish', onclick: () => navigate({ sel: 'n:' + n.id }, { replace: true }) },
      n.label), ` (${n.type}${n.legislator ? ', legislator' : ''}, ${n.events} events)`)));
    shown = Math.min(top.length, shown + per);
    more.textContent = `Show more (${shown} of ${top.length} shown)`;
    more.hidden = shown >= top.length;
  };
  more.addEventListener('click', page);
  const details = h('details', { class: 'node-list' }, h('summary', {}, `All ${top.length} nodes as a list`), ul, more);
  details.addEventListener('toggle', () => { if (details.open && !shown) page(); }, { once: true });
  return details;
}

// loaded resolves once the network being fetched (if any) is drawn.
export function loaded() {
  return loading;
}

// tiesOf lists the ties of a node in the network on view (drawn or not), heaviest
// first.
export function tiesOf(id) {
  if (!net || !net.graph.hasNode(id)) return [];
  const { data, minw } = net;
  const me = net.graph.getNodeAttribute(id, 'i');
  const out = [];
  for (let i = 0; i < data.source.length; i++) {
    const a = data.source[i], b = data.target[i];
    if ((a !== me && b !== me) || data.weight[i] < minw) continue;
    const other = data.nodes[a === me ? b : a];
    out.push({ edge: { source: data.nodes[a].id, target: data.nodes[b].id, weight: data.weight[i] }, other: { id: other.id, label: other.label } });
  }
  return out.sort((x, y) => y.edge.weight - x.edge.weight || x.other.label.localeCompare(y.other.label));
}

export function nodeData(id) {
  if (!net || !net.graph.hasNode(id)) return null;
  return net.data.nodes[net.graph.getNodeAttribute(id, 'i')];
}

// focus flies the camera to a node of the network on view, closer in (a search).
export async function focus(id) {
  await loading;
  if (!net?.graph.hasNode(id)) return;
  if (!net.laidOut) await new Promise((ok) => { const t = setInterval(() => { if (!net || net.laidOut) { clearInterval(t); ok(); } }, 100); });
  if (net?.graph.hasNode(id)) flyTo(net.renderer, id, 0.25);
}

// hasNode tells whether the network on view has the node (search flies to it then).
export function hasNode(id) {
  return !!net && net.graph.hasNode(id);
}
