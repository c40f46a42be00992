// End-to-end tests of the web explorer: a real `annals serve` on the sample corpus
// (memory store, 127.0.0.1, a free port) driven by Debian's Chromium through
// playwright-core. Run by scripts/e2e.sh; environment:
//   ANNALS_BIN   the annals binary (default ../../annals from web/ui)
//   ANNALS_CORPUS the chronology to serve (default ../shared/corpus/iran-resistance-2023.txt)
//   CHROMIUM     the browser (default /usr/bin/chromium)
//   E2E_SHOTS    where screenshots go (default $TMPDIR/annals-e2e); they are not committed.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { repo, shots, serve, browser, drawn, longTasks, longTaskBudget, now, cameraRatio, wheelNotches, labelBoxes, overlaps, csvRows } from './harness.mjs';

// Names of the sample corpus the tests search for.
const sample = JSON.parse(await readFile(new URL('./testdata/sample.json', import.meta.url), 'utf8'));
const corpus = process.env.ANNALS_CORPUS || resolve(repo, '../shared/corpus/iran-resistance-2023.txt');

let server, base, context, page, closeBrowser, allow;

async function shot(name) {
  await page.screenshot({ path: join(shots, `${name}.png`) });
}

// at is where a node (or the middle of two) is on the page.
async function at(ids) {
  const p = await page.evaluate((ids) => {
    const r = window.__annalsNet.renderer;
    const pts = ids.map((id) => r.framedGraphToViewport(r.getNodeDisplayData(id)));
    return { x: pts.reduce((s, q) => s + q.x, 0) / pts.length, y: pts.reduce((s, q) => s + q.y, 0) / pts.length };
  }, ids);
  const box = await page.locator('#graph').boundingBox();
  return { x: box.x + p.x, y: box.y + p.y };
}

before(async () => {
  server = await serve(['--store', 'memory', corpus], 120000);
  base = server.base;
  ({ context, page, close: closeBrowser, allow } = await browser(base));
});

// No view may end in an error message, caught or not.
afterEach(async () => {
  const err = await page.locator('#status.error').count() ? await page.locator('#status').textContent() : '';
  assert.equal(err, '', 'the page shows an error');
});

after(async () => {
  await closeBrowser?.();
  await server?.stop();
});

