// End-to-end tests of the web explorer: a real `annals serve` on the sample corpus
// (memory store, 127.0.0.1, a free port) driven by Debian's Chromium through
// playwright-core. Run by scripts/e2e.sh; environment:
//   ANNALS_BIN   the annals binary (default ../../annals from web/ui)
//   ANNALS_CORPUS the chronology to serve (default ../shared/corpus/iran-resistance-2023.txt)
//   CHROMIUM     the browser (default /usr/bin/chromium)
//   E2E_SHOTS    where screenshots go (default $TMPDIR/annals-e2e); they are not committed.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

// Names of the sample corpus the tests search for.
const sample = JSON.parse(await readFile(new URL('./testdata/sample.json', import.meta.url), 'utf8'));

const here = dirname(fileURLToPath(import.meta.url));
// playwright-core is a dev dependency of web/ui (one package.json and lock file).
const { chromium } = createRequire(join(here, '../ui/package.json'))('playwright-core');
const repo = resolve(here, '../..');
const bin = process.env.ANNALS_BIN || join(repo, 'annals');
const corpus = process.env.ANNALS_CORPUS || resolve(repo, '../shared/corpus/iran-resistance-2023.txt');
const shots = process.env.E2E_SHOTS || join(tmpdir(), 'annals-e2e');

let server, base, context, page, profileDir, serverLog = '';

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => ok(port)); });
  });
}

