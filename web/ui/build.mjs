// Builds the explorer into ../dist (embedded by package web): one bundled, minified
// script and one stylesheet, no source maps, so the committed build stays small.
import { build } from 'esbuild';
import { copyFile, mkdir, rm } from 'node:fs/promises';

const out = new URL('../dist/', import.meta.url).pathname;
await rm(out, { recursive: true, force: true });
await mkdir(out + 'assets', { recursive: true });
await build({
  entryPoints: ['src/main.js'],
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['es2020'],
  legalComments: 'linked',
  outfile: out + 'assets/app.js',
  logLevel: 'warning',
});
await copyFile('src/style.css', out + 'assets/app.css');
await copyFile('index.html', out + 'index.html');
await copyFile('src/favicon.svg', out + 'favicon.svg');
// Cytoscape.js is MIT-licensed: its licence travels with the bundle.
await copyFile('node_modules/cytoscape/LICENSE', out + 'assets/cytoscape.LICENSE.txt');
