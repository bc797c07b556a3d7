import type { Worker } from 'node:worker_threads';
import type { Snapshot } from '../../graph/snapshot.ts';
import type { Csr } from '../structure/paths.ts';
import { defaultWorkerCount, siblingModule, startTsWorker, toShared } from '../workers/pool.ts';
import type { BetweennessWorkerData, ChunkReply, ChunkRequest } from '../workers/betweenness-worker.ts';
import { distanceProfile, edgeLengths, type DistanceProfile, type PathOptions } from '../structure/paths.ts';
import {
  betweennessChunk,
  betweennessWithProfile,
  emptyProfile,
  planBetweenness,
  storeChunkProfile,
  type BetweennessOptions,
  type BetweennessPlan,
} from './betweenness.ts';
import { chunkSize, createWorkspace } from './brandes.ts';
import { bfsRenumbering, renumberPlan, restoreResult, worthRenumbering } from './renumber.ts';

export interface ParallelOptions {
  /**
   * Threads to use, the calling thread included: it computes chunks too (it would otherwise only
   * wait) while the workers start up (default: one per core, so one worker on two cores).
   */
  threads?: number;
  /**
   * Below this much work (sources × adjacency entries) the in-thread version runs instead: starting
   * a worker costs a few hundred milliseconds (default 2e8, roughly a 0.3 s job).
   */
  minWork?: number;
}

/**
 * Betweenness split over worker threads by source chunks, on shared memory (the snapshot's arrays
 * are used in place when built with `shared: true`, else copied once into SharedArrayBuffers).
 * Chunks are claimed dynamically for load balance but summed in chunk order, so the result is
 * bit-identical to `betweenness` with the same options, whatever the number of threads.
 */
export async function betweennessParallel(s: Csr | Snapshot, options: BetweennessOptions & ParallelOptions = {}): Promise<Float64Array> {
  return (await betweennessWithProfileParallel(s, options, false)).betweenness;
}

/**
 * `betweennessWithProfile` on worker threads: betweenness plus, when exact, the distance profile
 * for closeness, harmonic and averagePathLength from the same traversals.
 */
export async function betweennessWithProfileParallel(
  s: Csr | Snapshot,
  options: BetweennessOptions & ParallelOptions = {},
  withProfile = true,
): Promise<{ betweenness: Float64Array; profile: DistanceProfile | null }> {
  const plan = planBetweenness(s.n, options);
  if (!worthThreads(s, plan, options)) return betweennessWithProfile(s, options, withProfile);
  return runRenumbered(s, plan, withProfile && plan.exact, options);
}

/**
 * The distance profile (closeness, harmonic, mean path length) from one traversal per node, split
 * over threads like betweenness; identical to `distanceProfile`.
 */
export async function distanceProfileParallel(s: Csr | Snapshot, options: PathOptions & ParallelOptions = {}): Promise<DistanceProfile> {
  const plan: BetweennessPlan = { ...planBetweenness(s.n, { weightedPaths: options.weightedPaths }), profileOnly: true };
  if (!worthThreads(s, plan, options)) return distanceProfile(s, options);
  return (await runRenumbered(s, plan, true, options)).profile!;
}

/** `runChunks` on a breadth-first renumbered copy (shared with the workers) when it pays, mapped back. */
async function runRenumbered(
  s: Csr,
  plan: BetweennessPlan,
  keep: boolean,
  options: ParallelOptions & { renumber?: boolean },
): Promise<{ betweenness: Float64Array; profile: DistanceProfile | null }> {
  if (!worthRenumbering(s.n, plan, options.renumber)) return runChunks(s, plan, keep, options);
  const r = bfsRenumbering(s, { weights: plan.weightedPaths, shared: true });
  return restoreResult(await runChunks(r.g, renumberPlan(plan, r.perm, true), keep, options), r.perm);
}

function worthThreads(s: Csr, plan: BetweennessPlan, options: ParallelOptions): boolean {
  const work = plan.sources.length * (s.targets.length + s.n);
  const threads = Math.max(1, Math.floor(options.threads ?? defaultWorkerCount()));
  const chunks = Math.ceil(plan.sources.length / chunkSize(plan.sources.length));
  return threads >= 2 && work >= (options.minWork ?? 2e8) && chunks >= 2;
}

async function runChunks(
  s: Csr,
  plan: BetweennessPlan,
  keep: boolean,
  options: ParallelOptions,
): Promise<{ betweenness: Float64Array; profile: DistanceProfile | null }> {
  const threads = Math.max(1, Math.floor(options.threads ?? defaultWorkerCount()));
  const size = chunkSize(plan.sources.length);
  const chunks = Math.ceil(plan.sources.length / size);
  const profile = keep ? emptyProfile(s.n, plan.weightedPaths) : null;

  const data: BetweennessWorkerData = {
    n: s.n,
    offsets: toShared(s.offsets),
    targets: toShared(s.targets),
    weights: toShared(s.weights),
    plan: { ...plan, sources: toShared(plan.sources) },
    chunkSize: size,
    withProfile: keep,
  };
  const url = siblingModule('../workers/betweenness-worker.ts', import.meta.url);
  const pool: Worker[] = [];
  for (let i = 0; i < Math.min(threads - 1, chunks - 1); i++) pool.push(startTsWorker(url, data));

  const total = new Float64Array(s.n);
  const pending = new Map<number, Float64Array>();
  let next = 0,
    folded = 0;
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  // Fold in chunk order only: the summation order must not depend on timing.
  const deliver = (chunk: number, sums: Float64Array) => {
    if (profile) storeChunkProfile(s.n, plan, chunk * size, sums, profile);
    pending.set(chunk, sums);
    for (let part = pending.get(folded); part; part = pending.get(folded)) {
      pending.delete(folded++);
      for (let v = 0; v < s.n; v++) total[v] += part[v];
    }
    wake?.();
  };
  const fail = (err: Error) => {
    failure ??= err;
    wake?.();
  };
  const dispatch = (w: Worker) => {
    if (next < chunks) w.postMessage({ chunk: next++ } satisfies ChunkRequest);
  };
  for (const w of pool) {
    w.on('message', (msg: ChunkReply) => {
      if ('error' in msg) {
        fail(new Error(`betweenness worker failed: ${msg.error}`));
        return;
      }
      deliver(msg.chunk, msg.sums);
      dispatch(w);
    });
    w.on('error', fail);
    w.on('exit', (code) => {
      if (folded < chunks) fail(new Error(`betweenness worker exited with code ${code}`));
    });
    dispatch(w);
  }
  try {
    const lengths = plan.weightedPaths ? edgeLengths(s) : null;
    const ws = createWorkspace(s, plan.weightedPaths);
    // This thread takes chunks too, yielding between them so worker replies are handled.
    while (next < chunks && !failure) {
      const chunk = next++;
      const from = chunk * size;
      deliver(chunk, betweennessChunk(s, plan, from, Math.min(from + size, plan.sources.length), lengths, ws, keep));
      await new Promise<void>((r) => setImmediate(r));
    }
    while (folded < chunks && !failure)
      await new Promise<void>((r) => {
        wake = r;
      });
    if (failure) throw failure;
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  for (let v = 0; v < s.n; v++) total[v] *= plan.scale;
  return { betweenness: total, profile };
}
