import type { Snapshot } from '../../graph/snapshot.ts';

/**
 * Borgatti–Everett continuous core–periphery model (Borgatti & Everett 1999, "Models of
 * core/periphery structures", Social Networks 21): every node gets a coreness c_i ≥ 0 so that the
 * pattern matrix Δ_ij = c_i·c_j resembles the adjacency A off the diagonal. The fit is the
 * Pearson correlation of A and Δ over all ordered pairs i ≠ j, as Borgatti–Everett report it.
 *
 * c is the least-squares solution of Σ_{i≠j} (a_ij − c_i c_j)² (UCINET's and Boyd et al. 2006's
 * MINRES form): its stationary point is c_i · Σ_{j≠i} c_j² = Σ_j a_ij c_j. It is reached by
 * preconditioned conjugate gradients from the strengths, with an exact line search. On sparse
 * heavy-tailed graphs the minimum puts one hub far above the rest. The loss is then nearly flat
 * along "raise the hub, lower the others", and coordinate descent (or the plain fixed-point map)
 * crawls along that valley: more than 1,000 sweeps at 100k/500k. Scaling each coordinate by its own
 * curvature, S − c_v² (Jacobi), removes the flat direction; the same graph then needs about 200
 * iterations. Each iteration and the fit are O(n + m): the sums over all pairs have closed forms
 * in Σc, Σc², Σc⁴.
 */
export interface CorePeripheryOptions {
  /** Tie strengths as a_ij (default true); false counts every tie as 1. */
  weighted?: boolean;
  /** Iterations at most (default 1000). */
  maxIterations?: number;
  /**
   * Stop when the stationarity residual max_v |c_v(S − c_v²) − (A·c)_v| is at most this share of
   * max_v |(A·c)_v| (default 1e-9; on a 100k/500k graph 1e-5 already puts every coreness within
   * about 1e-6 of the largest of its converged value).
   */
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
  const { n, offsets } = s;
  const w = weighted ? s.weights : null;
  const c = new Float64Array(n);
  for (let v = 0; v < n; v++) for (let i = offsets[v]; i < offsets[v + 1]; i++) c[v] += w ? w[i] : 1;
  let iterations = 0;
  let converged = n === 0 || offsets[n] === 0;
  if (!converged) {
    // Start from the strengths, scaled to the best multiple t·c: L(t·c) = −2t²·cAc + t⁴(S² − Σc⁴).
    const ac = new Float64Array(n);
    multiply(s, w, c, ac);
    let cac = 0,
      s2 = 0,
      s4 = 0;
    for (let v = 0; v < n; v++) {
      cac += c[v] * ac[v];
      s2 += c[v] * c[v];
      s4 += c[v] ** 4;
    }
    const t = s2 * s2 - s4 > 0 && cac > 0 ? Math.sqrt(cac / (s2 * s2 - s4)) : 1;
    for (let v = 0; v < n; v++) {
      c[v] *= t;
      ac[v] *= t;
    }
    const r = conjugateGradient(s, w, c, ac, maxIterations, tolerance);
    iterations = r.iterations;
    converged = r.converged;
  }
  // The loss is unchanged by flipping the sign of a whole component; report the non-negative one.
  for (let v = 0; v < n; v++) c[v] = Math.abs(c[v]);
  normalise(c);
  return { coreness: c, fit: correlationFit(s, c, weighted), iterations, converged };
}

/** out = A·x (A from the snapshot's adjacency, unit entries when w is null). */
function multiply(s: Snapshot, w: Float64Array | null, x: Float64Array, out: Float64Array): void {
  const { n, offsets, targets } = s;
  for (let v = 0; v < n; v++) {
    let sum = 0;
    const to = offsets[v + 1];
    if (w) for (let i = offsets[v]; i < to; i++) sum += w[i] * x[targets[i]];
    else for (let i = offsets[v]; i < to; i++) sum += x[targets[i]];
    out[v] = sum;
  }
}

/**
 * Jacobi-preconditioned Polak–Ribière (PR+) conjugate gradients on L(c) = Σ_{i≠j} (a_ij − c_i c_j)², from c (with
 * ac = A·c). Along a direction d, L(c + αd) is a quartic in α whose coefficients need only A·d, so
 * each step is an exact line search at the cost of one product with A; A·c is then updated, not
 * recomputed (except every REFRESH steps, against drift). Stops when the stationarity residual
 * max_v |c_v(S − c_v²) − (A·c)_v| is at most tolerance · max_v |(A·c)_v|.
 */