test('the whole co-appearance network draws, stays responsive, zooms and labels without overlap', async () => {
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(base + '/');
  await drawn(page);
  const api = await (await fetch(`${base}/api/network?types=person,body&metrics=false`)).json();
  const got = await page.evaluate(() => {
    const { graph, data } = window.__annalsNet;
    return { nodes: graph.order, edges: graph.size, legislators: data.nodes.filter((n) => n.legislator).length };
  });
  assert.equal(got.nodes, api.nodes.length);
  assert.equal(got.edges, api.edges.length);
  assert.equal(got.legislators, api.nodes.filter((n) => n.legislator).length);
  assert.ok(got.legislators > 0, 'the sample names legislators');
  await assert.doesNotReject(page.getByRole('img', { name: /Co-appearance network: \d+ nodes/ }).waitFor());
  // Long tasks are checked last, so that a slow machine does not hide the other checks.
  const firstRender = (await longTasks(page, 0)).filter((t) => t.ms > longTaskBudget);

  // The same layout on every load: positions are seeded from the node IDs.
  const positions = () => page.evaluate(() => {
    const g = window.__annalsNet.graph;
    return g.nodes().slice(0, 20).map((id) => [id, Math.round(g.getNodeAttribute(id, 'x') * 100), Math.round(g.getNodeAttribute(id, 'y') * 100)]);
  });
  const first = await positions();
  await page.reload();
  await drawn(page);
  assert.deepEqual(await positions(), first, 'the layout changed between loads');

  // Labels never overlap at the first zoom, and zooming in shows more of them.
  const boxes = await labelBoxes(page);
  assert.ok(boxes.length >= 10, `only ${boxes.length} labels drawn`);
  assert.deepEqual(overlaps(boxes), []);
  await shot('network');

  // Ten wheel notches zoom ×10.
  const r0 = await cameraRatio(page);
  await wheelNotches(page, 10);
  const r1 = await cameraRatio(page);
  assert.ok(r0 / r1 > 8 && r0 / r1 < 12.5, `ten notches zoomed ×${(r0 / r1).toFixed(2)}`);
  const closer = await labelBoxes(page);
  assert.deepEqual(overlaps(closer), []);
  await wheelNotches(page, 10, 100);
  const r2 = await cameraRatio(page);
  assert.ok(Math.abs(Math.log10(r2 / r0)) < 0.1, 'ten notches back out return to the first zoom');

  // The minimum of shared events hides ties and nodes in place, with no long task.
  const since = await now(page);
  await page.getByLabel('Min. shared events').fill('3');
  await page.getByLabel('Min. shared events').press('Enter');
  await page.waitForURL(/minw=3/);
  await page.getByText(/Ties of at least 3 shared events: \d+ of \d+ nodes, \d+ of \d+ ties\./).waitFor();
  const shown = await page.evaluate(() => window.__annalsNet.visible);
  assert.equal(shown.ties, api.edges.filter((e) => e.weight >= 3).length);
  assert.equal(await page.evaluate(() => window.__annalsNet.graph.order), api.nodes.length, 'the graph was rebuilt');
  await page.getByLabel('Min. shared events').fill('1');
  await page.getByLabel('Min. shared events').press('Enter');
  await page.waitForURL((u) => !new URL(u).searchParams.has('minw'));
  await page.waitForFunction(() => !window.__annalsNet.pending);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const filtering = (await longTasks(page, since)).filter((t) => t.ms > longTaskBudget);

  // Colour by community and size by PageRank: the view asks for the analytics.
  await page.getByLabel('Colour by').selectOption('community');
  await page.getByLabel('Size by').selectOption('pagerank');
  await page.waitForURL(/color=community/);
  await page.getByText(/\d+ communities \(Louvain\), modularity 0\.\d\d/).waitFor();
  await drawn(page);
  await page.waitForFunction(() => window.__annalsNet.data.nodes[0].metrics?.pagerank > 0);
  const looks = await page.evaluate(() => {
    const { graph, data } = window.__annalsNet;
    const colours = new Set(graph.mapNodes((id, a) => a.color));
    let top = null, max = 0;
    for (const n of data.nodes) if (!top || n.metrics.pagerank > top.metrics.pagerank) top = n;
    graph.forEachNode((id, a) => { max = Math.max(max, a.size); });
    return { colours: colours.size, topSize: graph.getNodeAttribute(top.id, 'size'), maxSize: max };
  });
  assert.ok(looks.colours > 1, 'communities get colours');
  assert.equal(looks.topSize, looks.maxSize, 'the highest PageRank is the largest node');
  await page.getByLabel('Colour by').selectOption('type');
  await page.getByLabel('Size by').selectOption('events');
  assert.deepEqual(errors.filter((e) => !/GL Driver|WebGL/.test(e)), []);
  assert.deepEqual(filtering, [], 'filter: a main-thread task over budget');
  assert.deepEqual(firstRender, [], 'first render: a main-thread task over budget');
});

test('search a legislator by part of the name and open the profile', async () => {
  const search = page.getByRole('combobox', { name: 'Search people, bodies and places' });
  // Aliases are searched too: an acronym finds the body it stands for.
  await search.fill(sample.acronym);
  await page.getByRole('option', { name: new RegExp(`${sample.acronymBody}.*“${sample.acronym}”`) }).waitFor();
  await search.fill('');
  await search.click();
  await search.pressSequentially('Blackm', { delay: 20 });
  const option = page.getByRole('option', { name: /Bob Blackman/ });
  await option.waitFor();
  await page.keyboard.press('Enter'); // the first match is active: keyboard only
  // He is in the network on view: the camera flies to him and his profile opens.
  await page.waitForURL((u) => new URL(u).searchParams.get('sel') === 'n:https://annals.dev/id/person/bob-blackman');
  const panel = page.getByRole('complementary', { name: 'Details' });
  await panel.getByRole('heading', { level: 2, name: 'Bob Blackman' }).waitFor();
  await panel.getByText('legislator', { exact: true }).waitFor();
  // The roles and events come with what the source states, file and line.
  const cite = panel.locator('blockquote.source cite').first();
  assert.match(await cite.textContent(), /iran-resistance-2023\.txt, line \d+/);
  assert.ok(await panel.locator('ol.events > li').count() >= 1);
  await panel.getByRole('button', { name: 'Network around' }).click();
  await page.waitForURL(/seed=.*bob-blackman/);
  // The network is now his ego network, with him selected.
  await drawn(page);
  await page.waitForFunction(() => window.__annalsNet.selectedKey?.endsWith('bob-blackman'));
  await page.waitForTimeout(800); // the camera's flight
  await shot('profile');

  // Searching a node of the network on view flies the camera to it.
  const target = await page.evaluate(() => {
    const { data } = window.__annalsNet;
    return data.nodes.filter((n) => !n.id.endsWith('bob-blackman')).sort((a, b) => b.events - a.events)[0];
  });
  await search.fill(target.label.slice(0, 12));
  await page.getByRole('option', { name: new RegExp(target.label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) }).first().waitFor();
  await page.getByRole('option', { name: new RegExp(target.label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) }).first().dispatchEvent('mousedown');
  await page.waitForURL((u) => new URL(u).searchParams.get('sel') === 'n:' + target.id);
  assert.match(page.url(), /seed=.*bob-blackman/, 'the view stayed');
  await page.waitForTimeout(800); // the camera's flight
  const centre = await page.evaluate((id) => {
    const r = window.__annalsNet.renderer;
    const p = r.framedGraphToViewport(r.getNodeDisplayData(id));
    const { width, height } = r.getDimensions();
    return { dx: Math.abs(p.x - width / 2), dy: Math.abs(p.y - height / 2) };
  }, target.id);
  assert.ok(centre.dx < 5 && centre.dy < 5, `the camera did not fly to ${target.label}: ${JSON.stringify(centre)}`);
  await page.goBack();
});

