/**
 * L2-regularised logistic regression by Newton's method (IRLS) on standardised features: few
 * features (≤ 20), exact and deterministic (no random initialisation, no step-size tuning).
 * Rows are weighted so both classes weigh the same (positives are rare in link prediction).
 */
export interface LogisticModel {
  features: readonly string[];
  /** Per-feature mean and standard deviation of the training rows (sd 0 → the feature is ignored). */
  mean: number[];
  sd: number[];
  /** Coefficients on the standardised features; intercept separately. */
  coef: number[];
  intercept: number;
  iterations: number;
}

export interface LogisticOptions {
  /** L2 penalty on the standardised coefficients (default 1; the intercept is not penalised). */
  l2?: number;
  /** Newton iterations at most (default 50); stops when the largest step is below 1e-8. */
  maxIterations?: number;
}

/** Solves A x = b (A symmetric positive definite, d × d row-major) by Cholesky. */
function solveSpd(A: Float64Array, b: Float64Array, d: number): Float64Array {
  const L = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * d + j];
      for (let k = 0; k < j; k++) s -= L[i * d + k] * L[j * d + k];
      L[i * d + j] = i === j ? Math.sqrt(Math.max(s, 1e-12)) : s / L[j * d + j];
    }
  }
  const y = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[i * d + k] * y[k];
    y[i] = s / L[i * d + i];
  }
  const x = new Float64Array(d);
  for (let i = d - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < d; k++) s -= L[k * d + i] * x[k];
    x[i] = s / L[i * d + i];
  }
  return x;
}

/**
 * Fits `y ~ X` where X is `rows × features.length`, row-major. Throws when a class is missing.
 */
export function fitLogistic(features: readonly string[], X: Float64Array, y: Uint8Array, options: LogisticOptions = {}): LogisticModel {
  const f = features.length,
    n = y.length;
  const l2 = options.l2 ?? 1;
  const maxIterations = options.maxIterations ?? 50;
  let pos = 0;
  for (let r = 0; r < n; r++) pos += y[r];
  if (pos === 0 || pos === n) throw new Error('logistic regression needs both positive and negative rows');
  const wPos = n / (2 * pos),
    wNeg = n / (2 * (n - pos));
  const mean = new Array<number>(f).fill(0),
    sd = new Array<number>(f).fill(0);
  for (let r = 0; r < n; r++) for (let j = 0; j < f; j++) mean[j] += X[r * f + j] / n;
  for (let r = 0; r < n; r++) for (let j = 0; j < f; j++) sd[j] += (X[r * f + j] - mean[j]) ** 2 / n;
  for (let j = 0; j < f; j++) sd[j] = Math.sqrt(sd[j]) > 1e-12 ? Math.sqrt(sd[j]) : 0;
  const d = f + 1; // intercept last
  const beta = new Float64Array(d);
  const z = new Float64Array(d);
  let it = 0;
  for (; it < maxIterations; it++) {
    const H = new Float64Array(d * d),
      g = new Float64Array(d);
    for (let r = 0; r < n; r++) {
      let eta = beta[f];
      for (let j = 0; j < f; j++) {
        z[j] = sd[j] ? (X[r * f + j] - mean[j]) / sd[j] : 0;
        eta += beta[j] * z[j];
      }
      z[f] = 1;
      const p = 1 / (1 + Math.exp(-eta));
      const w = y[r] ? wPos : wNeg;
      const resid = w * (y[r] - p),
        curv = w * p * (1 - p);
      for (let a = 0; a < d; a++) {
        g[a] += resid * z[a];
        const ca = curv * z[a];
        for (let b = 0; b <= a; b++) H[a * d + b] += ca * z[b];
      }
    }
    for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) H[b * d + a] = H[a * d + b];
    for (let j = 0; j < f; j++) {
      H[j * d + j] += l2 + (sd[j] ? 0 : 1);
      g[j] -= l2 * beta[j];
    }
    H[f * d + f] += 1e-9;
    const step = solveSpd(H, g, d);
    let biggest = 0;
    for (let a = 0; a < d; a++) {
      beta[a] += step[a];
      biggest = Math.max(biggest, Math.abs(step[a]));
    }
    if (biggest < 1e-8) {
      it++;
      break;
    }
  }
  return { features: [...features], mean, sd, coef: Array.from(beta.subarray(0, f)), intercept: beta[f], iterations: it };
}

/** Linear predictor (log-odds) of one row given as `x[j]` for feature j. */
export function logOdds(m: LogisticModel, x: ArrayLike<number>): number {
  let eta = m.intercept;
  for (let j = 0; j < m.coef.length; j++) if (m.sd[j]) eta += (m.coef[j] * (x[j] - m.mean[j])) / m.sd[j];
  return eta;
}

/** Each feature's part of the log-odds relative to an average pair, largest first. */
export function contributions(m: LogisticModel, x: ArrayLike<number>): { feature: string; value: number }[] {
  return m.features
    .map((feature, j) => ({ feature, value: m.sd[j] ? (m.coef[j] * (x[j] - m.mean[j])) / m.sd[j] : 0 }))
    .sort((a, b) => b.value - a.value || (a.feature < b.feature ? -1 : 1));
}

/**
 * Conditional logit (McFadden) for ranking within groups: row r belongs to group `group[r]` (rows of
 * a group contiguous); each positive row of a group is a choice among itself and the group's
 * negative rows, P = exp η_i / (exp η_i + Σ_neg exp η_j), and every group weighs the same (its
 * positives share weight 1). Only differences within a group matter, so there is no intercept:
 * what it learns is which of one organisation's candidates tie, not which organisations tie at all
 * — the question recall@k per organisation asks. Newton's method on standardised features with the
 * same L2 penalty as fitLogistic; deterministic. Groups without a positive or a negative are skipped.
 */
