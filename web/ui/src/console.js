// The query console: Gizmo or GraphQL through Cayley's v2 API, results as a table and,
// when they name nodes, as a graph.
import { cayley, ref } from './api.js';
import { h, clear, status } from './dom.js';
import { navigate } from './state.js';
import { typeColor } from './network.js';
import { Graph, createRenderer, layout, applyPositions, seededPosition } from './graphview.js';

const examples = {
  gizmo: [
    ['Legislators who attended an event', 'g.V().Has("<https://annals.dev/ns#legislator>", true)\n  .Tag("person")\n  .In("<http://schema.org/attendee>").Tag("event")\n  .All()'],
    ['Who attended events with a legislator', 'g.V().Has("<https://annals.dev/ns#legislator>", true)\n  .In("<http://schema.org/attendee>")\n  .Out("<http://schema.org/attendee>").Unique()\n  .All()'],
    ['Names of bodies', 'g.V().Has("<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>", "<http://schema.org/Organization>")\n  .Out("<http://schema.org/name>")\n  .All()'],
  ],
  graphql: [
    // A node is answered once per quad that matches (a person once per entry that
    // types them). A saved field (name: <…name>) would lose people in Cayley's GraphQL,
    // and first: n counts before the fields are joined: the example asks for the IDs.
    ['People, a row per entry that types them', '{\n  nodes(<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>: <http://schema.org/Person>) {\n    id\n  }\n}'],
    ['Legislators and the events they attended', '{\n  nodes(<https://annals.dev/ns#legislator>: true) {\n    id\n    name: <http://schema.org/name>\n    attended: <http://schema.org/attendee> @rev { id }\n  }\n}'],
  ],
};

let view = null;

export function render(main, s) {
  const lang = s.lang === 'graphql' ? 'graphql' : 'gizmo';
  const text = s.q || examples[lang][0][1];
  const out = h('div', { class: 'results', 'aria-live': 'polite' });
  const area = h('textarea', { id: 'query-text', rows: 8, spellcheck: 'false', 'aria-describedby': 'query-help' }, text);
  const run = (e) => {
    e?.preventDefault();
    navigate({ lang, q: area.value }, { replace: s.q === area.value });
  };
  area.addEventListener('keydown', (e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) run(e); });
  const form = h('form', { class: 'console', onsubmit: run, 'aria-labelledby': 'query-title' },
    h('h2', { id: 'query-title' }, 'Query console'),
    h('div', { class: 'toolbar' },
      h('label', { for: 'lang' }, 'Language ', h('select', { id: 'lang', onchange: (e) => navigate({ lang: e.target.value, q: undefined }) },
        h('option', { value: 'gizmo', selected: lang === 'gizmo' }, 'Gizmo'), h('option', { value: 'graphql', selected: lang === 'graphql' }, 'GraphQL'))),
      h('label', { for: 'example' }, 'Example ', h('select', { id: 'example', onchange: (e) => { area.value = examples[lang][e.target.value][1]; } },
        examples[lang].map(([label], i) => h('option', { value: i }, label))))),
    h('label', { for: 'query-text' }, lang === 'gizmo' ? 'Gizmo query' : 'GraphQL query'),
    area,
    h('p', { id: 'query-help', class: 'help' }, 'Ctrl+Enter runs the query. Read-only; at most the server’s result limit is returned.'),
    h('button', { type: 'submit', id: 'run' }, 'Run'));
  clear(main).append(h('section', { class: 'query-view' }, form, out));
  if (s.q) execute(lang, s.q, out);
}

