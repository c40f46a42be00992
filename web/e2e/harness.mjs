// What the end-to-end tests share: a real `annals serve` on a free loopback port,
// Debian's Chromium through playwright-core, a probe of long main-thread tasks, and
// helpers that read the network renderer (sigma.js) the page exposes.
import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = dirname(fileURLToPath(import.meta.url));
// playwright-core is a dev dependency of web/ui (one package.json and lock file).
export const { chromium } = createRequire(join(here, '../ui/package.json'))('playwright-core');
export const repo = resolve(here, '../..');
export const bin = process.env.ANNALS_BIN || join(repo, 'annals');
export const shots = process.env.E2E_SHOTS || join(tmpdir(), 'annals-e2e');

export function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => ok(port)); });
  });
}

// serve starts `annals serve` with args on a free port and waits until it is ready.
export async function serve(args, readyMs = 240000) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const proc = spawn(bin, ['serve', '--addr', `127.0.0.1:${port}`, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  proc.stderr.on('data', (d) => { log = (log + d).slice(-20000); });
  const end = Date.now() + readyMs;
  for (;;) {
    try {
      if ((await fetch(base + '/readyz')).ok) break;
    } catch { /* not listening yet */ }
    if (proc.exitCode !== null) throw new Error(`annals serve exited ${proc.exitCode}:\n${log}`);
    if (Date.now() > end) throw new Error(`annals serve not ready after ${readyMs} ms:\n${log}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return { base, proc, log: () => log, stop: () => { proc.kill('SIGTERM'); return new Promise((r) => proc.exitCode !== null ? r() : proc.on('exit', r)); } };
}

// browser opens Chromium with a page that must work offline (any request to another
// origin fails the run) and records long main-thread tasks in window.__longTasks.
export async function browser(base, viewport = { width: 1366, height: 768 }) {
  await mkdir(shots, { recursive: true });
  const profileDir = await mkdtemp(join(tmpdir(), 'annals-chromium-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    viewport,
    acceptDownloads: true,
  });
  await context.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push({ start: Math.round(e.startTime), ms: Math.round(e.duration) });
    }).observe({ type: 'longtask', buffered: true });
  });
  const origins = new Set([base]);
  await context.route((url) => ![...origins].some((o) => url.href.startsWith(o + '/')), (route) => {
    throw new Error(`request to another origin: ${route.request().url()}`);
  });
  const page = context.pages()[0] || await context.newPage();
  page.on('pageerror', (e) => { throw e; });
  return {
    context, page,
    // allow lets the pages talk to another annals server too.
    allow: (origin) => origins.add(origin),
    close: async () => { await context.close(); await rm(profileDir, { recursive: true, force: true }); },
  };
}

// Long tasks at most this long keep a page responsive (the RAIL budget for a response
// is 100 ms; a frame of input delay on a busy CI machine is allowed on top).
export const longTaskBudget = 200;

// longTasks returns the long tasks recorded since `since` (ms on the page's clock),
// but those of the renderer's WebGL set-up: contexts, shader programs and their first
// draw on a placeholder, a fixed cost whatever the network (the page marks it, and
// reports it as __annalsTiming.webgl; BENCHMARKS.md has its numbers). Each task says
// what it ran: the page's User Timing measures (annals:*) within it, with their
// durations; a task without any is the browser's (style, layout, paint, a frame).
export async function longTasks(page, since = 0) {
  return page.evaluate((t) => {
    const starts = performance.getEntriesByName('annals:webgl-start').map((m) => m.startTime);
    const readies = performance.getEntriesByName('annals:webgl-ready').map((m) => m.startTime);
    const setup = (e) => starts.some((s, i) => e.start >= s - 1 && e.start < (readies[i] ?? Infinity));
    const measures = performance.getEntriesByType('measure').filter((m) => m.name.startsWith('annals:'));
    const what = (e) => measures.filter((m) => m.startTime < e.start + e.ms && m.startTime + m.duration > e.start)
      .map((m) => `${m.name.slice(7)} ${Math.round(m.duration)} ms`).join(', ') || 'browser';
    return window.__longTasks.filter((e) => e.start >= t && !setup(e)).map((e) => ({ ...e, what: what(e) }));
  }, since);
}

export async function now(page) {
  return page.evaluate(() => performance.now());
}

// drawn waits until the network is drawn and laid out.
export async function drawn(page, timeout = 180000) {
  await page.waitForFunction(() => window.__annalsNet?.laidOut && window.__annalsNet.renderer, null, { timeout });
  // One more frame: the last positions are on screen.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

// cameraRatio is the renderer's zoom (smaller is closer).
export function cameraRatio(page) {
  return page.evaluate(() => window.__annalsNet.renderer.getCamera().getState().ratio);
}

// wheelNotches turns the mouse wheel n notches over the graph (negative deltaY zooms
// in), a notch every `gap` ms as a hand turns it.
export async function wheelNotches(page, n, deltaY = -100, gap = 200) {
  const box = await page.locator('#graph').boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 0; i < n; i++) {
    await page.mouse.wheel(0, deltaY);
    await page.waitForTimeout(gap);
  }
  await page.waitForTimeout(300);
}

// labelBoxes measures, independently of the page's own bookkeeping, the boxes of the
// labels the renderer drew: each label's node position and size from sigma, its width
// from the canvas font, as the page lays a label out (right of its node).
export function labelBoxes(page) {
  return page.evaluate(() => {
    const { renderer, labels } = window.__annalsNet;
    const settings = renderer.getSettings();
    const ctx = document.createElement('canvas').getContext('2d');
    ctx.font = `${settings.labelWeight} ${settings.labelSize}px ${settings.labelFont}`;
    const { width, height } = renderer.getDimensions();
    return labels.map(({ key }) => {
      const d = renderer.getNodeDisplayData(key);
      const p = renderer.framedGraphToViewport(d);
      const size = renderer.scaleSize(d.size);
      const w = ctx.measureText(d.label).width;
      const x1 = p.x + size + 2;
      return { key, label: d.label, x1, y1: p.y - settings.labelSize / 2 - 2, x2: x1 + w + 4, y2: p.y + settings.labelSize / 2 + 2, width, height };
    });
  });
}

export function overlaps(boxes) {
  const out = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], b = boxes[j];
      if (a.x1 < b.x2 - 0.5 && a.x2 > b.x1 + 0.5 && a.y1 < b.y2 - 0.5 && a.y2 > b.y1 + 0.5) out.push(`${a.label} / ${b.label}`);
    }
  }
  return out;
}

// csvRows counts the records of a CSV text (quoted fields may hold newlines).
export function csvRows(text) {
  let rows = 0, quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (c === '\n' && !quoted) rows++;
  }
  if (text.length && text[text.length - 1] !== '\n') rows++;
  return rows;
}
