// Builds what the package runs and ships into dist/:
//   dist/js/       the code, bundled by esbuild with code splitting (entries main, index, store, server,
//                  the server's worker, the PGlite thread's; shared chunks beside them), so `hubgraph --version` reads a few
//                  files instead of hundreds. It sits two levels below the root, as src/<dir>/ does, so
//                  the sources' `new URL('../../…', import.meta.url)` paths (package.json, web/dist,
//                  data/sample) and `./migrations/` mean the same thing from the bundle.
//   dist/workers/  the betweenness and significance workers (`../workers/…` from the chunks, as from src/analysis/<dir>/).
//   dist/types/    the .d.ts of the library entries (tsc --emitDeclarationOnly).
// Then dist/.build-stamp, which bin/hubgraph.js compares with src/ to tell whether the build is current.
// `node scripts/build.mjs --no-types` skips the declarations (seconds instead of a minute).
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../', import.meta.url));
const started = Date.now();
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
// Small pure-JS dependencies on the start-up path are bundled (zod alone is ~100 files); the rest
// (the server stack, PGlite's WASM, pg, …) stay imports of node_modules.
const BUNDLED = new Set(['zod', 'commander', 'csv-parse', 'csv-stringify']);
const external = Object.keys(pkg.dependencies).filter((d) => !BUNDLED.has(d));

/**
 * zod re-exports every one of its ~60 locales (`z.locales`) and applies English itself, so a bundle
 * would carry ~300 kB nobody here reads; its locale index becomes English only. (A consumer of the
 * library who wants `z.locales.fr` imports zod themselves: zod stays their own dependency's copy.)
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/]/.test(args.importer) ? { path: join(dirname(args.importer), '../locales/en.js'), namespace: 'zod-locales' } : undefined);
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({ contents: `export { default as en } from ${JSON.stringify(args.path)};`, resolveDir: dirname(args.path) }));
  },
};

rmSync(join(root, 'dist'), { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: {
    'js/main': 'src/cli/main.ts',
    'js/index': 'src/index.ts',
    'js/store': 'src/store/index.ts',
    'js/server': 'src/server/start.ts',
    'js/worker': 'src/server/worker.ts',
    'js/pglite-thread-worker': 'src/store/pglite-thread-worker.ts',
    'workers/betweenness-worker': 'src/analysis/workers/betweenness-worker.ts',
    'workers/significance-worker': 'src/analysis/workers/significance-worker.ts',
  },
  outdir: 'dist',
  chunkNames: 'js/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external,
  // CommonJS code inside the bundle (none of BUNDLED today) would need `require`.
  banner: { js: "import { createRequire as __hubgraphRequire } from 'node:module'; const require = __hubgraphRequire(import.meta.url);" },
  legalComments: 'none',
  plugins: [zodEnglishOnly],
  // Smaller files parse faster at every start; names are kept (errors and classes are told by name).
  minify: true,
  keepNames: true,
  logLevel: 'warning',
});
cpSync(join(root, 'src/store/migrations'), join(root, 'dist/js/migrations'), { recursive: true });
if (!process.argv.includes('--no-types')) {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
}
writeFileSync(join(root, 'dist', '.build-stamp'), `${new Date().toISOString()}\n`);
console.error(`hubgraph: built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
