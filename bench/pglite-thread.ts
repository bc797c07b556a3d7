/**
 * PGlite on the event loop's thread against PGlite in a worker thread (issue 20), measured by what the
 * event loop itself spends, which a shared machine's load does not move much: the main thread's CPU time
 * (from /proc/self/task/<pid>/schedstat) and the longest event-loop stall, for an import of a 10k-node,
 * 40k-edge version (saveVersion, as the server's import route runs it) and for reading it back as rows;
 * and the wall time of a one-shot CLI-like open + query + close. Alternating in-thread / thread, ROUNDS each.
 *
 * Run: `node --import tsx bench/pglite-thread.ts` (prints JSON rows).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { DatasetSchema } from '../src/model/index.ts';
import { openStore, type Store } from '../src/store/open.ts';
import { readVersionDataset, saveVersion } from '../src/store/versions.ts';
import { benchEcosystem } from './api-load.ts';

const ROUNDS = Number(process.env.PGLITE_THREAD_ROUNDS ?? 3);

/** This process's main-thread CPU time in ms. */
const mainCpuMs = () => Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;

async function measure<T>(fn: () => Promise<T>): Promise<{ wallMs: number; mainCpuMs: number; maxStallMs: number; value: T }> {
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  const c0 = mainCpuMs();
  const t0 = performance.now();
  const value = await fn();
  const wallMs = performance.now() - t0;
  const cpu = mainCpuMs() - c0;
  h.disable();
  return { wallMs, mainCpuMs: cpu, maxStallMs: Math.max(0, h.max / 1e6 - 5), value };
}

async function main() {
  const dataset = DatasetSchema.parse(benchEcosystem(10_000, 40_000, 5));
  const dirs = { inline: mkdtempSync(join(tmpdir(), 'hubgraph-bench-inline-')), thread: mkdtempSync(join(tmpdir(), 'hubgraph-bench-thread-')) };
  const rows: Record<string, { wallMs: number; mainCpuMs: number; maxStallMs: number }[]> = {};
  const add = (k: string, m: { wallMs: number; mainCpuMs: number; maxStallMs: number }) => (rows[k] ??= []).push(m);
  try {
    // Migrated stores first, so the rounds time the work, not initdb.
    for (const dir of Object.values(dirs)) await (await openStore({ dataDir: dir, env: {} })).close();
    for (let r = 0; r < ROUNDS; r++)
      for (const mode of ['inline', 'thread'] as const) {
        const open = await measure(() => openStore({ dataDir: dirs[mode], env: {}, pgliteThread: mode === 'thread' }));
        const store: Store = open.value;
        const one = await measure(() => store.db.query('SELECT count(*) FROM dataset_versions'));
        const save = await measure(() => saveVersion(store, `w${r}`, dataset, { createWorkspace: true, author: 'bench' }));
        const read = await measure(() => readVersionDataset(store.db, save.value.id, {}));
        const close = await measure(() => store.close());
        add(`${mode} open+query+close (one-shot command)`, {
          wallMs: open.wallMs + one.wallMs + close.wallMs,
          mainCpuMs: open.mainCpuMs + one.mainCpuMs + close.mainCpuMs,
          maxStallMs: Math.max(open.maxStallMs, one.maxStallMs, close.maxStallMs),
        });
        add(`${mode} saveVersion 10k nodes + 40k edges`, save);
        add(`${mode} read version rows back`, read);
      }
  } finally {
    for (const d of Object.values(dirs)) rmSync(d, { recursive: true, force: true });
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return Object.entries(rows).map(([k, ms]) => ({
    case: k,
    rounds: ms.length,
    wallMsMedian: Math.round(med(ms.map((m) => m.wallMs))),
    mainThreadCpuMsMedian: Math.round(med(ms.map((m) => m.mainCpuMs))),
    longestLoopStallMsMedian: Math.round(med(ms.map((m) => m.maxStallMs))),
  }));
}

console.log(JSON.stringify(await main(), null, 2));
