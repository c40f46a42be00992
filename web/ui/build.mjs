// Builds the explorer into ../dist (embedded by package web): one bundled, minified
// script, the layout's and the network fetch's web workers and one stylesheet, no source maps, so the committed
// build stays small.
import { build } from 'esbuild';
import { copyFile, mkdir, rm, writeFile, readFile } from 'node:fs/promises';

const out = new URL('../dist/', import.meta.url).pathname;
await rm(out, { recursive: true, force: true });
await mkdir(out + 'assets', { recursive: true });
const common = { bundle: true, minify: true, format: 'esm', target: ['es2020'], legalComments: 'none', logLevel: 'warning' };
// The map (and its world base map) loads when first shown: chunks split by esbuild.
await build({ ...common, entryPoints: { app: 'src/main.js' }, outdir: out + 'assets', splitting: true, chunkNames: 'chunk-[hash]' });
await build({ ...common, entryPoints: ['src/layout.worker.js'], outfile: out + 'assets/layout.worker.js' });
await build({ ...common, entryPoints: ['src/network.worker.js'], outfile: out + 'assets/network.worker.js' });
await copyFile('src/style.css', out + 'assets/app.css');
await copyFile('index.html', out + 'index.html');
await copyFile('src/favicon.svg', out + 'favicon.svg');
// The licences of what the bundle contains travel with it, in one file.
const bundled = ['sigma', 'graphology', 'graphology-utils', 'graphology-layout-forceatlas2', 'events', 'd3-geo', 'd3-array', 'internmap', 'topojson-client', 'world-atlas'];
const parts = [];
for (const pkg of bundled) {
  const meta = JSON.parse(await readFile(`node_modules/${pkg}/package.json`, 'utf8'));
  let text = '';
  for (const name of ['LICENSE', 'LICENSE.txt', 'LICENSE.md', 'license']) {
    try { text = await readFile(`node_modules/${pkg}/${name}`, 'utf8'); break; } catch { /* try the next name */ }
  }
  parts.push(`== ${pkg} ${meta.version} (${meta.license})\n\n${text.trim() || meta.license}\n`);
}
parts.push('== Natural Earth (the world base map in world-atlas)\n\nMade with Natural Earth. Free vector and raster map data @ naturalearthdata.com. Public domain.\n');
await writeFile(out + 'assets/LICENSES.txt', parts.join('\n'));
