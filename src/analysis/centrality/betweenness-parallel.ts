import type { Worker } from 'node:worker_threads';
import type { Snapshot } from '../../graph/snapshot.ts';
import type { Csr } from '../structure/paths.ts';
import { defaultWorkerCount, startTsWorker, toShared } from '../workers/pool.ts';
import type { BetweennessWorkerData, ChunkReply, ChunkRequest } from '../workers/betweenness-worker.ts';
import { betweenness, planBetweenness, type BetweennessOptions } from './betweenness.ts';
import { chunkSize } from './brandes.ts';

export interface ParallelOptions {
  /** Worker threads to use (default: one per core). */
  workers?: number;
  /**
   * Below this much work (sources × adjacency entries) the in-thread version runs instead: starting
   * workers costs a few hundred milliseconds (default 2e8, roughly a 0.3 s job).
   */
  minWork?: number;
}

/**
 * Betweenness split over worker threads by source chunks, on shared memory (the snapshot's arrays
 * are used in place when built with `shared: true`, else copied once into SharedArrayBuffers).
 * Chunks are claimed dynamically for load balance but summed in chunk order, so the result is
 * bit-identical to `betweenness` with the same options, whatever the number of workers.
 */
export async function betweennessParallel(s: Csr | Snapshot, options: BetweennessOptions & ParallelOptions = {}): Promise<Float64Array> {
  const plan = planBetweenness(s.n, options);
  const work = plan.sources.length * (s.targets.length + s.n);
  const workers = Math.max(1, Math.floor(options.workers ?? defaultWorkerCount()));
  const size = chunkSize(plan.sources.length);
  const chunks = Math.ceil(plan.sources.length / size);
  if (work < (options.minWork ?? 2e8) || chunks < 2) return betweenness(s, options);

  const data: BetweennessWorkerData = {
    n: s.n,
    offsets: toShared(s.offsets),
    targets: toShared(s.targets),
    weights: toShared(s.weights),
    plan: { ...plan, sources: toShared(plan.sources) },
    chunkSize: size,
  };
  const url = new URL('../workers/betweenness-worker.ts', import.meta.url);
  const pool: Worker[] = [];
  for (let i = 0; i < Math.min(workers, chunks); i++) pool.push(startTsWorker(url, data));

  const total = new Float64Array(s.n);
  try {
    await new Promise<void>((resolve, reject) => {
      const pending = new Map<number, Float64Array>();
      let next = 0, folded = 0;
      const dispatch = (w: Worker) => {
        if (next < chunks) w.postMessage({ chunk: next++ } satisfies ChunkRequest);
      };
      for (const w of pool) {
        w.on('message', (msg: ChunkReply) => {
          if ('error' in msg) { reject(new Error(`betweenness worker failed: ${msg.error}`)); return; }
          pending.set(msg.chunk, msg.sums);
          dispatch(w);
          // Fold in chunk order only: the summation order must not depend on timing.
          for (let part = pending.get(folded); part; part = pending.get(folded)) {
            pending.delete(folded++);
            for (let v = 0; v < s.n; v++) total[v] += part[v];
          }
          if (folded === chunks) resolve();
        });
        w.on('error', reject);
        w.on('exit', (code) => { if (folded < chunks) reject(new Error(`betweenness worker exited with code ${code}`)); });
        dispatch(w);
      }
    });
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  for (let v = 0; v < s.n; v++) total[v] *= plan.scale;
  return total;
}
