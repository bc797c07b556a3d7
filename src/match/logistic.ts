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
  /** fitLogistic: weigh both classes the same (default true); false fits the data's own share of positives, so the probability is a rate. */
  balanced?: boolean;
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
  const balanced = options.balanced ?? true;
  const wPos = balanced ? n / (2 * pos) : 1,
    wNeg = balanced ? n / (2 * (n - pos)) : 1;
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

/** One (positive, negative) pair of a group with its weight in the pairwise loss. */
export interface WeightedPairs {
  pos: Int32Array;
  neg: Int32Array;
  weight: Float64Array;
}

/**
 * LambdaRank's weights for recall@k per group: rows ranked by `eta` within each group (equal η in
 * row order), each row's rank in the group's *full* candidate list estimated as 1 + Σ over the
 * rows above it of what each stands for (a positive 1, a sampled negative `negWeight[r]` untied
 * candidates). Swapping a positive and a negative changes the group's recall@k by 1/P (P its
 * positives) exactly when one of them is in the top k and the other is not; every other pair's
 * |Δ recall@k| is 0 and it is left out. Groups as in fitConditionalLogit (rows contiguous).
 */
export function lambdaPairs(eta: ArrayLike<number>, y: Uint8Array, group: Int32Array, negWeight: ArrayLike<number>, k: number): WeightedPairs {
  const pos: number[] = [],
    neg: number[] = [],
    weight: number[] = [];
  const n = y.length;
  for (let a = 0; a < n; ) {
    let b = a;
    while (b < n && group[b] === group[a]) b++;
    const rows = Array.from({ length: b - a }, (_, i) => a + i).sort((p, q) => eta[q] - eta[p] || p - q);
    const top = new Uint8Array(b - a);
    let rank = 1,
      P = 0;
    for (const r of rows) {
      top[r - a] = rank <= k ? 1 : 0;
      rank += y[r] ? 1 : negWeight[r];
      P += y[r];
    }
    if (P && P < b - a)
      for (let i = a; i < b; i++) {
        if (!y[i]) continue;
        for (let j = a; j < b; j++) {
          if (y[j] || top[i - a] === top[j - a]) continue;
          pos.push(i);
          neg.push(j);
          weight.push(1 / P);
        }
      }
    a = b;
  }
  return { pos: Int32Array.from(pos), neg: Int32Array.from(neg), weight: Float64Array.from(weight) };
}

/**
 * Σ w · log(1 + exp(−(η_pos − η_neg))) + l2/2 · |β|² with η = Z β (Z row-major, `f` columns),
 * and its gradient into `g` and Hessian into `H` (lower triangle) when given.
 */
export function pairwiseLoss(
  beta: ArrayLike<number>,
  Z: Float64Array,
  f: number,
  pairs: WeightedPairs,
  l2: number,
  g?: Float64Array,
  H?: Float64Array,
): number {
  let loss = 0;
  for (let j = 0; j < f; j++) {
    loss += (l2 * beta[j] * beta[j]) / 2;
    if (g) g[j] = l2 * beta[j];
    if (H) H[j * f + j] = l2;
  }
  const d = new Float64Array(f);
  for (let p = 0; p < pairs.pos.length; p++) {
    const i = pairs.pos[p] * f,
      k = pairs.neg[p] * f,
      w = pairs.weight[p];
    let m = 0;
    for (let j = 0; j < f; j++) {
      d[j] = Z[i + j] - Z[k + j];
      m += beta[j] * d[j];
    }
    // log(1 + e^−m) without overflow; s = σ(−m)
    loss += w * (m > 0 ? Math.log1p(Math.exp(-m)) : -m + Math.log1p(Math.exp(m)));
    if (!g) continue;
    const s = 1 / (1 + Math.exp(m));
    for (let a = 0; a < f; a++) {
      g[a] -= w * s * d[a];
      if (H) for (let b = 0; b <= a; b++) H[a * f + b] += w * s * (1 - s) * d[a] * d[b];
    }
  }
  return loss;
}

export interface LambdaOptions extends LogisticOptions {
  /** The cut-off of the recall the weights follow (default 20, as `match evaluate --k 20`). */
  k?: number;
  /** Re-rank / re-weight rounds at most (default 5); stops earlier when no top-k membership changes. */
  rounds?: number;
  /** Untied candidates each sampled negative row stands for (default 1 per row: nothing sampled). */
  negWeight?: Float64Array;
}

/**
 * A linear LambdaRank for recall@k per organisation: start from the conditional logit's order
 * (fitConditionalLogit, the same standardisation), then repeat: rank each group, weight every
 * (positive, negative) pair by the |Δ recall@k| of swapping them (lambdaPairs), minimise the
 * weighted pairwise logistic loss with the same L2 penalty by Newton's method with step halving.
 * No intercept (only order within a group matters); deterministic (no sampling inside).
 */
export function fitLambdaRank(features: readonly string[], X: Float64Array, y: Uint8Array, group: Int32Array, options: LambdaOptions = {}): LogisticModel {
  const f = features.length,
    n = y.length;
  const l2 = options.l2 ?? 1;
  const k = options.k ?? 20;
  const rounds = options.rounds ?? 5;
  const negWeight = options.negWeight ?? new Float64Array(n).fill(1);
  const start = fitConditionalLogit(features, X, y, group, options);
  const { mean, sd } = start;
  const Z = new Float64Array(n * f);
  for (let r = 0; r < n; r++) for (let j = 0; j < f; j++) Z[r * f + j] = sd[j] ? (X[r * f + j] - mean[j]) / sd[j] : 0;
  let beta = Float64Array.from(start.coef);
  const eta = new Float64Array(n);
  let iterations = start.iterations;
  let previous = Number.NaN;
  for (let round = 0; round < rounds; round++) {
    for (let r = 0; r < n; r++) {
      let e = 0;
      for (let j = 0; j < f; j++) e += beta[j] * Z[r * f + j];
      eta[r] = e;
    }
    const pairs = lambdaPairs(eta, y, group, negWeight, k);
    // The same straddling pairs as last round: the weights, hence the optimum, did not change.
    let signature = pairs.pos.length;
    for (let p = 0; p < pairs.pos.length; p++) signature = (Math.imul(signature, 31) + pairs.pos[p] * 7919 + pairs.neg[p]) | 0;
    if (!pairs.pos.length || signature === previous) break;
    previous = signature;
    let loss = pairwiseLoss(beta, Z, f, pairs, l2);
    for (let it = 0; it < (options.maxIterations ?? 50); it++, iterations++) {
      const g = new Float64Array(f),
        H = new Float64Array(f * f);
      pairwiseLoss(beta, Z, f, pairs, l2, g, H);
      for (let i = 0; i < f; i++) {
        if (!sd[i]) H[i * f + i] += 1;
        for (let j = 0; j < i; j++) H[j * f + i] = H[i * f + j];
      }
      const step = solveSpd(
        H,
        g.map((x) => -x),
        f,
      );
      let t = 1,
        next = beta,
        nextLoss = loss;
      for (let half = 0; half < 30; half++, t /= 2) {
        next = beta.map((b, j) => b + t * step[j]);
        nextLoss = pairwiseLoss(next, Z, f, pairs, l2);
        if (nextLoss <= loss + 1e-12) break;
      }
      let biggest = 0;
      for (let j = 0; j < f; j++) biggest = Math.max(biggest, Math.abs(next[j] - beta[j]));
      beta = next;
      loss = nextLoss;
      if (biggest < 1e-8) break;
    }
  }
  return { features: [...features], mean, sd, coef: Array.from(beta), intercept: 0, iterations };
}
