import type { Snapshot } from '../../graph/snapshot.ts';

/**
 * Borgatti–Everett continuous core–periphery model (Borgatti & Everett 1999, "Models of
 * core/periphery structures", Social Networks 21): every node gets a coreness c_i ≥ 0 so that the
 * pattern matrix Δ_ij = c_i·c_j resembles the adjacency A off the diagonal. The fit is the
 * Pearson correlation of A and Δ over all ordered pairs i ≠ j, as Borgatti–Everett report it.
 *
 * c is the least-squares solution of Σ_{i≠j} (a_ij − c_i c_j)² (UCINET's and Boyd et al. 2006's
 * MINRES form): its stationary point is c_i · Σ_{j≠i} c_j² = Σ_j a_ij c_j, reached here by exact
 * coordinate descent from the strengths (Gauss–Seidel sweeps, which unlike the plain fixed-point map
 * do not oscillate on bipartite graphs). Each sweep and the fit are O(n + m): the sums over all
 * pairs have closed forms in Σc, Σc², Σc⁴.
 */
export interface CorePeripheryOptions {
  /** Tie strengths as a_ij (default true); false counts every tie as 1. */
  weighted?: boolean;
  /** Iterations at most (default 1000). */
  maxIterations?: number;
  /** Stop when no coreness moves by more than this share of the largest in a sweep (default 1e-9). */
  tolerance?: number;
}

export interface CorePeriphery {
  /** Coreness per node (snapshot order), scaled to unit Euclidean norm; isolated nodes get 0. */
  coreness: Float64Array;
  /** Correlation of A with c·cᵀ over pairs i ≠ j; null when it is undefined (no ties, complete graph, or constant c). */
  fit: number | null;
  iterations: number;
  converged: boolean;
}

export function corePeriphery(s: Snapshot, options: CorePeripheryOptions = {}): CorePeriphery {
  const weighted = options.weighted ?? true;
  const maxIterations = Math.max(1, Math.floor(options.maxIterations ?? 1000));
  const tolerance = options.tolerance ?? 1e-9;
  const { n, offsets, targets } = s;
  const w = (i: number) => (weighted ? s.weights[i] : 1);
  const c = new Float64Array(n);
  for (let v = 0; v < n; v++) for (let i = offsets[v]; i < offsets[v + 1]; i++) c[v] += w(i);
  normalise(c);
  let sq = 1;
  let iterations = 0;
  let converged = n === 0 || offsets[n] === 0;
  while (!converged && iterations < maxIterations) {
    iterations++;
    // One coordinate-descent sweep: with the others fixed, the loss is a parabola in c_v whose
    // minimum is Σ_j a_vj c_j / Σ_{j≠v} c_j². Each update lowers the loss, so no oscillation.
    let moved = 0,
      top = 0;
    for (let v = 0; v < n; v++) {
      let ac = 0;
      for (let i = offsets[v]; i < offsets[v + 1]; i++) ac += w(i) * c[targets[i]];
      const old = c[v];
      const others = sq - old * old;
      const x = others > 0 ? ac / others : 0;
      sq = others + x * x;
      c[v] = x;
      const d = Math.abs(x - old);
      if (d > moved) moved = d;
      if (x > top) top = x;
    }
    converged = moved <= tolerance * top;
  }
  normalise(c);
  return { coreness: c, fit: correlationFit(s, c, weighted), iterations, converged };
}

function normalise(c: Float64Array): void {
  let sq = 0;
  for (let v = 0; v < c.length; v++) sq += c[v] * c[v];
  if (sq > 0) {
    const k = 1 / Math.sqrt(sq);
    for (let v = 0; v < c.length; v++) c[v] *= k;
  }
}

/** Pearson correlation of a_ij and c_i·c_j over the n(n−1) ordered pairs i ≠ j, in O(n + m). */
export function correlationFit(s: Snapshot, c: ArrayLike<number>, weighted = true): number | null {
  const { n, offsets, targets } = s;
  if (n < 2) return null;
  const pairs = n * (n - 1);
  let sa = 0,
    saa = 0,
    sad = 0;
  for (let u = 0; u < n; u++) {
    for (let i = offsets[u]; i < offsets[u + 1]; i++) {
      const a = weighted ? s.weights[i] : 1;
      sa += a;
      saa += a * a;
      sad += a * c[u] * c[targets[i]];
    }
  }
  let s1 = 0,
    s2 = 0,
    s4 = 0;
  for (let v = 0; v < n; v++) {
    const x = c[v] * c[v];
    s1 += c[v];
    s2 += x;
    s4 += x * x;
  }
  const sd = s1 * s1 - s2; // Σ_{i≠j} c_i c_j
  const sdd = s2 * s2 - s4; // Σ_{i≠j} (c_i c_j)²
  const va = pairs * saa - sa * sa;
  const vd = pairs * sdd - sd * sd;
  // Relative guards: a constant A (complete graph, equal weights) or constant Δ has no correlation.
  if (!(va > 1e-12 * pairs * saa) || !(vd > 1e-12 * pairs * sdd)) return null;
  return (pairs * sad - sa * sd) / Math.sqrt(va * vd);
}