test("click a tie and read its shared events' sources, in one request", async () => {
  await page.goto(base + '/network?seed=' + encodeURIComponent('https://annals.dev/id/person/bob-blackman') + '&sel=' + encodeURIComponent('n:https://annals.dev/id/person/bob-blackman'));
  await drawn(page);
  await page.waitForTimeout(800); // the camera's flight to him
  // His tie whose midpoint lies farthest from every node, so that the click lands on it.
  const edge = await page.evaluate(() => {
    const { graph, renderer } = window.__annalsNet;
    const me = 'https://annals.dev/id/person/bob-blackman';
    const vp = (id) => renderer.framedGraphToViewport(renderer.getNodeDisplayData(id));
    const { width, height } = renderer.getDimensions();
    let best = null;
    graph.forEachEdge(me, (e, a, s, t) => {
      const p = vp(s), q = vp(t), m = { x: (p.x + q.x) / 2, y: (p.y + q.y) / 2 };
      if (m.x < 10 || m.y < 10 || m.x > width - 10 || m.y > height - 10) return;
      const d = Math.min(...graph.mapNodes((n) => { const o = vp(n); return Math.hypot(o.x - m.x, o.y - m.y) - renderer.scaleSize(renderer.getNodeDisplayData(n).size); }));
      if (!best || d > best.d) best = { d, m, a: s, b: t, weight: a.weight, la: graph.getNodeAttribute(s, 'label'), lb: graph.getNodeAttribute(t, 'label') };
    });
    return best;
  });
  assert.ok(edge, 'Bob Blackman has ties');
  const requests = [];
  const count = (r) => { if (new URL(r.url()).pathname.startsWith('/api/')) requests.push(new URL(r.url()).pathname); };
  page.on('request', count);
  const box = await page.locator('#graph').boundingBox();
  await page.mouse.click(box.x + edge.m.x, box.y + edge.m.y);
  await page.waitForURL((u) => new URL(u).searchParams.get('sel') === `e:${edge.a}|${edge.b}`);
  const panel = page.getByRole('complementary', { name: 'Details' });
  await panel.getByRole('heading', { level: 2, name: `${edge.la} — ${edge.lb}` }).waitFor();
  const quotes = panel.locator('ol.events blockquote.source');
  await quotes.first().waitFor();
  assert.equal(await quotes.count(), edge.weight);
  for (const q of await quotes.all()) {
    assert.match(await q.textContent(), /^The source states: .+ — iran-resistance-2023\.txt, line \d+$/s);
    assert.match(await q.locator('q').textContent(), /Blackman/); // each shared event's sentence names him
  }
  page.off('request', count);
  assert.deepEqual(requests, ['/api/ties'], 'the tie panel made other requests');
  await shot('tie');
});

test('a deep link opens the same view, tie and sources', async () => {
  const url = page.url();
  const other = await context.newPage();
  await other.goto(url);
  const panel = other.getByRole('complementary', { name: 'Details' });
  await panel.locator('blockquote.source').first().waitFor();
  assert.equal(await panel.locator('h2').textContent(), await page.locator('#panel h2').textContent());
  await other.close();
});

