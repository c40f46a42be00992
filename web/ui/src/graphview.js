// Shared drawing of networks with sigma.js (WebGL) over a graphology graph: stable
// start positions, ForceAtlas2 in a web worker, wheel zoom of ×10 in ten notches, and
// labels that never overlap (a label that would cover one already drawn is skipped;
// zooming in gives each label more room, so more of them show).
import Graph from 'graphology';
import Sigma from 'sigma';
import { EdgeLineProgram, EdgeRectangleProgram, NodeCircleProgram, NodePointProgram } from 'sigma/rendering';
import { createNormalizationFunction, graphExtent, matrixFromCamera } from 'sigma/utils';

// zoomStep is the camera ratio of one wheel notch: ten notches zoom ×10.
export const zoomStep = Math.pow(10, 0.1);

export const labelFont = '"DejaVu Sans", system-ui, sans-serif';
export const labelSize = 12;

// seededPosition places a node in a disc by a hash of its ID (FNV-1a), so that the
// layout starts, and so ends, the same on every load.
export function seededPosition(id) {
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) { h ^= id.charCodeAt(i); h = Math.imul(h, 16777619); }
  const a = (h >>> 0) / 4294967296;
  h = Math.imul(h ^ (h >>> 15), 2246822507);
  h = Math.imul(h ^ (h >>> 13), 3266489909);
  const b = ((h ^ (h >>> 16)) >>> 0) / 4294967296;
  const r = 100 * Math.sqrt(a), t = 2 * Math.PI * b;
  return { x: r * Math.cos(t), y: r * Math.sin(t) };
}

// span records a User Timing measure "annals:<name>" from t0 until now: the phases of a
// first render, which the end-to-end tests match with the long tasks they see.
export function span(name, t0) {
  performance.measure('annals:' + name, { start: t0, end: performance.now() });
}

// slicer paces a loop over many items so that the page answers in between: due(i)
// says, every 64 items, whether the task has run `budget` ms, and next() then yields
// to the browser. Each task's share is a measure annals:<name>; end() closes the last.
export function slicer(name, budget = 25) {
  let t = performance.now();
  return {
    due: (i) => (i & 63) === 63 && performance.now() - t > budget,
    async next() { span(name, t); await nextTask(); t = performance.now(); },
    end() { span(name, t); },
  };
}

// traceRenderer records, until the returned function is called, a measure of each of
// the renderer's process and render passes and of its label drawing.
export function traceRenderer(renderer) {
  let tp = 0, tr = 0;
  const onBP = () => { tp = performance.now(); }, onAP = () => span('sigma-process', tp);
  const onBR = () => { tr = performance.now(); }, onAR = () => span('sigma-render', tr);
  renderer.on('beforeProcess', onBP); renderer.on('afterProcess', onAP);
  renderer.on('beforeRender', onBR); renderer.on('afterRender', onAR);
  const labels = renderer.renderLabels;
  renderer.renderLabels = function () { const t = performance.now(); const r = labels.call(this); span('sigma-labels', t); return r; };
  return () => {
    renderer.off('beforeProcess', onBP); renderer.off('afterProcess', onAP);
    renderer.off('beforeRender', onBR); renderer.off('afterRender', onAR);
    renderer.renderLabels = labels;
  };
}

// nextTask yields to the browser (input, rendering) before going on.
export function nextTask() {
  return new Promise((ok) => setTimeout(ok, 0));
}

