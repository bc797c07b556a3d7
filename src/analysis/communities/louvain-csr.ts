/**
 * Louvain (Blondel et al. 2008) directly on CSR typed arrays: local moving in a seeded random node
 * order, aggregation of each community into one node of a CSR super-graph, repeated until a level
 * improves modularity by no more than `threshold` (NetworkX `louvain_communities` conventions:
 * weighted, resolution γ, threshold 1e-7, the last level's partition is kept).
 *
 * Local moving uses a work queue (only neighbours of a moved node are revisited, as in Traag et al.
 * 2019's fast local moving): it stops at the same local optimum as full sweeps (no single move
 * raises modularity) without re-scanning settled parts of a large graph.
 */
import { shuffle } from '../../util/random.ts';
import { type AccumulatorScratch, accumulatorScratch, aggregateCsr, relabel, sumByGroup } from './aggregate-csr.ts';

/** One level's graph: CSR without self-loops; `strength` and `selfLoop` carry what aggregation folded in. */
interface LevelGraph {
  n: number;
  offsets: Uint32Array;
  targets: Uint32Array;
  weights: Float64Array;
  /** Total strength of each node (its members' strengths), the k_v of the modularity formula. */
  strength: Float64Array;
  /** Weight of ties inside each node, counted from both ends (as in k_v). */
  selfLoop: Float64Array;
}

export interface LouvainCsrInput {
  n: number;
  offsets: Uint32Array;
  targets: Uint32Array;
  /** Tie strength per adjacency entry; null counts every tie as 1. */
  weights: Float64Array | null;
}

export interface LouvainCsrOptions {
  /** Resolution γ (default 1). */
  resolution?: number;
  /** Stop when a level raises modularity by no more than this (default 1e-7, as NetworkX). */
  threshold?: number;
  /** Random source for the node order (required: the caller seeds it). */
  rng: () => number;
}

/** Community label (0…k−1, arbitrary order) of every node. */
export function louvainCsr(input: LouvainCsrInput, options: LouvainCsrOptions): Int32Array {
  const gamma = options.resolution ?? 1;
  const threshold = options.threshold ?? 1e-7;
  const n0 = input.n;
  const membership = new Int32Array(n0);
  for (let v = 0; v < n0; v++) membership[v] = v;

  let g = levelZero(input);
  let m2 = 0;
  for (let v = 0; v < g.n; v++) m2 += g.strength[v];
  if (m2 === 0) return membership;

  // Scratch shared by every level (levels only shrink).
  const scratch = accumulatorScratch(n0);
  let q = levelModularity(g, m2, gamma);
  for (;;) {
    const comm = new Int32Array(g.n);
    const moved = moveNodes(g, m2, gamma, options.rng, comm, scratch);
    if (!moved) break;
    const count = relabel(comm);
    for (let v = 0; v < n0; v++) membership[v] = comm[membership[v]];
    g = aggregate(g, comm, count, scratch);
    const next = levelModularity(g, m2, gamma);
    if (next - q <= threshold) break;
    q = next;
  }
  return membership;
}

function levelZero(input: LouvainCsrInput): LevelGraph {
  const { n, offsets, targets } = input;
  const weights = input.weights ?? new Float64Array(targets.length).fill(1);
  const strength = new Float64Array(n);
  for (let v = 0; v < n; v++) {
    let k = 0;
    for (let i = offsets[v]; i < offsets[v + 1]; i++) k += weights[i];
    strength[v] = k;
  }
  return { n, offsets, targets, weights, strength, selfLoop: new Float64Array(n) };
}

/** Modularity of the partition "every node of g alone", in the original graph's terms. */
function levelModularity(g: LevelGraph, m2: number, gamma: number): number {
  let q = 0;
  for (let v = 0; v < g.n; v++) {
    const t = g.strength[v] / m2;
    q += g.selfLoop[v] / m2 - gamma * t * t;
  }
  return q;
}

/** Local moving phase; fills comm (node → community) and reports whether any node moved. */
function moveNodes(g: LevelGraph, m2: number, gamma: number, rng: () => number, comm: Int32Array, sc: AccumulatorScratch): boolean {
  const { n, offsets, targets, weights, strength } = g;
  const { neighW, stamp, touched } = sc;
  const tot = Float64Array.from(strength);
  for (let v = 0; v < n; v++) comm[v] = v;
  // Circular work queue, initially every node in a seeded random order.
  const order = shuffle(
    Array.from({ length: n }, (_, i) => i),
    rng,
  );
  const queue = Int32Array.from(order);
  const queued = new Uint8Array(n).fill(1);
  let head = 0,
    size = n;
  let movedAny = false;
  const scale = gamma / m2;
  while (size > 0) {
    const v = queue[head];
    head = head + 1 === n ? 0 : head + 1;
    size--;
    queued[v] = 0;
    const kv = strength[v];
    const cv = comm[v];
    const tick = ++sc.tick;
    let nt = 0;
    for (let i = offsets[v], end = offsets[v + 1]; i < end; i++) {
      const c = comm[targets[i]];
      if (stamp[c] !== tick) {
        stamp[c] = tick;
        neighW[c] = 0;
        touched[nt++] = c;
      }
      neighW[c] += weights[i];
    }
    tot[cv] -= kv;
    const ownGain = (stamp[cv] === tick ? neighW[cv] : 0) - scale * tot[cv] * kv;
    let best = cv,
      bestGain = ownGain;
    for (let j = 0; j < nt; j++) {
      const c = touched[j];
      if (c === cv) continue;
      const gain = neighW[c] - scale * tot[c] * kv;
      if (gain > bestGain) {
        bestGain = gain;
        best = c;
      }
    }
    // A move must beat staying by more than rounding noise, or two nodes could swap forever.
    if (best !== cv && bestGain - ownGain > 1e-12 * (Math.abs(bestGain) + Math.abs(ownGain) + kv)) {
      comm[v] = best;
      tot[best] += kv;
      movedAny = true;
      for (let i = offsets[v], end = offsets[v + 1]; i < end; i++) {
        const u = targets[i];
        if (!queued[u] && comm[u] !== best) {
          queued[u] = 1;
          let tail = head + size;
          if (tail >= n) tail -= n;
          queue[tail] = u;
          size++;
        }
      }
    } else {
      tot[cv] += kv;
    }
  }
  return movedAny;
}

/** The super-graph: one node per community, ties between communities summed, ties inside folded into selfLoop. */
function aggregate(g: LevelGraph, comm: Int32Array, k: number, sc: AccumulatorScratch): LevelGraph {
  const { offsets, targets, weights, inside } = aggregateCsr(g, comm, k, sc, { selfLoop: g.selfLoop });
  return { n: k, offsets, targets, weights, strength: sumByGroup(comm, g.strength, g.n, k), selfLoop: inside };
}