test('keyboard only: a node from the list, then one of its ties', async () => {
  await page.goto(base + '/network');
  await drawn(page);
  const list = page.locator('details.node-list summary');
  await list.focus();
  await page.keyboard.press('Enter'); // opens the list
  const first = page.locator('details.node-list li button').first();
  const name = await first.textContent();
  await first.focus();
  await page.keyboard.press('Enter');
  const panel = page.getByRole('complementary', { name: 'Details' });
  await panel.getByRole('heading', { level: 2, name }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.tagName + ':' + document.activeElement.textContent), 'H2:' + name);
  const tie = panel.locator('ul.ties button').first();
  const other = await tie.textContent();
  await tie.focus();
  await page.keyboard.press('Enter');
  await panel.getByRole('heading', { level: 2, name: new RegExp(`${name} — ${other}|${other} — ${name}`) }).waitFor();
  assert.ok(await panel.locator('blockquote.source').count() >= 1);
  // Closed, then chosen again: the panel comes back.
  await panel.getByRole('button', { name: 'Close details' }).press('Enter');
  await panel.waitFor({ state: 'hidden' });
  await page.locator('details.node-list li button').first().press('Enter');
  await panel.getByRole('heading', { level: 2, name }).waitFor();
});

test('filter by date: network and events keep to the range', async () => {
  await page.goto(base + '/network');
  await drawn(page);
  const before = await page.evaluate(() => window.__annalsNet.graph.order);
  await page.getByLabel('From', { exact: true }).fill('2023-06-01');
  await page.getByLabel('To', { exact: true }).fill('2023-06-30');
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.waitForURL(/from=2023-06-01&to=2023-06-30/);
  await page.waitForFunction((n) => window.__annalsNet?.graph.order !== n, before);
  await drawn(page);
  const spans = await page.evaluate(() => window.__annalsNet.data.nodes.map((n) => [n.start, n.end]));
  assert.ok(spans.length > 0 && spans.length < before);
  for (const [s, e] of spans) assert.ok(s <= '2023-06-30' && e >= '2023-06-01', `${s}..${e} is outside June`);
  await shot('network-june');

  await page.getByRole('link', { name: 'Events', exact: true }).click();
  await page.waitForURL(/\/events\?.*from=2023-06-01/);
  await page.locator('.events-view:not([aria-busy]) ol.events').waitFor();
  const dates = await page.locator('.events-view ol.events > li .date').allTextContents();
  const api = await (await fetch(`${base}/api/events?from=2023-06-01&to=2023-06-30&limit=1000`)).json();
  assert.equal(dates.length, Math.min(api.total, 200));
  await page.getByText(new RegExp(`^Showing 1–${dates.length} of ${api.total} events$`)).first().waitFor();
  for (const d of dates) assert.ok(d.slice(0, 10) <= '2023-06-30' && d.slice(-10) >= '2023-06-01', d);
  assert.ok(await page.locator('.timeline .bar').count() >= 1);
  await shot('events-june');

  // A month of the timeline narrows the range again.
  await page.getByRole('link', { name: 'Events', exact: true }).click();
  await page.getByRole('button', { name: 'All dates' }).click();
  await page.waitForURL((u) => !new URL(u).searchParams.has('from'));
  await page.getByRole('button', { name: /^2023-03: \d+ events$/ }).click();
  await page.waitForURL(/from=2023-03-01&to=2023-03-31/);
  await page.locator('.events-view:not([aria-busy]) ol.events > li').first().waitFor();
  const march = await page.locator('.events-view ol.events > li .date').allTextContents();
  assert.ok(march.length > 0 && march.every((d) => d.slice(0, 10) <= '2023-03-31' && d.slice(-10) >= '2023-03-01'), march.join(' '));
  await page.getByRole('button', { name: 'All dates' }).click();
  await page.waitForURL((u) => !new URL(u).searchParams.has('from'));
});

