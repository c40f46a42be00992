// ForceAtlas2 off the main thread: the page sends a graph as arrays (positions, sizes,
// ties) and gets positions back while the layout runs and once it is done. The same
// graph and start positions always give the same layout (a fixed number of
// iterations, no randomness), so a view looks the same on every load.
import iterate from 'graphology-layout-forceatlas2/iterate.js';
import defaults from 'graphology-layout-forceatlas2/defaults.js';

const PPN = 10; // numbers per node in the node matrix (see graphology-layout-forceatlas2/helpers.js)
const PPE = 3; // numbers per edge

self.onmessage = ({ data }) => {
  const { x, y, size, source, target, weight, iterations, settings, every } = data;
  const n = x.length, m = source.length;
  const nodes = new Float32Array(n * PPN);
  for (let i = 0; i < n; i++) {
    const j = i * PPN;
    nodes[j] = x[i]; nodes[j + 1] = y[i];
    nodes[j + 6] = 1; nodes[j + 7] = 1; nodes[j + 8] = size[i] || 1;
  }
  const edges = new Float32Array(m * PPE);
  for (let i = 0; i < m; i++) {
    const s = source[i] * PPN, t = target[i] * PPN, w = weight[i];
    nodes[s + 6] += w; nodes[t + 6] += w;
    edges[i * PPE] = s; edges[i * PPE + 1] = t; edges[i * PPE + 2] = w;
  }
  const opts = { ...defaults, ...settings };
  let last = performance.now();
  for (let it = 1; it <= iterations; it++) {
    iterate(opts, nodes, edges);
    const now = performance.now();
    if (it === iterations || now - last > every) {
      last = now;
      const out = new Float32Array(n * 2);
      for (let i = 0; i < n; i++) { out[2 * i] = nodes[i * PPN]; out[2 * i + 1] = nodes[i * PPN + 1]; }
      self.postMessage({ positions: out, done: it === iterations, iterations: it }, [out.buffer]);
    }
  }
};
