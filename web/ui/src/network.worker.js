// Fetches the explorer's network off the main thread: a large network is megabytes of
// JSON, and receiving, decoding and parsing it on the page blocks the page for
// hundreds of milliseconds on a slow machine. The ties come back as typed arrays
// (moved, not copied), with what the page would otherwise compute over every tie:
// `order`, the ties' indexes by weight, lightest first; `nodeMax`, each node's heaviest
// tie; `wmax`, the heaviest of all. An error answer comes back as the API's problem.
self.onmessage = async ({ data: { url } }) => {
  try {
    const res = await fetch(url, { headers: { Accept: 'application/json' } });
    const text = await res.text();
    let body;
    try { body = JSON.parse(text); } catch { body = { detail: text }; }
    if (!res.ok) {
      self.postMessage({ status: res.status, problem: body });
      return;
    }
    body.source = Int32Array.from(body.source);
    body.target = Int32Array.from(body.target);
    body.weight = Float64Array.from(body.weight);
    body.order = sortByWeight(body.weight);
    body.nodeMax = new Float64Array(body.nodes.length);
    body.wmax = 1;
    for (let i = 0; i < body.weight.length; i++) {
      const a = body.source[i], b = body.target[i], w = body.weight[i];
      if (w > body.wmax) body.wmax = w;
      if (w > body.nodeMax[a]) body.nodeMax[a] = w;
      if (w > body.nodeMax[b]) body.nodeMax[b] = w;
    }
    const moved = [body.source.buffer, body.target.buffer, body.weight.buffer, body.order.buffer, body.nodeMax.buffer];
    self.postMessage({ status: res.status, network: body }, moved);
  } catch (e) {
    self.postMessage({ status: 0, problem: { title: 'Network error', detail: e.message } });
  }
};

// sortByWeight orders tie indexes by weight, lightest first, ties of equal weight by
// index: a counting sort, linear in the ties (a comparison sort of 100,000 ties is one
// long task on a slow machine). Weights are counts of shared events: whole numbers,
// counted in an array indexed by weight; other weights are ranked first.
function sortByWeight(weight) {
  const m = weight.length;
  let max = 0, whole = true;
  for (let i = 0; i < m; i++) {
    const w = weight[i];
    if (w > max) max = w;
    if (!(w >= 0 && w === Math.floor(w))) whole = false;
  }
  let rank = weight, ranks = max + 1;
  if (!whole || max >= m + (1 << 16)) {
    const distinct = [...new Set(weight)].sort((a, b) => a - b);
    const slot = new Map(distinct.map((w, k) => [w, k]));
    rank = Int32Array.from(weight, (w) => slot.get(w));
    ranks = distinct.length;
  }
  const start = new Int32Array(ranks + 1);
  for (let i = 0; i < m; i++) start[rank[i] + 1]++;
  for (let k = 1; k < start.length; k++) start[k] += start[k - 1];
  const out = new Int32Array(m);
  for (let i = 0; i < m; i++) out[start[rank[i]]++] = i;
  return out;
}