// createRenderer draws graph into container. labels is filled, every frame, with the
// boxes of the labels drawn (viewport pixels), for the tests and the curious.
export function createRenderer(container, graph, { edgeEvents = true, thinEdges = false } = {}) {
  const labels = [];
  const renderer = new Sigma(graph, container, {
    // The view may be left (its box emptied or hidden) while a frame is pending.
    allowInvalidContainer: true,
    zoomingRatio: zoomStep,
    zoomDuration: 120,
    minCameraRatio: 0.002,
    maxCameraRatio: 20,
    labelFont,
    labelSize,
    labelWeight: 'normal',
    labelColor: { color: '#1d2329' },
    labelDensity: 1,
    labelGridCellSize: 80,
    labelRenderedSizeThreshold: 4,
    renderEdgeLabels: false,
    enableEdgeEvents: edgeEvents,
    // Ties are thin: pick them at full resolution so that a click on one finds it.
    pickingDownSizingRatio: edgeEvents ? 1 : 2,
    hideEdgesOnMove: thinEdges,
    // One edge program: every WebGL program compiled costs the page a pause (long
    // under software rendering), so sigma's default arrow program is left out.
    defaultEdgeType: 'line',
    edgeProgramClasses: { arrow: Unused, line: thinEdges ? EdgeLineProgram : EdgeRectangleProgram },
    // Large networks draw nodes as points (one vertex each, not a quad of a disc):
    // under software WebGL a frame of thousands of discs, drawn twice (the picture
    // and the picking buffer), blocks the page for hundreds of milliseconds.
    nodeProgramClasses: { circle: thinEdges ? NodePointProgram : NodeCircleProgram },
    defaultDrawNodeLabel: (ctx, data, settings) => drawLabel(ctx, data, settings, labels),
  });
  renderer.on('beforeRender', () => { labels.length = 0; });
  // Layers with nothing to show are left out of the page: sigma clears every layer at
  // every frame, and under software compositing each layer on screen that a frame
  // touched is read back (WebGL) or copied (2D canvas) at that frame, on the page's
  // thread. Tie labels are never drawn; the hover layers only hold the node under the
  // pointer and the highlighted (selected) ones (sigma 3's hoveredNode and
  // highlightedNodes).
  const layers = renderer.getCanvases();
  layers.edgeLabels.style.display = 'none';
  const hover = [layers.hovers, layers.hoverNodes];
  renderer.on('afterRender', () => {
    const display = renderer.hoveredNode || renderer.highlightedNodes?.size ? '' : 'none';
    for (const c of hover) if (c.style.display !== display) c.style.display = display;
  });
  return { renderer, labels };
}

// drawLabel draws a node's label right of it on a light halo, unless it would
// overlap a label drawn before it in this frame.
function drawLabel(ctx, data, settings, labels) {
  if (!data.label) return;
  const size = settings.labelSize;
  ctx.font = `${settings.labelWeight} ${size}px ${settings.labelFont}`;
  const box = labelBox(data, ctx.measureText(data.label).width, size);
  for (const b of labels) if (box.x1 < b.x2 && box.x2 > b.x1 && box.y1 < b.y2 && box.y2 > b.y1) return;
  labels.push({ key: data.key, ...box });
  ctx.lineJoin = 'round';
  ctx.lineWidth = 3;
  ctx.strokeStyle = 'rgba(255,255,255,0.9)';
  ctx.strokeText(data.label, box.x1 + 2, data.y + size / 3);
  ctx.fillStyle = '#1d2329';
  ctx.fillText(data.label, box.x1 + 2, data.y + size / 3);
}

// Unused stands in for a program sigma registers by default and the explorer never
// draws with, so that it is not compiled.
class Unused {
  reallocate() {}
  process() {}
  render() {}
  kill() {}
}

// labelBox is where a label of the given width goes beside its node (viewport pixels).
export function labelBox(data, width, size) {
  const x1 = data.x + data.size + 2;
  return { x1, y1: data.y - size / 2 - 2, x2: x1 + width + 4, y2: data.y + size / 2 + 2 };
}

// layout runs ForceAtlas2 in a web worker over the graph's nodes (in graph order) and
// its ties, and calls onPositions with the positions as they improve (at most every
// `every` ms) and when done; the returned function stops it.
export function layout(graph, onPositions, onDone, every = 400) {
  const ids = graph.nodes();
  const index = new Map(ids.map((id, i) => [id, i]));
  const m = graph.size;
  const source = new Int32Array(m), target = new Int32Array(m), weight = new Float32Array(m);
  let j = 0;
  graph.forEachEdge((e, a, s, t) => { source[j] = index.get(s); target[j] = index.get(t); weight[j] = a.weight || 1; j++; });
  return layoutArrays(graph, ids, { source, target, weight }, onPositions, onDone, every);
}

