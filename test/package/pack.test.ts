/**
 * The package as others get it: `npm pack` → install the tarball into an empty folder (offline:
 * the tarball plus npm's cache, which `npm ci` filled) → the README's library example runs, the
 * `hubgraph/store` and `hubgraph/server` entry points load, `npx hubgraph` works, and a TypeScript
 * consumer typechecks against the shipped declarations.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = new URL('../../', import.meta.url).pathname;
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const work = mkdtempSync(join(tmpdir(), 'hubgraph-pack-'));
const consumer = join(work, 'consumer');
afterAll(() => rmSync(work, { recursive: true, force: true }));

function newestSource(): number {
  let max = 0;
  for (const e of readdirSync(join(ROOT, 'src'), { withFileTypes: true, recursive: true }))
    if (e.isFile()) max = Math.max(max, statSync(join(e.parentPath, e.name)).mtimeMs);
  return max;
}

/** The README's example: the first ```js block under "## Use it as a library". */
function readmeExample(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Use it as a library'));
  const m = /```js\n([\s\S]*?)```/.exec(section);
  if (!m) throw new Error('README has no library example');
  return m[1];
}

/**
 * A lockfile for the consumer: the tarball plus the runtime part of the repository's own lock (the
 * same tree `npm ci` installed here, so every tarball is in npm's cache by its integrity and
 * `npm ci --offline` needs no registry).
 */
function consumerLock(spec: string, tarball: Buffer): unknown {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
    dependencies: Record<string, string>;
    bin: Record<string, string>;
    engines: Record<string, string>;
    license: string;
  };
  const runtime = Object.fromEntries(Object.entries(lock.packages).filter(([path, entry]) => path.startsWith('node_modules/') && !entry.dev));
  return {
    name: 'consumer',
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': { name: 'consumer', dependencies: { hubgraph: spec } },
      'node_modules/hubgraph': {
        version: pkg.version,
        resolved: spec,
        integrity: `sha512-${createHash('sha512').update(tarball).digest('base64')}`,
        license: pkg.license,
        dependencies: pkg.dependencies,
        bin: pkg.bin,
        engines: pkg.engines,
      },
      ...runtime,
    },
  };
}

beforeAll(async () => {
  // The tarball ships dist/: build it when src/ is newer (npm install / npm ci built it already otherwise).
  const stamp = join(ROOT, 'dist/.build-stamp');
  if (!existsSync(stamp) || statSync(stamp).mtimeMs < newestSource()) execFileSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { stdio: 'inherit' });
  const { stdout } = await run(NPM, ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: ROOT, maxBuffer: 1 << 26 });
  const tarball = join(work, (JSON.parse(stdout) as { filename: string }[])[0].filename);
  mkdirSync(consumer);
  const spec = `file:../${basename(tarball)}`;
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module', dependencies: { hubgraph: spec } }));
  writeFileSync(join(consumer, 'package-lock.json'), JSON.stringify(consumerLock(spec, readFileSync(tarball))));
  await run(NPM, ['ci', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: consumer, maxBuffer: 1 << 26 });
}, 600_000);

describe('the packed package', () => {
  it('ships the build, not the sources', () => {
    const pkg = join(consumer, 'node_modules/hubgraph');
    expect(existsSync(join(pkg, 'dist/js/index.js'))).toBe(true);
    expect(existsSync(join(pkg, 'dist/types/index.d.ts'))).toBe(true);
    expect(existsSync(join(pkg, 'src'))).toBe(false);
    expect(existsSync(join(pkg, 'test'))).toBe(false);
  });

  it('runs the README example', async () => {
    writeFileSync(join(consumer, 'brokers.mjs'), readmeExample());
    const { stdout } = await run(process.execPath, ['brokers.mjs'], { cwd: consumer });
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^\d+ nodes, \d+ communities, Q = 0\.\d{3}$/);
    expect(lines.slice(1, 6)).toHaveLength(5);
    for (const l of lines.slice(1, 6)) expect(l).toMatch(/\t\d\.\d{4}$/);
    expect(lines[6]).toMatch(/^as GEXF: .*\.gexf, \d+ characters$/);
  });

  it('gives hubgraph/store, hubgraph/server and the CLI', async () => {
    const { stdout } = await run(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "const s = await import('hubgraph/store'); const v = await import('hubgraph/server'); console.log(typeof s.openStore, typeof v.startServer)",
      ],
      { cwd: consumer },
    );
    expect(stdout.trim()).toBe('function function');
    const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version as string;
    const cli = await run(process.execPath, [join(consumer, 'node_modules/.bin/hubgraph'), '--version'], { cwd: consumer });
    expect(cli.stdout.trim()).toBe(version);
  });

  it('runs significance on worker threads from the build (its worker ships beside the betweenness one)', async () => {
    const bin = join(consumer, 'node_modules/.bin/hubgraph');
    const sample = join(consumer, 'node_modules/hubgraph/data/sample');
    // 8 samples are two chunks of 4: the second runs on a worker thread.
    const { stdout } = await run(process.execPath, [bin, 'significance', sample, '--stat', 'transitivity', '--samples', '8', '--workers', '2', '--json'], {
      cwd: consumer,
    });
    const doc = JSON.parse(stdout) as { tests: { stat: string; samples: number; nullMean: number | null }[]; settings: { threads: number } };
    expect(doc.settings.threads).toBe(2);
    expect(doc.tests.map((t) => [t.stat, t.samples])).toEqual([['transitivity', 8]]);
    expect(doc.tests[0].nullMean).toEqual(expect.any(Number));
  });

  it('typechecks a TypeScript consumer against the shipped declarations', async () => {
    writeFileSync(
      join(consumer, 'check.ts'),
      [
        "import { analyze, loadDataset, type AnalysisResult } from 'hubgraph';",
        "import { openStore } from 'hubgraph/store';",
        'const { dataset } = await loadDataset("x");',
        'const r: AnalysisResult = await analyze(dataset, { metrics: ["pagerank"], budgetSeconds: 5 });',
        'const first: number | null | undefined = r.nodes[0].pagerank;',
        'export { first, openStore };',
        '// @ts-expect-error: not a metric',
        'await analyze(dataset, { metrics: ["pagerankk"] });',
      ].join('\n'),
    );
    writeFileSync(
      join(consumer, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true, noEmit: true, skipLibCheck: true, types: [] },
        files: ['check.ts'],
      }),
    );
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    const r = await run(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: consumer }).then(
      () => ({ code: 0, out: '' }),
      (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }),
    );
    expect(r.out).toBe('');
    expect(r.code).toBe(0);
  }, 120_000);
});
