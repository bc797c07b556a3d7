import { distanceProfile, type Csr, type DistanceProfile, type PathOptions } from '../structure/paths.ts';

export interface ClosenessOptions extends PathOptions {
  /** Reuse a profile already computed (e.g. for harmonic or average path length); must match `weightedPaths`. */
  profile?: DistanceProfile;
}

/**
 * Closeness centrality as NetworkX `closeness_centrality` with `wf_improved=True`: for a node
 * reaching r nodes (itself included) at total distance D, (r−1)/D · (r−1)/(n−1). The
 * Wasserman–Faust factor scales down nodes in small components; an isolate scores 0.
 * Hop counts by default; `weightedPaths` uses length 1/weight.
 */
export function closeness(s: Csr, options: ClosenessOptions = {}): Float64Array {
  const p = profileFor(s, options);
  const n = s.n;
  const out = new Float64Array(n);
  for (let v = 0; v < n; v++) {
    const r = p.reach[v] - 1;
    out[v] = p.sum[v] > 0 && n > 1 ? (r / p.sum[v]) * (r / (n - 1)) : 0;
  }
  return out;
}

/**
 * Harmonic centrality as NetworkX `harmonic_centrality`: Σ 1/d(v, u) over the other nodes
 * (unreachable ones add 0), not normalised. Hop counts by default; `weightedPaths` uses 1/weight.
 */
export function harmonic(s: Csr, options: ClosenessOptions = {}): Float64Array {
  const p = profileFor(s, options);
  return Float64Array.from(p.inverseSum);
}

function profileFor(s: Csr, options: ClosenessOptions): DistanceProfile {
  const p = options.profile;
  if (!p) return distanceProfile(s, options);
  if (p.weightedPaths !== (options.weightedPaths ?? false) || p.sum.length !== s.n) {
    throw new Error(
      `the distance profile given was computed with weightedPaths=${p.weightedPaths} for ${p.sum.length} nodes; ` +
        `expected weightedPaths=${options.weightedPaths ?? false} for ${s.n} nodes`,
    );
  }
  return p;
}
