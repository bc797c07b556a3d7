import type { Snapshot } from '../../graph/snapshot.ts';
import { edgeLengths, sampleNodes, type Csr, type DistanceProfile } from '../structure/paths.ts';
import { accumulateUnweighted, accumulateWeighted, chunkSize, createWorkspace, profileSources } from './brandes.ts';
import { bfsRenumbering, renumberPlan, restoreResult, worthRenumbering } from './renumber.ts';

export interface BetweennessOptions {
  /** Scale as NetworkX `normalized=True`: by 2/((n−1)(n−2)) for pairs counted once (default true). */
  normalized?: boolean;
  /** Shortest paths by length 1/weight (Dijkstra) instead of hop counts (default false). */
  weightedPaths?: boolean;
  /**
   * Brandes–Pich estimate from this many pivot sources drawn uniformly without replacement, scaled
   * by n/samples, like NetworkX `k=`. Omitted, or ≥ n: exact.
   */
  samples?: number;
  /** Seed for the pivot draw (default 0). */
  seed?: number;
  /**
   * Traverse a breadth-first renumbered copy of the graph for memory locality (same results, bit
   * for bit; see renumber.ts). Default: when the graph has ≥ 50,000 nodes and ≥ 8 sources run.
   */
  renumber?: boolean;
}

export interface BetweennessPlan {
  /** Source nodes whose dependencies are summed (all nodes when exact). */
  sources: Uint32Array;
  exact: boolean;
  /** Factor applied to the summed dependencies to give the requested scale. */
  scale: number;
  weightedPaths: boolean;
  /** Only the distance profile is wanted (closeness, harmonic): skip path counting and dependencies. */
  profileOnly: boolean;
}

/** Which sources to run and how to scale the sum: shared by the in-thread and parallel versions. */
export function planBetweenness(n: number, options: BetweennessOptions = {}): BetweennessPlan {
  const normalized = options.normalized ?? true;
  const weightedPaths = options.weightedPaths ?? false;
  const k = options.samples;
  if (k !== undefined && (!Number.isInteger(k) || k < 1)) throw new RangeError(`samples must be a positive integer, got ${k}`);
  const exact = k === undefined || k >= n;
  let sources: Uint32Array;
  if (exact) {
    sources = new Uint32Array(n);
    for (let i = 0; i < n; i++) sources[i] = i;
  } else {
    sources = sampleNodes(n, k!, options.seed ?? 0).sort();
  }
  // Every source sees each pair from one end, so pairs are counted twice over all sources.
  let scale = normalized ? (n > 2 ? 1 / ((n - 1) * (n - 2)) : 1) : 0.5;
  if (!exact) scale *= n / k!;
  return { sources, exact, scale, weightedPaths, profileOnly: false };
}

/**
 * Dependencies of plan.sources[from..to) (one chunk) into a fresh array of length n; with
 * `withProfile`, followed by 4 numbers per source (see `accumulateUnweighted`).
 */
export function betweennessChunk(
  g: Csr,
  plan: BetweennessPlan,
  from: number,
  to: number,
  lengths: Float64Array | null,
  ws = createWorkspace(g, plan.weightedPaths),
  withProfile = false,
): Float64Array {
  const out = new Float64Array(g.n + (withProfile ? 4 * (to - from) : 0));
  const profile = withProfile ? out.subarray(g.n) : null;
  if (plan.profileOnly) profileSources(g, lengths, plan.sources, from, to, ws, profile!);
  else if (plan.weightedPaths) accumulateWeighted(g, lengths!, plan.sources, from, to, out, ws, profile);
  else accumulateUnweighted(g, plan.sources, from, to, out, ws, profile);
  return out;
}

/** An empty distance profile to be filled chunk by chunk. */
export function emptyProfile(n: number, weightedPaths: boolean): DistanceProfile {
  return { sum: new Float64Array(n), reach: new Float64Array(n), inverseSum: new Float64Array(n), eccentricity: new Float64Array(n), weightedPaths };
}

/** Copies the per-source summaries that follow the n dependency sums of a chunk into `profile`. */
export function storeChunkProfile(n: number, plan: BetweennessPlan, from: number, chunk: Float64Array, profile: DistanceProfile): void {
  for (let k = from, p = n; p < chunk.length; k++, p += 4) {
    const v = plan.sources[k];
    profile.sum[v] = chunk[p];
    profile.reach[v] = chunk[p + 1];
    profile.inverseSum[v] = chunk[p + 2];
    profile.eccentricity[v] = chunk[p + 3];
  }
}

/**
 * Betweenness centrality by Brandes' algorithm on the snapshot, in this thread. Unweighted by
 * default; NetworkX-normalised by default (raw with `normalized: false` counts each pair once).
 * `samples` gives the Brandes–Pich pivot estimate (see `planBetweenness` for the sample used).
 * For large graphs prefer `betweennessParallel`, which gives identical numbers on both cores.
 */
export function betweenness(s: Csr | Snapshot, options: BetweennessOptions = {}): Float64Array {
  return betweennessWithProfile(s, options, false).betweenness;
}

/**
 * Betweenness and, from the same traversals, the distance profile that closeness, harmonic and
 * averagePathLength accept (`profile` option): one all-sources pass instead of two. The profile
 * is only produced for the exact computation (every node a source); null when sampled.
 */
export function betweennessWithProfile(
  s: Csr | Snapshot,
  options: BetweennessOptions = {},
  withProfile = true,
): { betweenness: Float64Array; profile: DistanceProfile | null } {
  const plan = planBetweenness(s.n, options);
  const keep = withProfile && plan.exact;
  if (!worthRenumbering(s.n, plan, options.renumber)) return accumulateAll(s, plan, keep);
  const r = bfsRenumbering(s, { weights: plan.weightedPaths });
  return restoreResult(accumulateAll(r.g, renumberPlan(plan, r.perm, false), keep), r.perm);
}

/** All of plan.sources in this thread, chunk by chunk as the parallel version sums them. */
function accumulateAll(s: Csr, plan: BetweennessPlan, keep: boolean): { betweenness: Float64Array; profile: DistanceProfile | null } {
  const lengths = plan.weightedPaths ? edgeLengths(s) : null;
  const ws = createWorkspace(s, plan.weightedPaths);
  const size = chunkSize(plan.sources.length);
  const profile = keep ? emptyProfile(s.n, plan.weightedPaths) : null;
  const total = new Float64Array(s.n);
  for (let from = 0; from < plan.sources.length; from += size) {
    const part = betweennessChunk(s, plan, from, Math.min(from + size, plan.sources.length), lengths, ws, keep);
    for (let v = 0; v < s.n; v++) total[v] += part[v];
    if (profile) storeChunkProfile(s.n, plan, from, part, profile);
  }
  for (let v = 0; v < s.n; v++) total[v] *= plan.scale;
  return { betweenness: total, profile };
}