// layoutArrays is layout with the ties given as arrays of node indexes (in the order
// of ids) and weights: ties need not be in the graph (a large network lays out with
// all its ties and draws the heaviest).
export function layoutArrays(graph, ids, ties, onPositions, onDone, every = 400) {
  const n = ids.length;
  const x = new Float32Array(n), y = new Float32Array(n), size = new Float32Array(n);
  ids.forEach((id, i) => { const a = graph.getNodeAttributes(id); x[i] = a.x; y[i] = a.y; size[i] = a.size; });
  const source = Int32Array.from(ties.source), target = Int32Array.from(ties.target), weight = Float32Array.from(ties.weight);
  const worker = new Worker('/assets/layout.worker.js', { type: 'module' });
  worker.onmessage = ({ data }) => {
    onPositions(ids, data.positions, data.done);
    if (data.done) { worker.terminate(); onDone?.(); }
  };
  worker.postMessage({
    x, y, size, source, target, weight, every,
    iterations: n <= 300 ? 600 : n <= 3000 ? 300 : n <= 20000 ? 100 : 50,
    settings: { barnesHutOptimize: n > 1000, strongGravityMode: true, gravity: 0.5, scalingRatio: 10, slowDown: 1 + Math.log(n + 1), edgeWeightInfluence: 0.5 },
  }, [x.buffer, y.buffer, size.buffer, source.buffer, target.buffer, weight.buffer]);
  return () => worker.terminate();
}

// applyPositions moves the graph's nodes to positions from layout().
export function applyPositions(graph, ids, positions) {
  const at = new Map(ids.map((id, i) => [id, i]));
  graph.updateEachNodeAttributes((id, a) => {
    const i = at.get(id);
    if (i !== undefined) { a.x = positions[2 * i]; a.y = positions[2 * i + 1]; }
    return a;
  }, { attributes: ['x', 'y'] });
}

// setGraphInSlices hands graph to the renderer as sigma's setGraph does (index every
// node and tie, process them into the WebGL programs' arrays, draw), but a slice of
// nodes or ties per task (slicer), so that the page answers in between: sigma's
// setGraph does it all in one task, which on a network of thousands of nodes blocks the
// page for hundreds of milliseconds on a slow machine. The steps are those of sigma's
// refresh and process (sigma 3.0, whose internals this reaches into). Nothing is drawn
// until the last slice (a render asked for meanwhile is cancelled); the renderer's own
// process runs instead if the graph orders nodes by zIndex (this does not). alive()
// is asked after every slice: when it answers false, the hand-over stops and this
// answers false. Each task is a measure annals:set-graph.
export async function setGraphInSlices(renderer, graph, { alive = () => true } = {}) {
  const r = renderer;
  if (r.getSetting('zIndex')) {
    const t = performance.now();
    r.setGraph(graph);
    span('set-graph', t);
    return true;
  }
  const slice = slicer('set-graph');
  let n = 0;
  const step = async () => {
    if (!slice.due(n++)) return true;
    await slice.next();
    quiet();
    return alive();
  };
  // No render until the programs are filled: a pending one is cancelled, and the
  // refresh that setSetting or a resize schedules finds nothing to process.
  const quiet = () => {
    if (r.renderFrame) { cancelAnimationFrame(r.renderFrame); r.renderFrame = null; }
    r.needToProcess = false;
  };
  // setGraph, without its refresh.
  r.hoveredNode = null;
  r.hoveredEdge = null;
  r.unbindGraphHandlers();
  if (r.checkEdgesEventsFrame !== null) { cancelAnimationFrame(r.checkEdgesEventsFrame); r.checkEdgesEventsFrame = null; }
  r.graph = graph;
  r.bindGraphHandlers();
  quiet();
  // refresh: the display data of every node and tie (reducers applied).
  r.clearEdgeIndices();
  r.clearNodeIndices();
  const nodes = graph.nodes(), edges = graph.edges();
  for (const node of nodes) { r.addNode(node); if (!(await step())) return false; }
  for (const edge of edges) { r.addEdge(edge); if (!(await step())) return false; }
  // process: normalized positions, the label grid, the programs' arrays.
  const dimensions = r.getDimensions();
  r.nodeExtent = graphExtent(graph);
  if (!r.getSetting('autoRescale')) {
    const { x, y } = r.nodeExtent;
    r.nodeExtent = {
      x: [(x[0] + x[1]) / 2 - dimensions.width / 2, (x[0] + x[1]) / 2 + dimensions.width / 2],
      y: [(y[0] + y[1]) / 2 - dimensions.height / 2, (y[0] + y[1]) / 2 + dimensions.height / 2],
    };
  }
  r.normalizationFunction = createNormalizationFunction(r.customBBox || r.nodeExtent);
  const matrix = matrixFromCamera({ x: 0.5, y: 0.5, angle: 0, ratio: 1 }, dimensions, r.getGraphDimensions(), r.getStagePadding());
  r.labelGrid.resizeAndClear(dimensions, r.getSetting('labelGridCellSize'));
  const perProgram = {};
  for (const node of nodes) {
    const data = r.nodeDataCache[node];
    const attrs = graph.getNodeAttributes(node);
    data.x = attrs.x;
    data.y = attrs.y;
    r.normalizationFunction.applyTo(data);
    if (typeof data.label === 'string' && !data.hidden) r.labelGrid.add(node, data.size, r.framedGraphToViewport(data, { matrix }));
    perProgram[data.type] = (perProgram[data.type] || 0) + 1;
    if (!(await step())) return false;
  }
  r.labelGrid.organize();
  for (const type in r.nodePrograms) { r.nodePrograms[type].reallocate(perProgram[type] || 0); perProgram[type] = 0; }
  const nodeIndices = {}, edgeIndices = {}, itemIDsIndex = {};
  let id = 1;
  for (const node of nodes) {
    nodeIndices[node] = id;
    itemIDsIndex[id] = { type: 'node', id: node };
    r.addNodeToProgram(node, id++, perProgram[r.nodeDataCache[node].type]++);
    if (!(await step())) return false;
  }
  const perEdgeProgram = {};
  for (const edge of edges) { const type = r.edgeDataCache[edge].type; perEdgeProgram[type] = (perEdgeProgram[type] || 0) + 1; }
  for (const type in r.edgePrograms) { r.edgePrograms[type].reallocate(perEdgeProgram[type] || 0); perEdgeProgram[type] = 0; }
  for (const edge of edges) {
    edgeIndices[edge] = id;
    itemIDsIndex[id] = { type: 'edge', id: edge };
    r.addEdgeToProgram(edge, id++, perEdgeProgram[r.edgeDataCache[edge].type]++);
    if (!(await step())) return false;
  }
  r.itemIDsIndex = itemIDsIndex;
  r.nodeIndices = nodeIndices;
  r.edgeIndices = edgeIndices;
  slice.end();
  return true;
}

