import type { Snapshot } from '../../graph/snapshot.ts';

export interface ModularityOptions {
  /** Resolution γ (default 1): above 1 favours smaller communities. */
  resolution?: number;
  /** Use tie strengths (default true); false counts every tie as 1. */
  weighted?: boolean;
}

/**
 * Newman modularity of a partition, as NetworkX `modularity(G, communities, weight, resolution)`:
 * Q = Σ_c [ L_c / m − γ (d_c / 2m)² ], L_c the weight of ties inside c, d_c the total strength of c,
 * m the total weight. NaN for a network without ties (NetworkX divides by zero there).
 * `membership[v]` is v's community (any non-negative integers).
 */
export function modularity(s: Snapshot, membership: ArrayLike<number>, options: ModularityOptions = {}): number {
  const gamma = options.resolution ?? 1;
  const weighted = options.weighted ?? true;
  let k = 0;
  for (let v = 0; v < s.n; v++) if (membership[v] + 1 > k) k = membership[v] + 1;
  const inside = new Float64Array(k);
  const degree = new Float64Array(k);
  let twoM = 0;
  for (let u = 0; u < s.n; u++) {
    const cu = membership[u];
    for (let i = s.offsets[u]; i < s.offsets[u + 1]; i++) {
      const w = weighted ? s.weights[i] : 1;
      twoM += w;
      degree[cu] += w;
      if (membership[s.targets[i]] === cu) inside[cu] += w; // each internal tie seen from both ends
    }
  }
  if (twoM === 0) return NaN;
  let q = 0;
  for (let c = 0; c < k; c++) q += inside[c] / twoM - gamma * (degree[c] / twoM) ** 2;
  return q;
}