test('legislators × events: sort by a column and download the CSV', async () => {
  await page.goto(base + '/network');
  await page.getByRole('link', { name: 'Legislators × events' }).click();
  const rows = page.locator('.legislators-view:not([aria-busy]) tbody tr');
  await rows.first().waitFor();
  await page.getByRole('button', { name: /^Person/ }).click();
  await page.waitForURL(/sort=person/);
  await page.locator('th[aria-sort=ascending]', { hasText: 'Person' }).waitFor();
  const names = await page.locator('.legislators-view tbody tr td:first-child').allTextContents();
  assert.ok(names.length > 1);
  assert.deepEqual(names, [...names].sort((a, b) => a.localeCompare(b)));
  assert.equal(await page.locator('th[aria-sort=ascending]').textContent(), 'Person ▲');
  await page.getByRole('button', { name: /^Person/ }).click();
  await page.waitForURL(/dir=desc/);
  await page.locator('th[aria-sort=descending]', { hasText: 'Person' }).waitFor();
  const desc = await page.locator('.legislators-view tbody tr td:first-child').allTextContents();
  assert.deepEqual(desc, [...names].sort((a, b) => b.localeCompare(a)));
  await shot('legislators');
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /^Download CSV/ }).click()]);
  const csv = await readFile(await dl.path(), 'utf8');
  assert.match(csv, /^person,person_id,role,/);
  assert.ok(csv.includes('Bob Blackman'));
  const total = (await (await fetch(`${base}/api/legislators/events?limit=1`)).json()).total;
  assert.equal(csvRows(csv) - 1, total, 'the CSV has every row');
});

test('run a Gizmo query: a table, and the nodes as a graph', async () => {
  await page.goto(base + '/network');
  await page.getByRole('link', { name: 'Query' }).click();
  const box = page.getByLabel('Gizmo query');
  await box.fill('g.V().Has("<http://schema.org/name>", "Bob Blackman")\n  .In(["<http://schema.org/attendee>", "<https://annals.dev/ns#mentions>"])\n  .Out(["<http://schema.org/attendee>", "<https://annals.dev/ns#mentions>"])\n  .Out("<http://schema.org/name>").Unique().All()');
  await box.press('Control+Enter');
  await page.locator('#query-table tbody tr').first().waitFor();
  const cells = await page.locator('#query-table tbody td').allTextContents();
  // Who shares an event with him (taking part or mentioned), by the named API.
  const co = await (await fetch(`${base}/api/coappearance?actor=bob-blackman&limit=1000`)).json();
  const expected = new Set(['Bob Blackman', ...co.partners.map((p) => p.name)]);
  assert.deepEqual(new Set(cells), expected);
  assert.match(page.url(), /\/query\?q=/);

  await box.fill('g.V().Has("<http://schema.org/name>", "Bob Blackman").Tag("person").In(["<http://schema.org/attendee>", "<https://annals.dev/ns#mentions>"]).All()');
  await page.getByRole('button', { name: 'Run' }).click();
  await page.getByRole('img', { name: /Result as a graph: \d+ nodes/ }).waitFor();
  const label = await page.getByRole('img', { name: /Result as a graph/ }).getAttribute('aria-label');
  const events = await page.locator('#query-table tbody tr').count();
  assert.equal(label, `Result as a graph: ${events + 1} nodes, ${events} links`);
  await shot('query');

  await box.fill('g.V(');
  await page.getByRole('button', { name: 'Run' }).click();
  await page.getByRole('alert').filter({ hasText: /Query failed|Bad|error/i }).waitFor();
  assert.match(await page.getByRole('alert').textContent(), /Line 1/); // the parser's position
  await box.fill('g.V().Has("<http://schema.org/name>", "Bob Blackman").All()');
  await page.getByRole('button', { name: 'Run' }).click();
  await page.locator('#query-table tbody tr').first().waitFor();

  // GraphQL: the example asks for the people's IDs; Cayley answers a node once per quad
  // that types it (one per entry stating it), so the distinct IDs are the store's
  // people, and the answer is whole.
  await page.getByLabel('Language').selectOption('graphql');
  await page.getByLabel('GraphQL query').waitFor();
  await page.getByRole('button', { name: 'Run' }).click();
  await page.waitForURL(/lang=graphql/);
  await page.getByRole('img', { name: /Result as a graph/ }).waitFor();
  const stats = await (await fetch(`${base}/api/stats`)).json();
  const ids = await page.locator('#query-table tbody td:first-child').allTextContents();
  assert.equal(new Set(ids).size, stats.counts.people);
  assert.ok(ids.every((id) => id.startsWith('https://annals.dev/id/person/')));
  assert.deepEqual(await page.locator('#query-table thead th').allTextContents(), ['id']);
  assert.equal(await page.locator('.results .cut').count(), 0, 'a whole answer is said to be cut');
  // Every node of the store is more than the server's limit of 1000 results: the
  // console says the answer was cut, never silently.
  assert.ok(stats.nodes > 1000);
  await page.getByLabel('GraphQL query').fill('{ nodes { id } }');
  await page.getByRole('button', { name: 'Run' }).click();
  await page.getByRole('note').filter({ hasText: /Not the whole answer: the answer reached the server's limit of 1000 results/ }).waitFor();
  assert.equal(await page.locator('#query-table tbody tr').count(), 1000);
  assert.match(await page.locator('#status').textContent(), /1000 results in \d+ ms \(cut: /);
});

test('export the current view: GraphML with its nodes, PNG of the canvas', async () => {
  await page.goto(base + '/network?seed=' + encodeURIComponent('https://annals.dev/id/person/bob-blackman') + '&depth=2');
  await drawn(page);
  const shown = await page.evaluate(() => ({ nodes: window.__annalsNet.graph.nodes().sort(), edges: window.__annalsNet.graph.size }));
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'GraphML' }).click()]);
  assert.equal(dl.suggestedFilename(), 'annals-projected.graphml');
  const xml = await readFile(await dl.path(), 'utf8');
  assert.match(xml, /^<\?xml[^>]*>\s*<graphml xmlns="http:\/\/graphml\.graphdrawing\.org\/xmlns"/);
  assert.match(xml, /<key id="[^"]+" for="edge" attr\.name="weight" attr\.type="(int|long|double)"/);
  const ids = [...xml.matchAll(/<node id="([^"]+)"/g)].map((m) => m[1].replaceAll('&amp;', '&')).sort();
  assert.deepEqual(ids, shown.nodes);
  assert.equal([...xml.matchAll(/<edge /g)].length, shown.edges);
  assert.ok(xml.includes('>Bob Blackman<'));

  const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'PNG' }).click()]);
  const bytes = await readFile(await png.path());
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.ok(bytes.length > 5000);
});

