// How the explorer's network view copes with size: time to first render, time until
// the ForceAtlas2 layout is done (a network of more than 10,000 nodes and drawn ties is
// laid out before its first render), frame time while the camera moves and the longest
// main-thread task past the WebGL set-up, for networks of N nodes (default 1,000, 10,000 and 50,000). The
// page is the real explorer served by a real `annals serve` (sample corpus); only its
// network request is answered with a synthetic co-appearance network of N nodes and
// about 3N ties (seeded, power-law weights), since no corpus at hand yields 50,000
// actors. A measurement, not a test:
//   cd web/ui && ANNALS_BIN=../../annals node ../e2e/large.bench.mjs [N ...]
import { loadavg, cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { repo, serve, browser, longTasks } from './harness.mjs';

const sizes = process.argv.slice(2).map(Number).filter(Boolean);
const corpus = process.env.ANNALS_CORPUS || resolve(repo, '../shared/corpus/iran-resistance-2023.txt');

// network builds a compact network (the shape of /api/explorer/network) of n nodes.
function network(n) {
  let seed = 42;
  const rand = () => { seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0; return seed / 4294967296; };
  const types = ['person', 'person', 'body'];
  const nodes = Array.from({ length: n }, (_, i) => ({ id: `https://annals.dev/id/${types[i % 3]}/bench-${i}`, label: `Actor ${i}`, type: types[i % 3], legislator: i % 7 === 0, events: 1 + Math.floor(20 * rand() ** 3) }));
  nodes.sort((a, b) => (a.id < b.id ? -1 : 1));
  const seen = new Set();
  const source = [], target = [], weight = [];
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < 3; k++) {
      // Preferential: low indexes are hubs.
      const j = Math.floor(n * rand() ** 2);
      if (j === i) continue;
      const [a, b] = i < j ? [i, j] : [j, i];
      if (seen.has(a * n + b)) continue;
      seen.add(a * n + b);
      source.push(a); target.push(b); weight.push(1 + Math.floor(8 * rand() ** 4));
    }
  }
  return { nodes, source, target, weight };
}

const server = await serve(['--store', 'memory', corpus], 120000);
const { page, context, close } = await browser(server.base);
console.log(`${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}; headless Chromium, software WebGL`);
for (const n of sizes.length ? sizes : [1000, 10000, 50000]) {
  const body = JSON.stringify(network(n));
  await context.unroute('**/api/explorer/network*').catch(() => {});
  await context.route('**/api/explorer/network*', (route) => route.fulfill({ status: 200, contentType: 'application/json', body }));
  const t0 = Date.now();
  await page.goto(server.base + '/network');
  await page.waitForFunction(() => window.__annalsNet?.renderer, null, { timeout: 600000 });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const first = Date.now() - t0;
  await page.waitForFunction(() => window.__annalsNet.laidOut, null, { timeout: 1800000, polling: 500 });
  const laidOut = Date.now() - t0;
  const frame = await page.evaluate(async () => {
    const cam = window.__annalsNet.renderer.getCamera();
    const times = [];
    for (let i = 0; i < 30; i++) {
      const t = performance.now();
      cam.setState({ x: cam.getState().x + 0.002 });
      await new Promise(requestAnimationFrame);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    return { median: times[15], p90: times[27] };
  });
  const t = { ...(await page.evaluate(() => window.__annalsTiming)), longest: Math.max(0, ...(await longTasks(page, 0)).map((e) => e.ms)) };
  console.log(`${n} nodes, ${t.edges} ties (${t.drawnEdges} drawn): first render ${first} ms (build ${t.build} ms, renderer ${t.render} ms), layout done ${laidOut} ms, frame ${frame.median.toFixed(1)} ms median / ${frame.p90.toFixed(1)} ms p90 while moving, longest main-thread task ${t.longest} ms`);
}
await close();
await server.stop();
