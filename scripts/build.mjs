// Compiles src/ to dist/ (JavaScript + .d.ts, `.ts` imports rewritten to `.js`), copies the non-code
// files the code reads beside itself (SQL migrations), then writes dist/.build-stamp, which
// bin/hubgraph.js compares with src/ to tell whether the compiled CLI is current.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const started = Date.now();
rmSync(join(root, 'dist'), { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
for (const e of readdirSync(join(root, 'src'), { withFileTypes: true, recursive: true })) {
  if (!e.isFile() || /\.ts$/.test(e.name)) continue;
  const from = join(e.parentPath ?? e.path, e.name);
  const to = join(root, 'dist', relative(join(root, 'src'), from));
  mkdirSync(dirname(to), { recursive: true });
  cpSync(from, to);
}
writeFileSync(join(root, 'dist', '.build-stamp'), `${new Date().toISOString()}\n`);
console.error(`hubgraph: built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