// gpuDone resolves once the GPU has carried out every command the renderer's WebGL 2
// contexts were sent, without blocking the page (a fence, asked after each task).
export async function gpuDone(renderer) {
  const fences = [];
  for (const c of Object.values(renderer.getCanvases())) {
    const gl = c.getContext('webgl2');
    if (!gl || gl.isContextLost()) continue;
    fences.push([gl, gl.fenceSync(gl.SYNC_GPU_COMMANDS_COMPLETE, 0)]);
    gl.flush();
  }
  for (const [gl, fence] of fences) {
    while (!gl.isContextLost() && gl.getSyncParameter(fence, gl.SYNC_STATUS) !== gl.SIGNALED) await nextTask();
    gl.deleteSync(fence);
  }
}

// hideLayers hides the renderer's layers (canvases): the browser does not read them
// back while hidden, and the pointer does not reach them.
export function hideLayers(renderer) {
  for (const c of Object.values(renderer.getCanvases())) c.style.visibility = 'hidden';
}

// showLayers shows the renderer's layers, one per frame (the ties', the nodes', the
// labels', …), so that each frame reads back one.
export async function showLayers(renderer) {
  for (const c of Object.values(renderer.getCanvases())) {
    c.style.visibility = '';
    if (c.style.display === 'none') continue; // left out of the page: nothing to read
    await new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 0)));
  }
}

// flyTo moves the camera onto a node (a search result, a link), closer in.
// A refresh re-reads nodes from the graph and frames them at the next render: the
// display data is read after it.
export async function flyTo(renderer, id, ratio = 0.25) {
  await afterRender(renderer);
  const d = renderer.getNodeDisplayData(id);
  if (!d) return false;
  const cam = renderer.getCamera();
  cam.animate({ x: d.x, y: d.y, ratio: Math.min(cam.getState().ratio, ratio) }, { duration: 500 });
  return true;
}

// afterRender resolves once the renderer has drawn what it was asked to (its node
// display data is then framed).
export function afterRender(renderer) {
  return new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)));
}

// png draws the renderer's layers onto one canvas on white and returns it as a PNG blob.
export async function png(renderer) {
  renderer.refresh(); // draw now: a WebGL canvas is readable until the task ends
  const { width, height } = renderer.getDimensions();
  const ratio = window.devicePixelRatio || 1;
  const out = document.createElement('canvas');
  out.width = width * ratio; out.height = height * ratio;
  const ctx = out.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, out.width, out.height);
  for (const c of Object.values(renderer.getCanvases())) ctx.drawImage(c, 0, 0, out.width, out.height);
  return new Promise((ok) => out.toBlob(ok, 'image/png'));
}

export { Graph };