function conjugateGradient(
  s: Snapshot,
  w: Float64Array | null,
  c: Float64Array,
  ac: Float64Array,
  maxIterations: number,
  tolerance: number,
): { iterations: number; converged: boolean } {
  const REFRESH = 25;
  const n = c.length;
  const g = new Float64Array(n),
    z = new Float64Array(n),
    d = new Float64Array(n),
    ad = new Float64Array(n);
  let gg = 0;
  let since = 0;
  for (let it = 0; ; it++) {
    // Gradient / 4: g_v = c_v(S − c_v²) − (A·c)_v.
    let sq = 0;
    for (let v = 0; v < n; v++) sq += c[v] * c[v];
    let res = 0,
      scale = 0,
      ggNew = 0,
      ggMixed = 0;
    for (let v = 0; v < n; v++) {
      const x = c[v] * (sq - c[v] * c[v]) - ac[v];
      // Jacobi preconditioner: the loss's curvature in c_v alone, S − c_v² (tiny for a dominant hub).
      const zx = x / Math.max(sq - c[v] * c[v], 1e-12 * sq);
      ggMixed += zx * g[v];
      g[v] = x;
      z[v] = zx;
      ggNew += zx * x;
      if (Math.abs(x) > res) res = Math.abs(x);
      if (Math.abs(ac[v]) > scale) scale = Math.abs(ac[v]);
    }
    if (res <= tolerance * scale) {
      if (since === 0) return { iterations: it, converged: true };
      // Confirm against a fresh A·c before stopping (the updated one carries rounding).
      multiply(s, w, c, ac);
      since = 0;
      gg = 0;
      it--;
      continue;
    }
    if (it >= maxIterations) return { iterations: it, converged: false };
    // PR+: β = max(0, g·(g − g_prev) / g_prev·g_prev).
    const beta = gg > 0 ? Math.max(0, (ggNew - ggMixed) / gg) : 0;
    gg = ggNew;
    for (let v = 0; v < n; v++) d[v] = -z[v] + beta * d[v];
    multiply(s, w, d, ad);
    const alpha = quarticStep(c, d, ac, ad, sq);
    if (!(alpha > 0)) {
      if (beta === 0) return { iterations: it, converged: false }; // no descent left at this precision
      gg = 0; // retry along the plain gradient
      continue;
    }
    for (let v = 0; v < n; v++) {
      c[v] += alpha * d[v];
      ac[v] += alpha * ad[v];
    }
    if (++since >= REFRESH) {
      multiply(s, w, c, ac);
      since = 0;
    }
  }
}

/**
 * The first minimum α > 0 of L(c + αd) (a quartic; L/2 up to a constant):
 *   α·(g·d)·2 + α²·(−dAd + 2(c·d)² + S·(d·d) − 3Σc²d²) + α³·2((c·d)(d·d) − Σcd³) + α⁴·((d·d)² − Σd⁴)/2,
 * found by bisection on its derivative, which is negative at 0 along a descent direction.
 */
function quarticStep(c: Float64Array, d: Float64Array, ac: Float64Array, ad: Float64Array, sq: number): number {
  let cd = 0,
    dd = 0,
    dac = 0,
    dad = 0,
    c3d = 0,
    c2d2 = 0,
    cd3 = 0,
    d4 = 0;
  for (let v = 0; v < c.length; v++) {
    const x = c[v],
      y = d[v];
    cd += x * y;
    dd += y * y;
    dac += y * ac[v];
    dad += y * ad[v];
    c3d += x * x * x * y;
    c2d2 += x * x * y * y;
    cd3 += x * y * y * y;
    d4 += y * y * y * y;
  }
  // L(c + αd)/4 = const + b1·α + b2·α² + b3·α³ + b4·α⁴.
  const b1 = sq * cd - c3d - dac;
  const b2 = (-2 * dad + 4 * cd * cd + 2 * sq * dd - 6 * c2d2) / 4;
  const b3 = cd * dd - cd3;
  const b4 = (dd * dd - d4) / 4;
  const slope = (a: number) => b1 + a * (2 * b2 + a * (3 * b3 + a * 4 * b4));
  if (!(b1 < 0)) return 0;
  let lo = 0,
    hi = b2 > 0 ? -b1 / (2 * b2) : 1; // the quadratic model's minimum, usually close
  // Bracket the first sign change of the slope (b4 ≥ 0, so it turns positive eventually; when
  // b4 = 0 the quartic may be unbounded along d, which a finite bracket cap stops).
  for (let k = 0; slope(hi) < 0; k++) {
    if (k > 200) return hi;
    lo = hi;
    hi *= 2;
  }
  for (let k = 0; k < 200 && hi - lo > 1e-15 * hi; k++) {
    const mid = 0.5 * (lo + hi);
    if (slope(mid) < 0) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
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
