// End-to-end tests of the explorer on a large generated corpus: `annals gen` writes
// ANNALS_GEN_ENTRIES entries (default 20,000; scripts/e2e.sh generates the file once and
// passes it as ANNALS_GEN_CORPUS), served from the memory store. The page must stay
// responsive (no long main-thread task) while the network first renders and while its
// filter changes, zoom normally, keep labels apart, and cut nothing silently: the CSV
// has every row and the timeline covers the whole corpus.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bin, shots, serve, browser, drawn, longTasks, longTaskBudget, now, cameraRatio, wheelNotches, labelBoxes, overlaps, csvRows } from './harness.mjs';

const entries = Number(process.env.ANNALS_GEN_ENTRIES || 20000);
let server, page, closeBrowser, dir, corpus;

before(async () => {
  corpus = process.env.ANNALS_GEN_CORPUS;
  if (!corpus) {
    dir = await mkdtemp(join(tmpdir(), 'annals-gen-'));
    corpus = join(dir, 'gen.txt');
    execFileSync(bin, ['gen', '--entries', String(entries), '-q', '-o', corpus]);
  }
  // No rate limit: the test downloads every row and pages through views quickly. The
  // network of the whole corpus is computed at its first request: on a busy CI machine
  // that takes longer than the default query time limit.
  server = await serve(['--store', 'memory', '--rate-limit', '0', '--query-timeout', '2m', corpus], 600000);
  ({ page, close: closeBrowser } = await browser(server.base));
});

after(async () => {
  await closeBrowser?.();
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

// overBudget: the main-thread tasks over the budget at each step of the network test.
const overBudget = {};

test(`a ${entries}-entry corpus: the network renders, zooms, labels and filters`, async () => {
  const { base } = server;
  const stats = await (await fetch(`${base}/api/stats`)).json();
  assert.ok(stats.counts.entries >= 20000, `only ${stats.counts.entries} entries loaded`);
  await page.goto(base + '/network');
  await drawn(page, 300000);
  const info = await page.evaluate(() => ({ nodes: window.__annalsNet.graph.order, ties: window.__annalsNet.data.source.length, drawn: window.__annalsNet.graph.size }));
  assert.ok(info.nodes > 3000, `${info.nodes} nodes`);
  const firstTasks = await longTasks(page, 0);
  const longest = firstTasks.reduce((a, t) => (t.ms > a.ms ? t : a), { ms: 0, what: 'none' });
  console.log(`large corpus, first render: longest main-thread task ${longest.ms} ms (${longest.what}) of ${firstTasks.length} long tasks`);
  for (const t of firstTasks) console.log(`  long task ${t.ms} ms at ${t.start} ms: ${t.what}`);
  const firstRender = firstTasks.filter((t) => t.ms > longTaskBudget);
  // What is not drawn is said.
  if (info.drawn < info.ties) await page.getByText(new RegExp(`The ${info.drawn} heaviest of these ${info.ties} ties are drawn`)).waitFor();

  const boxes = await labelBoxes(page);
  assert.ok(boxes.length >= 5, `only ${boxes.length} labels`);
  assert.deepEqual(overlaps(boxes), []);
  await page.screenshot({ path: join(shots, 'network-large.png') });

  const r0 = await cameraRatio(page);
  await wheelNotches(page, 10);
  const r1 = await cameraRatio(page);
  assert.ok(r0 / r1 > 8 && r0 / r1 < 12.5, `ten notches zoomed ×${(r0 / r1).toFixed(2)}`);
  assert.deepEqual(overlaps(await labelBoxes(page)), []);
  const labelsIn = (await labelBoxes(page)).length;
  assert.ok(labelsIn >= boxes.length, 'zooming in shows as many labels or more');

  for (const minw of ['2', '4', '8', '1']) {
    const since = await now(page);
    await page.getByLabel('Min. shared events').fill(minw);
    await page.getByLabel('Min. shared events').press('Enter');
    await page.waitForFunction((m) => window.__annalsNet.minw === Number(m) && !window.__annalsNet.pending, minw);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    overBudget[`min. ${minw} shared events`] = (await longTasks(page, since)).filter((t) => t.ms > longTaskBudget);
  }
  overBudget['first render'] = firstRender;
});

// The responsiveness bar of the large network: no main-thread task over the budget at
// the first render and at each filter change (the tasks over it are printed).
test(`a ${entries}-entry corpus: no main-thread task over ${longTaskBudget} ms`, () => {
  for (const [step, tasks] of Object.entries(overBudget)) {
    console.log(`large corpus, ${step}: tasks over ${longTaskBudget} ms: ${tasks.map((t) => `${Math.round(t.ms)} ms (${t.what})`).join(', ') || 'none'}`);
  }
  assert.ok(Object.keys(overBudget).length > 0, 'the network test did not run');
  for (const [step, tasks] of Object.entries(overBudget)) assert.deepEqual(tasks, [], `${step}: a main-thread task over budget`);
});

test(`a ${entries}-entry corpus: the CSV has every row, the timeline every year`, async () => {
  const { base } = server;
  const total = (await (await fetch(`${base}/api/legislators/events?limit=1`)).json()).total;
  assert.ok(total > 1000, `${total} rows`);
  await page.goto(base + '/legislators');
  await page.locator('.legislators-view:not([aria-busy]) tbody tr').first().waitFor();
  await page.getByText(new RegExp(`^Showing 1–200 of ${total} rows$`)).first().waitFor();
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 120000 }), page.getByRole('link', { name: /^Download CSV/ }).click()]);
  const csv = await readFile(await dl.path(), 'utf8');
  assert.equal(csvRows(csv) - 1, total, 'the CSV has every row');

  const stats = await (await fetch(`${base}/api/stats`)).json();
  await page.goto(base + '/events');
  const tl = page.locator('.events-view:not([aria-busy]) .timeline');
  await tl.waitFor();
  const by = await tl.getAttribute('data-by');
  const cut = by === 'year' ? 4 : 7;
  assert.equal(await tl.getAttribute('data-first'), stats.date_span.start.slice(0, cut));
  assert.equal(await tl.getAttribute('data-last'), stats.date_span.end.slice(0, cut));
  const sum = await page.locator('.timeline .bar').evaluateAll((bs) => bs.reduce((a, b) => a + Number(/: (\d+) events/.exec(b.title)[1]), 0));
  assert.equal(sum, stats.counts.events);
});

test(`a ${entries}-entry corpus: the map shows the venues of a year`, async () => {
  const { base } = server;
  const stats = await (await fetch(`${base}/api/stats`)).json();
  const year = stats.date_span.start.slice(0, 4);
  await page.goto(`${base}/map?from=${year}-01-01&to=${year}-12-31`);
  await page.locator('.map-view:not([aria-busy]) svg.world').waitFor();
  const api = await (await fetch(`${base}/api/map?from=${year}-01-01&to=${year}-12-31`)).json();
  const ids = await page.locator('svg.world circle.place').evaluateAll((cs) => cs.map((c) => c.dataset.id).sort());
  assert.ok(ids.length > 10);
  assert.deepEqual(ids, api.places.map((p) => p.id).sort());
  const events = await (await fetch(`${base}/api/events?from=${year}-01-01&to=${year}-12-31&limit=10000`)).json();
  const counts = new Map();
  for (const e of events.events) for (const p of new Set(e.places.map((q) => q.id))) counts.set(p, (counts.get(p) || 0) + 1);
  for (const p of api.places) assert.equal(counts.get(p.id), p.events, `${p.name}: events of the year there`);
});
