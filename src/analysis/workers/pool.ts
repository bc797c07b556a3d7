import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

// The ESM entry of tsx's API, located through its package.json (require.resolve would give the CJS one).
function tsxApi(): string {
  const pkgPath = createRequire(import.meta.url).resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  return pathToFileURL(join(dirname(pkgPath), pkg.exports['./esm/api'].import.default)).href;
}

// On Node 20, `execArgv: ['--import', 'tsx']` does not reach a worker's module loader ("Unknown file
// extension .ts"), so a tiny eval'd bootstrap registers tsx inside the worker, then imports the
// TypeScript entry named in its argv.
const bootstrap = () => `
import(${JSON.stringify(tsxApi())}).then((api) => { api.register(); return import(process.argv[process.argv.length - 1]); });
`;

/**
 * The module `relative` (written as its TypeScript source, `./x.ts`) beside the module at `base`
 * (an import.meta.url): the `.js` twin when `base` is the compiled copy in dist/.
 */
export function siblingModule(relative: string, base: string): URL {
  return new URL(base.endsWith('.js') ? relative.replace(/\.ts$/, '.js') : relative, base);
}

/**
 * Starts a worker file: compiled JavaScript (dist/) directly, a TypeScript source through tsx, so it
 * runs the same sources as the main thread (no build step). Works under `node --import tsx`, plain
 * node and vitest.
 */
export function startTsWorker(url: URL, workerData: unknown): Worker {
  if (url.pathname.endsWith('.js')) return new Worker(url, { workerData });
  return new Worker(bootstrap(), { eval: true, workerData, argv: [url.href] });
}

/** Worker count for CPU-bound work: one per core, at least 1. */
export function defaultWorkerCount(): number {
  return Math.max(1, availableParallelism());
}

/** Copy a typed array onto a SharedArrayBuffer unless it already lives on one. */
export function toShared<T extends Uint32Array | Float64Array | Int32Array>(a: T): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const Ctor = a.constructor as { new (buf: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number };
  const out = new Ctor(new SharedArrayBuffer(Math.max(1, a.length) * Ctor.BYTES_PER_ELEMENT));
  out.set(a);
  return out.subarray(0, a.length) as T;
}
