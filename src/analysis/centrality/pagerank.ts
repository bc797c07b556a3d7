import type { Csr } from '../structure/paths.ts';

export interface PageRankOptions {
  /** Damping factor (default 0.85). */
  alpha?: number;
  /** Use tie strengths as transition weights (default true); false treats every tie as 1. */
  weighted?: boolean;
  /** Iteration cap (default 1000; NetworkX uses 100 with its looser tolerance). */
  maxIterations?: number;
  /**
   * Largest L1 distance to the fixed point at which to stop (default 1e-10), so every node's value is
   * within it. One step contracts that distance by α, so it is at most α/(1−α) times the last step's
   * L1 change; iteration stops when that bound is below `tolerance`. NetworkX instead stops when the
   * step is below n × tol (1e-6), which can leave its values ~2e-5 off (les-miserables), and a rule of
   * n × 1e-10 still left 1e-8 on a 900-node region. At most log(tol·(1−α)/α)/log α steps: ~150 at α 0.85.
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
 * L1 distance to the fixed point is provably below `tolerance` (the fixed point NetworkX approaches
 * with a tight tol, not where its default tol stops; see `tolerance`).
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
  // ‖x_k − x*‖₁ ≤ α/(1−α)·‖x_k − x_{k−1}‖₁ (α-contraction in L1), so this step size proves `tolerance`.
  const stopBelow = alpha > 0 ? (tolerance * (1 - alpha)) / alpha : Number.POSITIVE_INFINITY;
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
    if (err < stopBelow) return { values: x, iterations: it, converged: true };
  }
  return { values: x, iterations: maxIterations, converged: false };
}
