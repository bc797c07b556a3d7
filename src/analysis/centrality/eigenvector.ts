import type { Csr } from '../structure/paths.ts';
import { connectedComponents } from '../structure/components.ts';
import type { IterativeResult } from './pagerank.ts';

export interface EigenvectorOptions {
  /** Use tie strengths (default true); false matches NetworkX `eigenvector_centrality_numpy(weight=None)`. */
  weighted?: boolean;
  /** Iteration cap (default 10,000). */
  maxIterations?: number;
  /** Stop when the L1 change of the unit vector is below this per node of the component (default 1e-12; NetworkX also scales by n). */
  tolerance?: number;
}

/**
 * Eigenvector centrality: the Perron vector of the adjacency matrix, unit L2 norm, positive, as
 * NetworkX `eigenvector_centrality_numpy`. On a disconnected graph the leading eigenvector is not
 * unique, so it is computed on the largest connected component (most nodes; the first one found on
 * a tie) and every other node gets 0. Power iteration on A + I, which has the same eigenvectors but
 * a strictly dominant eigenvalue even for bipartite graphs (where A has ±λ). A graph without ties
 * gets NaN everywhere. Convergence is slow when the spectral gap is tiny (long chains): then the
 * result says `converged: false` after `maxIterations`.
 */
export function eigenvector(s: Csr, options: EigenvectorOptions = {}): IterativeResult {
  const weighted = options.weighted ?? true;
  const maxIterations = options.maxIterations ?? 10_000;
  const tolerance = options.tolerance ?? 1e-12;
  const { n, offsets, targets, weights } = s;
  const values = new Float64Array(n);
  if (n === 0) return { values, iterations: 0, converged: true };
  // Component 0 is the largest (ties: the one holding the lowest-indexed node).
  const { membership } = connectedComponents(s);
  const members: number[] = [];
  for (let v = 0; v < n; v++) if (membership[v] === 0) members.push(v);
  // Without any tie there is no leading component to speak of: undefined everywhere.
  if (members.length === 1) {
    values.fill(NaN);
    return { values, iterations: 0, converged: true };
  }

  let x = new Float64Array(n);
  let next = new Float64Array(n);
  const start = 1 / Math.sqrt(members.length);
  for (const v of members) x[v] = start;
  for (let it = 1; it <= maxIterations; it++) {
    let norm = 0;
    for (const v of members) {
      let acc = x[v];
      if (weighted) for (let i = offsets[v], end = offsets[v + 1]; i < end; i++) acc += weights[i] * x[targets[i]];
      else for (let i = offsets[v], end = offsets[v + 1]; i < end; i++) acc += x[targets[i]];
      next[v] = acc;
      norm += acc * acc;
    }
    norm = Math.sqrt(norm);
    let change = 0;
    for (const v of members) {
      next[v] /= norm;
      change += Math.abs(next[v] - x[v]);
    }
    const t = x;
    x = next;
    next = t;
    if (change < tolerance * members.length) {
      values.set(x);
      return { values, iterations: it, converged: true };
    }
  }
  values.set(x);
  return { values, iterations: maxIterations, converged: false };
}
