import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

// The ESM build of tsx's register API (require.resolve finds the CommonJS twin beside it).
const tsxApi = () =>
  pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;

/**
 * Starts a worker thread on an entry module: a compiled `.js` entry directly; a TypeScript one (the sources,
 * run through tsx) by a tiny JavaScript bootstrap that registers tsx and then imports it, since Node 20 does
 * not apply loader hooks from a worker's own `--import tsx` to its entry module.
 */
export function startModuleWorker(entry: URL, options: Pick<WorkerOptions, 'workerData' | 'resourceLimits'> = {}): Worker {
  if (entry.pathname.endsWith('.js')) return new Worker(entry, options);
  return new Worker(`import(${JSON.stringify(tsxApi())}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); })`, {
    ...options,
    eval: true,
    execArgv: ['--import', 'tsx'],
  });
}