async function execute(lang, text, out) {
  out.setAttribute('aria-busy', 'true');
  clear(out).append(h('p', {}, 'Running…'));
  let body, cut;
  const start = performance.now();
  try {
    ({ body, cut } = await cayley(lang, text));
  } catch (e) {
    clear(out).append(h('p', { class: 'error', role: 'alert' }, e.message));
    out.removeAttribute('aria-busy');
    status(e.message, true);
    return;
  }
  out.removeAttribute('aria-busy');
  const rows = lang === 'graphql' ? graphqlRows(body.data) : (body.result || []).map((r) => (typeof r === 'object' && r !== null ? r : { value: r }));
  const ms = Math.round(performance.now() - start);
  // An answer cut at the server's limit says so, here and in the status line.
  status(`${rows.length} results in ${ms} ms${cut ? ' (cut: ' + cut + ')' : ''}`);
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const { nodes, edges } = asGraph(rows);
  clear(out).append(...[
    h('p', { class: 'count' }, `${rows.length} results (${ms} ms)`),
    cut ? h('p', { class: 'cut', role: 'note' }, `Not the whole answer: ${cut}. Bound the query (first: n in GraphQL, .Limit(n) in Gizmo) or narrow it.`) : null,
    nodes.length ? h('div', { id: 'query-graph', role: 'img', 'aria-label': `Result as a graph: ${nodes.length} nodes, ${edges.length} links` }) : null,
    h('div', { class: 'table-wrap' }, h('table', { class: 'grid', id: 'query-table' },
      h('thead', {}, h('tr', {}, keys.map((k) => h('th', { scope: 'col' }, k)))),
      h('tbody', {}, rows.slice(0, 2000).map((r) => h('tr', {}, keys.map((k) => h('td', {}, cell(r[k]))))))))].filter(Boolean));
  if (nodes.length) drawGraph(out.querySelector('#query-graph'), nodes, edges);
}

function cell(v) {
  if (v === undefined || v === null) return '';
  const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  const iri = s.replace(/^<|>$/g, '');
  if (ref(iri) && ref(iri).type !== 'event') {
    return h('button', { type: 'button', class: 'linkish', onclick: () => navigate({ sel: 'n:' + iri }, { replace: true }) }, s);
  }
  return s;
}

// graphqlRows flattens the first list in a GraphQL answer into rows.
function graphqlRows(data) {
  if (!data) return [];
  const list = Object.values(data).find(Array.isArray) || Object.values(data);
  return list.map((o) => flatten(o));
}

function flatten(o, prefix = '', out = {}) {
  for (const [k, v] of Object.entries(o || {})) {
    if (v && typeof v === 'object' && !Array.isArray(v)) flatten(v, prefix + k + '.', out);
    else out[prefix + k] = v;
  }
  return out;
}

const iriOf = (v) => {
  if (typeof v !== 'string') return null;
  const m = /^<(https?:\/\/[^>]+)>$/.exec(v) || /^(https?:\/\/\S+)$/.exec(v);
  return m ? m[1] : null;
};

// iris finds the node IRIs in a value, nested lists and objects included (GraphQL).
function iris(v, out = []) {
  if (Array.isArray(v)) for (const x of v) iris(x, out);
  else if (v && typeof v === 'object') iris(Object.values(v), out);
  else if (iriOf(v)) out.push(iriOf(v));
  return out;
}

// asGraph: every node a result names, and a link between the nodes of one result.
function asGraph(rows) {
  const nodes = new Map();
  const edges = new Map();
  for (const r of rows.slice(0, 2000)) {
    const ids = [...new Set(iris(Object.values(r)))];
    for (const id of ids) if (!nodes.has(id)) nodes.set(id, { id, type: ref(id)?.type || 'other', label: r.name && iriOf(r.id) === id ? r.name : shortName(id) });
    for (let i = 1; i < ids.length; i++) edges.set(`${ids[0]}|${ids[i]}`, { source: ids[0], target: ids[i] });
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}

// shortName labels a node by its IRI's last part (an event by its document and line).
function shortName(id) {
  const r = ref(id);
  if (r) return r.type === 'event' ? `event ${r.id}` : r.id;
  return id.replace(/\/$/, '').replace(/^.*[/#]/, '');
}

function drawGraph(container, nodes, edges) {
  view?.stop();
  view?.renderer.kill();
  const graph = new Graph({ type: 'undirected' });
  for (const n of nodes) graph.mergeNode(n.id, { label: n.label, size: 6, color: typeColor[n.type] || '#555', kind: n.type, ...seededPosition(n.id) });
  for (const e of edges) if (e.source !== e.target && !graph.hasEdge(e.source, e.target)) graph.addEdge(e.source, e.target, { size: 1, color: '#9aa4ae' });
  const { renderer } = createRenderer(container, graph);
  const stop = layout(graph, (ids, positions) => applyPositions(graph, ids, positions));
  view = { renderer, stop };
  renderer.on('clickNode', ({ node }) => {
    if (graph.getNodeAttribute(node, 'kind') !== 'other') navigate({ sel: 'n:' + node }, { replace: true });
  });
}