export function fitConditionalLogit(
  features: readonly string[],
  X: Float64Array,
  y: Uint8Array,
  group: Int32Array,
  options: LogisticOptions = {},
): LogisticModel {
  const f = features.length,
    n = y.length;
  const l2 = options.l2 ?? 1;
  const maxIterations = options.maxIterations ?? 50;
  const mean = new Array<number>(f).fill(0),
    sd = new Array<number>(f).fill(0);
  for (let r = 0; r < n; r++) for (let j = 0; j < f; j++) mean[j] += X[r * f + j] / n;
  for (let r = 0; r < n; r++) for (let j = 0; j < f; j++) sd[j] += (X[r * f + j] - mean[j]) ** 2 / n;
  for (let j = 0; j < f; j++) sd[j] = Math.sqrt(sd[j]) > 1e-12 ? Math.sqrt(sd[j]) : 0;
  const Z = new Float64Array(n * f);
  for (let r = 0; r < n; r++) for (let j = 0; j < f; j++) Z[r * f + j] = sd[j] ? (X[r * f + j] - mean[j]) / sd[j] : 0;
  // Group boundaries, and whether any group can teach anything.
  const starts: number[] = [];
  for (let r = 0; r < n; r++) if (r === 0 || group[r] !== group[r - 1]) starts.push(r);
  starts.push(n);
  const eta = new Float64Array(n);
  const Sz = new Float64Array(f),
    Szz = new Float64Array(f * f),
    mu = new Float64Array(f);
  /**
   * Penalised negative log-likelihood at `beta`, with its gradient and Hessian when `H` is given.
   * Each positive's choice set is scaled by m = max(η_i, largest negative η), so neither the
   * positive's weight nor the negatives' sum can overflow or all underflow to 0.
   */
  const evaluate = (beta: Float64Array, g: Float64Array | null, H: Float64Array | null): number => {
    let loss = 0,
      usable = 0;
    for (let j = 0; j < f; j++) loss += (l2 * beta[j] * beta[j]) / 2;
    for (let r = 0; r < n; r++) {
      let e = 0;
      for (let j = 0; j < f; j++) e += beta[j] * Z[r * f + j];
      eta[r] = e;
    }
    for (let s = 0; s + 1 < starts.length; s++) {
      const a = starts[s],
        b = starts[s + 1];
      let pos = 0,
        topNeg = -Infinity;
      for (let r = a; r < b; r++) {
        pos += y[r];
        if (!y[r] && eta[r] > topNeg) topNeg = eta[r];
      }
      if (!pos || pos === b - a) continue;
      usable++;
      const w = 1 / pos;
      // Σ over the negatives of e, e·z, e·z zᵀ with e = exp(η − topNeg) ≤ 1 (the largest is 1).
      let S = 0;
      if (g) Sz.fill(0);
      if (H) Szz.fill(0);
      for (let r = a; r < b; r++) {
        if (y[r]) continue;
        const e = Math.exp(eta[r] - topNeg);
        S += e;
        if (!g) continue;
        for (let i = 0; i < f; i++) {
          const ez = e * Z[r * f + i];
          Sz[i] += ez;
          if (H) for (let j = 0; j <= i; j++) Szz[i * f + j] += ez * Z[r * f + j];
        }
      }
      for (let r = a; r < b; r++) {
        if (!y[r]) continue;
        const m = Math.max(eta[r], topNeg);
        const e = Math.exp(eta[r] - m),
          scale = Math.exp(topNeg - m),
          d = e + scale * S;
        loss -= w * (eta[r] - m - Math.log(d));
        if (!g) continue;
        for (let i = 0; i < f; i++) mu[i] = (e * Z[r * f + i] + scale * Sz[i]) / d;
        for (let i = 0; i < f; i++) {
          g[i] += w * (Z[r * f + i] - mu[i]);
          if (H) for (let j = 0; j <= i; j++) H[i * f + j] += w * ((e * Z[r * f + i] * Z[r * f + j] + scale * Szz[i * f + j]) / d - mu[i] * mu[j]);
        }
      }
    }
    if (!usable) throw new Error('conditional logit needs a group with both positive and negative rows');
    return loss;
  };
  let beta = new Float64Array(f);
  let loss = evaluate(beta, null, null);
  let it = 0;
  for (; it < maxIterations; it++) {
    const H = new Float64Array(f * f),
      g = new Float64Array(f);
    evaluate(beta, g, H);
    for (let i = 0; i < f; i++) for (let j = 0; j < i; j++) H[j * f + i] = H[i * f + j];
    for (let j = 0; j < f; j++) {
      H[j * f + j] += l2 + (sd[j] ? 0 : 1);
      g[j] -= l2 * beta[j];
    }
    const step = solveSpd(H, g, f);
    // Newton step, halved until the penalised loss does not rise (the loss is convex, so this ends).
    let t = 1,
      next = beta,
      nextLoss = loss;
    for (let half = 0; half < 30; half++, t /= 2) {
      next = beta.map((b, j) => b + t * step[j]);
      nextLoss = evaluate(next, null, null);
      if (nextLoss <= loss + 1e-12) break;
    }
    let biggest = 0;
    for (let j = 0; j < f; j++) biggest = Math.max(biggest, Math.abs(next[j] - beta[j]));
    beta = next;
    loss = nextLoss;
    if (biggest < 1e-8) {
      it++;
      break;
    }
  }
  return { features: [...features], mean, sd, coef: Array.from(beta), intercept: 0, iterations: it };
}
