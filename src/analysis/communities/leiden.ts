import type { Snapshot } from '../../graph/snapshot.ts';
import { createRng } from '../../util/random.ts';
import { gammaViolations, leidenCsr } from './leiden-csr.ts';
import type { Communities } from './louvain.ts';
import { modularity } from './modularity.ts';
import { renumberBySize, splitDisconnected } from './split.ts';

export interface LeidenOptions {
  /** 'modularity' (default) or 'cpm' (constant Potts model: density threshold γ, no null model). */
  quality?: 'modularity' | 'cpm';
  /** Resolution γ (default 1). */
  resolution?: number;
  /** Seed (default 1): the same seed gives the same partition. */
  seed?: number;
  /** Use tie strengths (default true). */
  weighted?: boolean;
  /** Iterations at most (default 10); each starts from the last result, stopping when nothing changes. */
  maxIterations?: number;
  /** Also stop once an iteration raises the quality by less than this share of it (default 1e-3; 0: until unchanged). */
  tolerance?: number;
  /** Independent runs from seed, seed+1, …; the best quality is kept (default 1). */
  tries?: number;
}

export interface LeidenCommunities extends Communities {
  method: 'leiden';
  quality: 'modularity' | 'cpm';
  /** Value of the quality function optimised (equal to `modularity` for modularity). */
  qualityValue: number;
  /** No two adjacent communities would raise the quality by merging. */
  gammaSeparated: boolean;
  iterations: number;
}

/**
 * CPM quality, leidenalg's CPMVertexPartition: Σ_c [ w_c − γ·n_c(n_c − 1)/2 ], w_c the tie weight
 * inside c, n_c its number of nodes.
 */
export function cpmQuality(s: Snapshot, membership: ArrayLike<number>, options: { resolution?: number; weighted?: boolean } = {}): number {
  const gamma = options.resolution ?? 1;
  const weighted = options.weighted ?? true;
  let k = 0;
  for (let v = 0; v < s.n; v++) if (membership[v] + 1 > k) k = membership[v] + 1;
  const count = new Float64Array(k);
  let inside = 0;
  for (let u = 0; u < s.n; u++) {
    count[membership[u]]++;
    for (let i = s.offsets[u]; i < s.offsets[u + 1]; i++) if (membership[s.targets[i]] === membership[u]) inside += weighted ? s.weights[i] : 1;
  }
  let q = inside / 2;
  for (let c = 0; c < k; c++) q -= (gamma * count[c] * (count[c] - 1)) / 2;
  return q;
}

/**
 * Leiden communities on the snapshot (leiden-csr.ts), renumbered by size (0 = largest). Every
 * community is connected by construction; `split` re-checks it (0 unless the algorithm is wrong).
 */
export function leidenCommunities(s: Snapshot, options: LeidenOptions = {}): LeidenCommunities {
  const quality = options.quality ?? 'modularity';
  const resolution = options.resolution ?? 1;
  const seed = options.seed ?? 1;
  const weighted = options.weighted ?? true;
  const tries = Math.max(1, Math.floor(options.tries ?? 1));
  const csr = { n: s.n, offsets: s.offsets, targets: s.targets, weights: weighted ? s.weights : null };
  let best: LeidenCommunities | null = null;
  for (let t = 0; t < tries; t++) {
    const runSeed = seed + t;
    const raw = leidenCsr(csr, { quality, resolution, maxIterations: options.maxIterations, tolerance: options.tolerance, rng: createRng(runSeed) });
    const { membership: parts, split } = splitDisconnected(s, raw.membership);
    const { membership, sizes } = renumberBySize(parts);
    const q = modularity(s, membership, { resolution: quality === 'modularity' ? resolution : 1, weighted });
    const value = quality === 'modularity' ? q : cpmQuality(s, membership, { resolution, weighted });
    if (!best || value > best.qualityValue) {
      best = {
        method: 'leiden',
        quality,
        qualityValue: value,
        membership,
        count: sizes.length,
        sizes,
        modularity: q,
        split,
        gammaSeparated: gammaViolations(csr, membership, { quality, resolution }) === 0,
        iterations: raw.iterations,
        settings: { resolution, seed: runSeed, weighted, tries, splitDisconnected: true },
      };
    }
  }
  return best!;
}