test('overview: the whole network with the busiest legislator’s profile (the README picture)', async () => {
  const net = await (await fetch(`${base}/api/network?types=person,body&metrics=false`)).json();
  const ties = (id) => net.edges.filter((e) => e.source === id || e.target === id).length;
  const busiest = net.nodes.filter((n) => n.legislator && n.type === 'person').sort((a, b) => ties(b.id) - ties(a.id))[0];
  await page.goto(`${base}/network?sel=${encodeURIComponent('n:' + busiest.id)}`);
  await drawn(page);
  await page.getByRole('complementary', { name: 'Details' }).getByRole('heading', { level: 2, name: busiest.label }).waitFor();
  await page.waitForTimeout(800); // the camera's flight
  await page.mouse.move(0, 0);
  await page.locator('#status.shown').waitFor({ state: 'detached', timeout: 10000 });
  await shot('overview');
});

test('the map shows the places of the events in the date range, and a place its events', async () => {
  const from = '2023-01-01', to = '2023-06-30';
  await page.goto(`${base}/map?from=${from}&to=${to}`);
  await page.locator('.map-view:not([aria-busy]) svg.world').waitFor();
  const api = await (await fetch(`${base}/api/map?from=${from}&to=${to}`)).json();
  assert.ok(api.places.length > 0, 'the sample has located events in the range');
  const drawnIds = await page.locator('svg.world circle.place').evaluateAll((cs) => cs.map((c) => c.dataset.id).sort());
  assert.deepEqual(drawnIds, api.places.map((p) => p.id).sort());
  // Every circle is a place that events of the range name as their location.
  const events = await (await fetch(`${base}/api/events?from=${from}&to=${to}&limit=10000`)).json();
  const venues = new Set(events.events.flatMap((e) => e.places.map((p) => p.id)));
  for (const id of drawnIds) assert.ok(venues.has(id), `${id} is no venue of the range`);
  await page.getByText(/^Base map: Natural Earth/).waitFor();
  await shot('map');

  // The busiest place: its events, each with what the source states.
  const top = api.places[0];
  await page.locator(`svg.world circle.place[data-id="${top.id}"]`).dispatchEvent('click');
  await page.waitForURL((u) => new URL(u).searchParams.get('place') === top.id);
  const list = page.locator('#place-events');
  await list.getByRole('heading', { name: new RegExp(`^Events at ${top.name}`) }).waitFor();
  await list.getByText(new RegExp(`^Showing 1–${Math.min(top.events, 200)} of ${top.events} events$`)).first().waitFor();
  assert.equal(await list.locator('ol.events > li').count(), Math.min(top.events, 200));
  assert.match(await list.locator('blockquote.source cite').first().textContent(), /iran-resistance-2023\.txt, line \d+/);
  await shot('map-place');

  // Scroll zooms the map.
  const svg = page.locator('svg.world');
  const box = await svg.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, -300);
  assert.match(await page.locator('svg.world g.zoom').getAttribute('transform'), /scale\((?!1\.000)/);
});

