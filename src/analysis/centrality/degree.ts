import type { Csr } from '../structure/paths.ts';

/** Number of distinct neighbours of every node (parallel edges merged, self-loops dropped). */
export function degreeVector(s: Csr): Float64Array {
  const out = new Float64Array(s.n);
  for (let v = 0; v < s.n; v++) out[v] = s.offsets[v + 1] - s.offsets[v];
  return out;
}

/** Sum of tie strengths of every node (equals degree on a snapshot built unweighted). */
export function strengthVector(s: Csr): Float64Array {
  const out = new Float64Array(s.n);
  for (let v = 0; v < s.n; v++) {
    let sum = 0;
    for (let i = s.offsets[v]; i < s.offsets[v + 1]; i++) sum += s.weights[i];
    out[v] = sum;
  }
  return out;
}
