// How the explorer copes with a large network: generates a chronology with
// `annals gen --entries N`, serves it, opens the whole co-appearance network in
// headless Chromium and prints the time to fetch it, to build and lay out the drawing,
// until the page shows it, and per frame while panning. A measurement, not a test:
//   cd web/ui && ANNALS_BIN=../../annals node ../e2e/large.bench.mjs [N ...]   (default 3000)
import { spawn, execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, loadavg, cpus } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = dirname(fileURLToPath(import.meta.url));
const { chromium } = createRequire(join(here, '../ui/package.json'))('playwright-core');
const bin = process.env.ANNALS_BIN || resolve(here, '../../annals');
const sizes = process.argv.slice(2).map(Number).filter(Boolean);

const port = await new Promise((ok) => { const s = createServer(); s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => ok(p)); }); });
const dir = await mkdtemp(join(tmpdir(), 'annals-large-'));
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
console.log(`${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
for (const n of sizes.length ? sizes : [3000]) {
  const file = join(dir, `gen${n}.txt`);
  execFileSync(bin, ['gen', '--entries', String(n), '-q', '-o', file]);
  const server = spawn(bin, ['serve', '--store', 'memory', '--addr', `127.0.0.1:${port}`, file], { stdio: 'ignore' });
  const base = `http://127.0.0.1:${port}`;
  for (let ready = false; !ready;) {
    ready = await fetch(base + '/readyz').then((r) => r.ok, () => false);
    if (!ready) await new Promise((r) => setTimeout(r, 300));
  }
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  for (const path of ['/network', '/network?types=person%2Cbody%2Cplace']) {
    const t0 = Date.now();
    await page.goto(base + path);
    await page.waitForFunction(() => window.__annalsCy?.nodes().length > 0, null, { timeout: 300000 });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const shown = Date.now() - t0;
    const t = await page.evaluate(() => window.__annalsTiming);
    const frame = await page.evaluate(async () => {
      const cy = window.__annalsCy;
      const t0 = performance.now();
      for (let i = 0; i < 10; i++) { cy.panBy({ x: 5, y: 0 }); await new Promise(requestAnimationFrame); }
      return Math.round((performance.now() - t0) / 10);
    });
    console.log(`entries ${n} ${path}: ${t.nodes} nodes, ${t.edges} ties (${t.drawnEdges} drawn); fetch ${t.fetch} ms, build+layout ${t.draw} ms, shown after ${shown} ms, ${frame} ms per frame panning`);
  }
  await page.close();
  server.kill('SIGTERM');
  await new Promise((r) => server.on('exit', r));
}
await browser.close();
await rm(dir, { recursive: true, force: true });
