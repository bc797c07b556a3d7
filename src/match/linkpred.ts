import type { Snapshot } from '../graph/snapshot.ts';

/** Neighbourhood link-prediction scores of a non-adjacent pair (unweighted, NetworkX conventions). */
export interface LinkPrediction {
  commonNeighbours: number;
  jaccard: number;
  adamicAdar: number;
  resourceAllocation: number;
  /** Indices of the common neighbours, strongest connectors (lowest degree, i.e. most specific) first. */
  common: number[];
}

/**
 * Scores of `u` against each of `candidates` in one pass: u's neighbours are stamped once, then
 * each candidate's neighbours are checked — O(deg(u) + Σ deg(v)).
 * Adamic–Adar: Σ 1/ln deg(w); resource allocation: Σ 1/deg(w); Jaccard: |N(u) ∩ N(v)| / |N(u) ∪ N(v)|.
 */
export function linkPredictionFrom(s: Snapshot, u: number, candidates: readonly number[], stamp = new Int32Array(s.n).fill(-1)): LinkPrediction[] {
  for (let i = s.offsets[u]; i < s.offsets[u + 1]; i++) stamp[s.targets[i]] = u;
  const du = s.offsets[u + 1] - s.offsets[u];
  const out: LinkPrediction[] = [];
  for (const v of candidates) {
    const common: number[] = [];
    let aa = 0,
      ra = 0;
    for (let i = s.offsets[v]; i < s.offsets[v + 1]; i++) {
      const w = s.targets[i];
      if (stamp[w] !== u || w === u) continue;
      const dw = s.offsets[w + 1] - s.offsets[w];
      common.push(w);
      aa += 1 / Math.log(dw);
      ra += 1 / dw;
    }
    const dv = s.offsets[v + 1] - s.offsets[v];
    const union = du + dv - common.length;
    common.sort((a, b) => s.offsets[a + 1] - s.offsets[a] - (s.offsets[b + 1] - s.offsets[b]) || a - b);
    out.push({ commonNeighbours: common.length, jaccard: union > 0 ? common.length / union : 0, adamicAdar: aa, resourceAllocation: ra, common });
  }
  for (let i = s.offsets[u]; i < s.offsets[u + 1]; i++) stamp[s.targets[i]] = -1;
  return out;
}
