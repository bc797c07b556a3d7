import type { Csr } from './paths.ts';

/**
 * Degree assortativity as NetworkX `degree_assortativity_coefficient` on an undirected graph
 * (unweighted): the Pearson correlation of the degrees at the two ends of each edge, every edge
 * taken in both directions. NaN when undefined (no edges, or all edge ends of equal degree).
 */
export function degreeAssortativity(s: Csr): number {
  const { n, offsets, targets } = s;
  let count = 0,
    sumX = 0,
    sumXX = 0,
    sumXY = 0;
  for (let u = 0; u < n; u++) {
    const du = offsets[u + 1] - offsets[u];
    for (let i = offsets[u]; i < offsets[u + 1]; i++) {
      const v = targets[i];
      const dv = offsets[v + 1] - offsets[v];
      count++;
      sumX += du;
      sumXX += du * du;
      sumXY += du * dv;
    }
  }
  if (count === 0) return NaN;
  // Both directions are present, so the y marginal equals the x marginal.
  const mean = sumX / count;
  const variance = sumXX / count - mean * mean;
  const covariance = sumXY / count - mean * mean;
  return variance <= 0 ? NaN : covariance / variance;
}