test('the events timeline covers every event, the list is paged', async () => {
  await page.goto(`${base}/events`);
  await page.locator('.events-view:not([aria-busy]) .timeline').waitFor();
  const stats = await (await fetch(`${base}/api/stats`)).json();
  const tl = page.locator('.timeline');
  const by = await tl.getAttribute('data-by');
  const cut = by === 'year' ? 4 : 7;
  assert.equal(await tl.getAttribute('data-first'), stats.date_span.start.slice(0, cut));
  assert.equal(await tl.getAttribute('data-last'), stats.date_span.end.slice(0, cut));
  const bars = await page.locator('.timeline .bar').evaluateAll((bs) => bs.map((b) => Number(/: (\d+) events/.exec(b.title)[1])));
  const total = (await (await fetch(`${base}/api/events?limit=1`)).json()).total;
  const hist = await (await fetch(`${base}/api/events/histogram`)).json();
  assert.equal(bars.reduce((a, b) => a + b, 0), total - hist.undated);
  await page.getByText(new RegExp(`^Showing 1–${Math.min(200, total)} of ${total} events$`)).first().waitFor();
  if (total > 200) {
    await page.getByRole('button', { name: 'Next ›' }).first().click();
    await page.waitForURL(/page=2/);
    await page.getByText(new RegExp(`^Showing 201–${Math.min(400, total)} of ${total} events$`)).first().waitFor();
  }
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /^CSV \(all/ }).click()]);
  assert.equal(csvRows(await readFile(await dl.path(), 'utf8')) - 1, total, 'the events CSV has every event');
});

test('phone width: no horizontal scroll, the panel a bottom sheet below the graph', async () => {
  const phone = await context.newPage();
  await phone.setViewportSize({ width: 375, height: 740 });
  for (const path of ['/network', '/map', '/events', '/legislators', '/query']) {
    await phone.goto(base + path);
    await phone.locator('main > section:not([aria-busy]), main .console').first().waitFor();
    if (path === '/network') await phone.waitForFunction(() => window.__annalsNet?.laidOut);
    const { scroll, width } = await phone.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
    assert.ok(scroll <= width, `${path}: the page is ${scroll - width} px wider than the phone`);
  }
  await phone.goto(`${base}/network?sel=${encodeURIComponent('n:https://annals.dev/id/person/bob-blackman')}`);
  await phone.waitForFunction(() => window.__annalsNet?.laidOut);
  const sheet = phone.getByRole('complementary', { name: 'Details' });
  await sheet.getByRole('heading', { level: 2, name: 'Bob Blackman' }).waitFor();
  const g = await phone.locator('#graph').boundingBox();
  const p = await sheet.boundingBox();
  assert.ok(p.y + p.height >= 739 && p.height <= 740 * 0.45, `the panel is no bottom sheet: ${JSON.stringify(p)}`);
  assert.ok(p.y - g.y >= 150, `the sheet leaves ${Math.round(p.y - g.y)} px of the graph in view`);
  const { scroll, width } = await phone.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  assert.ok(scroll <= width, `with the sheet open the page is ${scroll - width} px too wide`);
  await phone.screenshot({ path: join(shots, 'phone.png') });
  await phone.close();
});

test('an empty store: the page says how to load data', async () => {
  const empty = await serve(['--store', 'memory'], 60000);
  allow(empty.base);
  const other = await context.newPage();
  try {
    await other.goto(empty.base + '/');
    await other.getByRole('heading', { name: 'Nothing is loaded yet' }).waitFor();
    await other.getByText('annals load FILE').waitFor();
    await other.getByText('annals serve FILE...').waitFor();
    await other.getByText(/README/).first().waitFor();
  } finally {
    await other.close();
    await empty.stop();
  }
});