async function waitReady(url, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      const r = await fetch(url + '/readyz');
      if (r.ok) return;
    } catch { /* not listening yet */ }
    if (server.exitCode !== null) throw new Error(`annals serve exited ${server.exitCode}:\n${serverLog}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`annals serve not ready after ${ms} ms:\n${serverLog}`);
}

async function shot(name) {
  await page.screenshot({ path: join(shots, `${name}.png`) });
}

// canvasPoint is where a rendered graph position is on the page.
async function canvasPoint(pos) {
  const box = await page.locator('#cy').boundingBox();
  return { x: box.x + pos.x, y: box.y + pos.y };
}

before(async () => {
  await mkdir(shots, { recursive: true });
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(bin, ['serve', '--store', 'memory', '--addr', `127.0.0.1:${port}`, corpus], { stdio: ['ignore', 'ignore', 'pipe'] });
  server.stderr.on('data', (d) => { serverLog = (serverLog + d).slice(-20000); });
  await waitReady(base, 120000);
  profileDir = await mkdtemp(join(tmpdir(), 'annals-chromium-'));
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    viewport: { width: 1366, height: 768 },
    acceptDownloads: true,
  });
  page = context.pages()[0] || await context.newPage();
  page.on('pageerror', (e) => { throw e; });
  // The page must work offline: any request to another origin fails the run.
  await context.route((url) => !url.href.startsWith(base), (route) => {
    throw new Error(`request to another origin: ${route.request().url()}`);
  });
});

// No view may end in an error message, caught or not.
afterEach(async () => {
  const err = await page.locator('#status.error').count() ? await page.locator('#status').textContent() : '';
  assert.equal(err, '', 'the page shows an error');
});

after(async () => {
  await context?.close();
  if (profileDir) await rm(profileDir, { recursive: true, force: true });
  server?.kill('SIGTERM');
});

test('the whole co-appearance network draws, with legislators marked', async () => {
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(base + '/');
  await page.waitForFunction(() => window.__annalsCy && window.__annalsCy.nodes().length > 0);
  const api = await (await fetch(`${base}/api/network?types=person,body`)).json();
  const drawn = await page.evaluate(() => ({ nodes: window.__annalsCy.nodes().length, edges: window.__annalsCy.edges().length,
    legislators: window.__annalsCy.nodes('[legislator = 1]').length }));
  assert.equal(drawn.nodes, api.nodes.length);
  assert.equal(drawn.edges, api.edges.length);
  assert.equal(drawn.legislators, api.nodes.filter((n) => n.legislator).length);
  assert.ok(drawn.legislators > 0, 'the sample names legislators');
  await assert.doesNotReject(page.getByRole('img', { name: /Co-appearance network: \d+ nodes/ }).waitFor());
  await shot('network');

  // Colour by community and size by PageRank: the view asks for the analytics.
  await page.getByLabel('Colour by').selectOption('community');
  await page.getByLabel('Size by').selectOption('pagerank');
  await page.waitForURL(/color=community/);
  await page.getByText(/\d+ communities \(Louvain\), modularity 0\.\d\d/).waitFor();
  const looks = await page.evaluate(() => {
    const cy = window.__annalsCy;
    const colours = new Set(cy.nodes().map((n) => n.data('color')));
    const top = cy.nodes().max((n) => n.data('node').metrics.pagerank).ele;
    return { colours: colours.size, topSize: top.data('size'), maxSize: cy.nodes().max((n) => n.data('size')).value };
  });
  assert.ok(looks.colours > 1, 'communities get colours');
  assert.equal(looks.topSize, looks.maxSize, 'the highest PageRank is the largest node');
  await page.getByLabel('Colour by').selectOption('type');
  await page.getByLabel('Size by').selectOption('events');
  assert.deepEqual(errors, []);
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
  await page.waitForURL(/seed=.*bob-blackman/);
  const panel = page.getByRole('complementary', { name: 'Details' });
  await panel.getByRole('heading', { level: 2, name: 'Bob Blackman' }).waitFor();
  await panel.getByText('legislator', { exact: true }).waitFor();
  // The roles and events come with what the source states, file and line.
  const cite = panel.locator('blockquote.source cite').first();
  assert.match(await cite.textContent(), /iran-resistance-2023\.txt, line \d+/);
  assert.ok(await panel.locator('ol.events > li').count() >= 1);
  // The network is now his ego network, with him selected.
  await page.waitForFunction(() => window.__annalsCy.$(':selected').length === 1);
  const sel = await page.evaluate(() => window.__annalsCy.$(':selected').data('label'));
  assert.equal(sel, 'Bob Blackman');
  await shot('profile');
});

test("click a tie and read its shared events' sources", async () => {
  const edge = await page.evaluate(() => {
    const cy = window.__annalsCy;
    // The tie of the selected node whose midpoint lies farthest from every node, so that
    // the click lands on the edge.
    let best = null;
    for (const e of cy.$(':selected').connectedEdges()) {
      const m = e.renderedMidpoint();
      const d = Math.min(...cy.nodes().map((n) => { const p = n.renderedPosition(); return Math.hypot(p.x - m.x, p.y - m.y) - n.renderedWidth() / 2; }));
      if (!best || d > best.d) best = { d, m, id: e.id(), weight: e.data('weight'), a: e.source().data('label'), b: e.target().data('label') };
    }
    return best;
  });
  assert.ok(edge, 'Bob Blackman has ties');
  const at = await canvasPoint(edge.m);
  await page.mouse.click(at.x, at.y);
  await page.waitForURL((u) => new URL(u).searchParams.get('sel') === 'e:' + edge.id);
  const panel = page.getByRole('complementary', { name: 'Details' });
  await panel.getByRole('heading', { level: 2, name: `${edge.a} — ${edge.b}` }).waitFor();
  const quotes = panel.locator('ol.events blockquote.source');
  assert.equal(await quotes.count(), edge.weight);
  for (const q of await quotes.all()) {
    assert.match(await q.textContent(), /^The source states: .+ — iran-resistance-2023\.txt, line \d+$/s);
    assert.match(await q.locator('q').textContent(), /Blackman/); // each shared event's sentence names him
  }
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
  await page.waitForFunction(() => window.__annalsCy?.nodes().length > 0);
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
  await page.waitForFunction(() => window.__annalsCy?.nodes().length > 0);
  const before = await page.evaluate(() => window.__annalsCy.nodes().length);
  await page.getByLabel('From', { exact: true }).fill('2023-06-01');
  await page.getByLabel('To', { exact: true }).fill('2023-06-30');
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.waitForURL(/from=2023-06-01&to=2023-06-30/);
  await page.waitForFunction((n) => window.__annalsCy.nodes().length !== n, before);
  const spans = await page.evaluate(() => window.__annalsCy.nodes().map((n) => [n.data('node').start, n.data('node').end]));
  assert.ok(spans.length > 0 && spans.length < before);
  for (const [s, e] of spans) assert.ok(s <= '2023-06-30' && e >= '2023-06-01', `${s}..${e} is outside June`);
  await shot('network-june');

  await page.getByRole('link', { name: 'Events', exact: true }).click();
  await page.waitForURL(/\/events\?.*from=2023-06-01/);
  await page.locator('.events-view:not([aria-busy]) ol.events').waitFor();
  const dates = await page.locator('.events-view ol.events > li .date').allTextContents();
  const api = await (await fetch(`${base}/api/events?from=2023-06-01&to=2023-06-30&limit=1000`)).json();
  assert.equal(dates.length, api.total);
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
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download CSV' }).click()]);
  const csv = await readFile(await dl.path(), 'utf8');
  const lines = csv.trim().split('\n');
  assert.match(lines[0], /^person,person_id,role,/);
  assert.ok(csv.includes('Bob Blackman'));
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

  // GraphQL: the example lists people; Cayley answers a node once per quad that types
  // it (one per entry stating it), so count distinct IDs: the store's people.
  await page.getByLabel('Language').selectOption('graphql');
  await page.getByLabel('GraphQL query').waitFor();
  await page.getByRole('button', { name: 'Run' }).click();
  await page.waitForURL(/lang=graphql/);
  await page.getByRole('img', { name: /Result as a graph/ }).waitFor();
  const stats = await (await fetch(`${base}/api/stats`)).json();
  const ids = new Set(await page.locator('#query-table tbody td:first-child').allTextContents());
  assert.equal(ids.size, stats.counts.people);
  assert.ok([...ids].every((id) => id.startsWith('https://annals.dev/id/person/')));
  assert.deepEqual(await page.locator('#query-table thead th').allTextContents(), ['id', 'name']);
});

test('export the current view: GraphML with its nodes, PNG of the canvas', async () => {
  await page.goto(base + '/network?seed=' + encodeURIComponent('https://annals.dev/id/person/bob-blackman') + '&depth=2');
  await page.waitForFunction(() => window.__annalsCy?.nodes().length > 0);
  const drawn = await page.evaluate(() => ({ nodes: window.__annalsCy.nodes().map((n) => n.id()).sort(), edges: window.__annalsCy.edges().length }));
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'GraphML' }).click()]);
  assert.equal(dl.suggestedFilename(), 'annals-projected.graphml');
  const xml = await readFile(await dl.path(), 'utf8');
  assert.match(xml, /^<\?xml[^>]*>\s*<graphml xmlns="http:\/\/graphml\.graphdrawing\.org\/xmlns"/);
  assert.match(xml, /<key id="[^"]+" for="edge" attr\.name="weight" attr\.type="(int|long|double)"/);
  const ids = [...xml.matchAll(/<node id="([^"]+)"/g)].map((m) => m[1].replaceAll('&amp;', '&')).sort();
  assert.deepEqual(ids, drawn.nodes);
  assert.equal([...xml.matchAll(/<edge /g)].length, drawn.edges);
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
  await page.waitForFunction(() => window.__annalsCy?.$(':selected').length === 1);
  await page.getByRole('complementary', { name: 'Details' }).getByRole('heading', { level: 2, name: busiest.label }).waitFor();
  await page.mouse.move(0, 0);
  await page.locator('#status.shown').waitFor({ state: 'detached', timeout: 10000 });
  await shot('overview');
});
