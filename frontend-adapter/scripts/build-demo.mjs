// Builds the demo page into demo/dist/ (not committed): index.html, demo.css and one bundled demo.js.
// The launcher serves that folder and writes config.json ({ wsUrl, sseUrl, token }) next to index.html.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'demo', 'dist');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [join(root, 'demo', 'src', 'main.ts')],
  outfile: join(out, 'demo.js'),
  bundle: true,
  format: 'iife',
  target: ['es2022'],
  sourcemap: true,
  minify: false,
  logLevel: 'warning',
});
for (const f of ['index.html', 'demo.css']) copyFileSync(join(root, 'demo', f), join(out, f));
console.log(`demo built: ${out}`);
