import type { Csr } from './paths.ts';

/**
 * Triangles through every node, by merging sorted adjacency rows (rows in the snapshot are sorted):
 * for each edge u–v with u < v, count common neighbours w > v once, credit u, v and w.
 */
export function triangleCounts(s: Csr): Float64Array {
  const { n, offsets, targets } = s;
  const tri = new Float64Array(n);
  for (let u = 0; u < n; u++) {
    const ue = offsets[u + 1];
    for (let i = offsets[u]; i < ue; i++) {
      const v = targets[i];
      if (v <= u) continue;
      // Common neighbours w > v of u and v.
      let a = i + 1,
        b = offsets[v];
      const ve = offsets[v + 1];
      while (b < ve && targets[b] <= v) b++;
      while (a < ue && b < ve) {
        const x = targets[a],
          y = targets[b];
        if (x === y) {
          tri[u]++;
          tri[v]++;
          tri[x]++;
          a++;
          b++;
        } else if (x < y) a++;
        else b++;
      }
    }
  }
  return tri;
}

/**
 * Local clustering coefficient as NetworkX `clustering` (unweighted): triangles / (d(d−1)/2),
 * 0 for nodes of degree below 2. Pass `triangles` to reuse a count.
 */
export function clustering(s: Csr, triangles: Float64Array = triangleCounts(s)): Float64Array {
  const out = new Float64Array(s.n);
  for (let v = 0; v < s.n; v++) {
    const d = s.offsets[v + 1] - s.offsets[v];
    out[v] = d < 2 ? 0 : (2 * triangles[v]) / (d * (d - 1));
  }
  return out;
}

/** Mean local clustering over all nodes, zeros included (NetworkX `average_clustering`); NaN for an empty graph. */
export function averageClustering(s: Csr, triangles: Float64Array = triangleCounts(s)): number {
  if (s.n === 0) return NaN;
  const c = clustering(s, triangles);
  let sum = 0;
  for (let v = 0; v < s.n; v++) sum += c[v];
  return sum / s.n;
}

/** Global clustering: 3 × triangles / connected triples (NetworkX `transitivity`; 0 without triangles). */
export function transitivity(s: Csr, triangles: Float64Array = triangleCounts(s)): number {
  let closed = 0,
    triples = 0;
  for (let v = 0; v < s.n; v++) {
    const d = s.offsets[v + 1] - s.offsets[v];
    closed += triangles[v];
    triples += (d * (d - 1)) / 2;
  }
  return closed === 0 ? 0 : closed / triples;
}
