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
