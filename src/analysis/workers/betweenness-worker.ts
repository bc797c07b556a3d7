import { parentPort, workerData } from 'node:worker_threads';
import { betweennessChunk, type BetweennessPlan } from '../centrality/betweenness.ts';
import { createWorkspace } from '../centrality/brandes.ts';
import { edgeLengths, type Csr } from '../structure/paths.ts';

/**
 * Worker side of `betweennessParallel`: holds the snapshot's shared arrays, receives chunk numbers,
 * answers with that chunk's dependency sums (transferred, not copied).
 */
export interface BetweennessWorkerData {
  n: number;
  offsets: Uint32Array;
  targets: Uint32Array;
  weights: Float64Array;
  plan: BetweennessPlan;
  chunkSize: number;
  /** Also return each source's distance summary after the n sums. */
  withProfile: boolean;
}

export type ChunkRequest = { chunk: number };
export type ChunkReply = { chunk: number; sums: Float64Array } | { error: string };

const data = workerData as BetweennessWorkerData;
const g: Csr = { n: data.n, offsets: data.offsets, targets: data.targets, weights: data.weights };
const lengths = data.plan.weightedPaths ? edgeLengths(g) : null;
const ws = createWorkspace(g, data.plan.weightedPaths);
const port = parentPort!;

port.on('message', (msg: ChunkRequest) => {
  try {
    const from = msg.chunk * data.chunkSize;
    const to = Math.min(from + data.chunkSize, data.plan.sources.length);
    const sums = betweennessChunk(g, data.plan, from, to, lengths, ws, data.withProfile);
    port.postMessage({ chunk: msg.chunk, sums } satisfies ChunkReply, [sums.buffer as ArrayBuffer]);
  } catch (err) {
    port.postMessage({ error: err instanceof Error ? (err.stack ?? err.message) : String(err) } satisfies ChunkReply);
  }
});
