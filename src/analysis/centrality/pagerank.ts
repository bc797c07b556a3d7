import type { Csr } from '../structure/paths.ts';

export interface PageRankOptions {
  /** Damping factor (default 0.85). */
  alpha?: number;
  /** Use tie strengths as transition weights (default true); false treats every tie as 1. */
  weighted?: boolean;
  /** Iteration cap (default 1000; NetworkX uses 100 with its looser tolerance). */
  maxIterations?: number;
  /**
   * Stop when the L1 change of one step is below n × tolerance. Default 1e-10: NetworkX's 1e-6 stops
   * up to ~2e-5 away from the fixed point (les-miserables), while the reference values are the fixed
   * point to 1e-10. Bipartite graphs then need ~130 steps (the error shrinks by α per step).
   */
  tolerance?: number;
}

export interface IterativeResult {
  values: Float64Array;
  iterations: number;
  /** False when the cap was reached first: `values` is then the last iterate, not a fixed point. */
  converged: boolean;
}

/**
 * PageRank as NetworkX `pagerank` (its SciPy power iteration): uniform start and teleport,
 * dangling nodes (no ties, or only weight-0 ties) spread their rank uniformly; converged when the
 * L1 change of one step is below n·tolerance (tighter by default than NetworkX, see `tolerance`).
 * Instead of throwing on non-convergence it returns the last iterate with `converged: false`.
 */
export function pagerank(s: Csr, options: PageRankOptions = {}): IterativeResult {
  const alpha = options.alpha ?? 0.85;
  const weighted = options.weighted ?? true;
  const maxIterations = options.maxIterations ?? 1000;
  const tolerance = options.tolerance ?? 1e-10;
  const { n, offsets, targets, weights } = s;
  if (n === 0) return { values: new Float64Array(0), iterations: 0, converged: true };

  // Row-normalise: inverse out-strength, 0 marks a dangling node.
  const invOut = new Float64Array(n);
  for (let v = 0; v < n; v++) {
    let sum = 0;
    if (weighted) for (let i = offsets[v]; i < offsets[v + 1]; i++) sum += weights[i];
    else sum = offsets[v + 1] - offsets[v];
    invOut[v] = sum !== 0 ? 1 / sum : 0;
  }
  let x = new Float64Array(n).fill(1 / n);
  let next = new Float64Array(n);
  const scaled = new Float64Array(n);
  const teleport = (1 - alpha) / n;
  for (let it = 1; it <= maxIterations; it++) {
    let dangling = 0;
    for (let v = 0; v < n; v++) {
      if (invOut[v] === 0) dangling += x[v];
      scaled[v] = x[v] * invOut[v];
    }
    const base = alpha * (dangling / n) + teleport;
    let err = 0;
    for (let v = 0; v < n; v++) {
      let acc = 0;
      if (weighted) for (let i = offsets[v], end = offsets[v + 1]; i < end; i++) acc += weights[i] * scaled[targets[i]];
      else for (let i = offsets[v], end = offsets[v + 1]; i < end; i++) acc += scaled[targets[i]];
      const value = alpha * acc + base;
      next[v] = value;
      err += Math.abs(value - x[v]);
    }
    const t = x;
    x = next;
    next = t;
    if (err < n * tolerance) return { values: x, iterations: it, converged: true };
  }
  return { values: x, iterations: maxIterations, converged: false };
}
