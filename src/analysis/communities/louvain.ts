import type { Snapshot } from '../../graph/snapshot.ts';
import { createRng } from '../../util/random.ts';
import { louvainCsr } from './louvain-csr.ts';
import { modularity } from './modularity.ts';
import { renumberBySize, splitDisconnected } from './split.ts';

export interface LouvainOptions {
  /** Resolution γ (default 1): higher gives more, smaller communities. */
  resolution?: number;
  /** Seed of the random node order (default 1): the same seed gives the same partition. */
  seed?: number;
  /** Use tie strengths (default true). */
  weighted?: boolean;
  /** Split communities that Louvain left internally disconnected (default true). */
  splitDisconnected?: boolean;
  /**
   * Independent runs with seeds seed, seed+1, …; the partition with the highest modularity is kept
   * (default 1). Louvain is greedy: a few tries reach the best-known modularity more reliably.
   */
  tries?: number;
}

export interface Communities {
  /** Community of each node (by snapshot index), 0 = largest. */
  membership: Int32Array;
  count: number;
  /** Size of each community, by community number (descending). */
  sizes: number[];
  /** Modularity of the final partition (our computation, NetworkX conventions, same weights and resolution). */
  modularity: number;
  /** Communities Louvain returned internally disconnected, now split into their connected parts. */
  split: number;
  /** What was used: the seed of the kept run and the number of tries. */
  settings: { resolution: number; seed: number; weighted: boolean; tries: number; splitDisconnected: boolean };
}

/**
 * Louvain communities on the snapshot's typed arrays (louvain-csr.ts), reproducible through a seeded
 * rng, with disconnected communities split and communities renumbered by size.
 * graphology-communities-louvain stays the independent reference in the tests.
 */
export function louvainCommunities(s: Snapshot, options: LouvainOptions = {}): Communities {
  const resolution = options.resolution ?? 1;
  const seed = options.seed ?? 1;
  const weighted = options.weighted ?? true;
  const doSplit = options.splitDisconnected ?? true;
  const tries = Math.max(1, Math.floor(options.tries ?? 1));
  let best: Communities | null = null;
  for (let t = 0; t < tries; t++) {
    const runSeed = seed + t;
    // Without ties every node stays alone.
    const raw = louvainCsr({ n: s.n, offsets: s.offsets, targets: s.targets, weights: weighted ? s.weights : null }, { resolution, rng: createRng(runSeed) });
    const { membership: parts, split } = doSplit ? splitDisconnected(s, raw) : { membership: raw, split: 0 };
    const { membership, sizes } = renumberBySize(parts);
    const q = modularity(s, membership, { resolution, weighted });
    if (!best || q > best.modularity) {
      best = {
        membership,
        count: sizes.length,
        sizes,
        modularity: q,
        split,
        settings: { resolution, seed: runSeed, weighted, tries, splitDisconnected: doSplit },
      };
    }
  }
  return best!;
}
