/**
 * QAP tests of dyadic hypotheses, R `sna` conventions (`gcor` + `qaptest`, `netlm`): undirected
 * (mode "graph": each dyad once, the diagonal left out). MRQAP follows `netlm(nullhyp = "qap")`,
 * Dekker, Krackhardt & Snijders' (2007) semi-partialling: for coefficient i, x_i is regressed on the
 * other predictors; its residual matrix is permuted (rows and columns together) and refitted in
 * x_i's place, and the t-value of that column makes the null distribution. p-values are sna's
 * fractions of the null at least as extreme, without a +1 correction.
 *
 * Seed policy: permutations come from our seeded generator, not R's, so observed coefficients and
 * t-values equal sna's exactly, p-values within Monte-Carlo error (sd √(p(1 − p)/N)).
 */
import { z } from 'zod';
import type { Dataset, HubNode } from '../model/index.ts';
import { EDGE_TYPES } from '../model/index.ts';
import { createRng, shuffle } from '../util/random.ts';

/** Options of `qap`; `.describe()` is each one's help text (the CLI flags are derived from it). */
export const QapOptionsSchema = z.object({
  y: z.string().min(1).default('collaboration').describe('dependent relation: an edge type (tied or not) or ties for any tie'),
  x: z
    .array(z.string().min(1))
    .min(1)
    .default(['same-region', 'same-type', 'distance'])
    .describe(
      'predictors: same-<field> (1 when both ends share region, type, country, hub or an attribute), distance (great-circle km), or an edge type / ties (a relation)',
    ),
  permutations: z.number().int().min(1).max(100_000).default(1000).describe('permutations per test (as sna)'),
  seed: z.number().int().min(0).default(1).describe('seed; p-values agree with sna within Monte-Carlo error, not digit for digit'),
  maxNodes: z.number().int().min(2).default(3000).describe('refuse networks with more nodes (QAP keeps dense n × n matrices)'),
});
export type QapOptions = z.infer<typeof QapOptionsSchema>;
export type QapOptionsInput = z.input<typeof QapOptionsSchema>;

const PValues = { pGreater: z.number(), pLess: z.number(), pAbs: z.number() };
export const QapResultSchema = z.object({
  nodes: z.number().int(),
  /** Nodes left out because a predictor was undefined for them (e.g. no coordinates for distance). */
  dropped: z.array(z.string()),
  dyads: z.number().int(),
  correlations: z.array(z.object({ x: z.string(), r: z.number().nullable(), ...PValues })),
  regression: z.object({
    coefficients: z.array(z.object({ term: z.string(), estimate: z.number(), t: z.number().nullable(), ...PValues })),
    rSquared: z.number(),
    adjRSquared: z.number(),
    residualSd: z.number(),
    df: z.number().int(),
  }),
  settings: z.object({ y: z.string(), x: z.array(z.string()), permutations: z.number().int(), seed: z.number().int(), conventions: z.string() }),
});
export type QapResult = z.infer<typeof QapResultSchema>;

/** Dense symmetric n × n relation, row-major, diagonal unused. */
export interface Matrix {
  n: number;
  data: Float64Array;
}

export class QapInputError extends Error {}

function haversineKm(a: HubNode, b: HubNode): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat! - a.lat!) * rad,
    dLon = (b.lon! - a.lon!) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat! * rad) * Math.cos(b.lat! * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
}

const FIELDS = ['region', 'type', 'country', 'hub'] as const;
function fieldValue(node: HubNode, field: string): string | undefined {
  const v = (FIELDS as readonly string[]).includes(field) ? (node as unknown as Record<string, unknown>)[field] : node.attrs[field];
  return v === undefined || v === null || v === '' ? undefined : String(v);
}
const isRelation = (name: string) => name === 'ties' || (EDGE_TYPES as readonly string[]).includes(name);

/** Why a dyadic variable name is not usable as the dependent (y) or a predictor (x), or null when it is. */
export function qapVariableProblem(name: string, role: 'y' | 'x'): string | null {
  if (role === 'y') return isRelation(name) ? null : `--y "${name}": expected an edge type (${EDGE_TYPES.join(', ')}) or ties`;
  return isRelation(name) || name === 'distance' || (name.startsWith('same-') && name.length > 5)
    ? null
    : `unknown dyadic variable "${name}": use an edge type (${EDGE_TYPES.join(', ')}), ties, same-<field> or distance`;
}

/** Which nodes can take part: those where every `same-…` and `distance` predictor is defined. */
function usable(node: HubNode, names: readonly string[]): boolean {
  return names.every((x) =>
    x === 'distance' ? node.lat !== undefined && node.lon !== undefined : x.startsWith('same-') ? fieldValue(node, x.slice(5)) !== undefined : true,
  );
}

/** The relation or covariate matrix a name stands for, over `nodes`. */
export function dyadMatrix(dataset: Pick<Dataset, 'edges'>, nodes: readonly HubNode[], name: string): Matrix {
  const n = nodes.length;
  const data = new Float64Array(n * n);
  if (isRelation(name)) {
    const index = new Map(nodes.map((v, i) => [v.id, i]));
    for (const e of dataset.edges) {
      if (name !== 'ties' && e.type !== name) continue;
      const a = index.get(e.source),
        b = index.get(e.target);
      if (a === undefined || b === undefined || a === b) continue;
      data[a * n + b] = 1;
      data[b * n + a] = 1;
    }
  } else if (name === 'distance') {
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) data[i * n + j] = data[j * n + i] = haversineKm(nodes[i], nodes[j]);
  } else if (name.startsWith('same-')) {
    const field = name.slice(5);
    const vals = nodes.map((v) => fieldValue(v, field));
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) data[i * n + j] = data[j * n + i] = vals[i] === vals[j] ? 1 : 0;
  } else {
    throw new QapInputError(`unknown dyadic variable "${name}": use an edge type (${EDGE_TYPES.join(', ')}), ties, same-<field> or distance`);
  }
  return { n, data };
}

/** Lower triangle (i > j) as a vector, permuted by p (node i stands where p[i] was), as sna's gvectorize(mode = "graph"). */
function vectorize(m: Matrix, p: Int32Array | null, out: Float64Array): Float64Array {
  const { n, data } = m;
  let k = 0;
  for (let j = 0; j < n; j++) {
    const pj = p ? p[j] : j;
    for (let i = j + 1; i < n; i++) out[k++] = data[(p ? p[i] : i) * n + pj];
  }
  return out;
}

interface Fit {
  coef: Float64Array;
  t: Float64Array;
  rss: number;
  df: number;
}

/** OLS of y on the columns of X (no intercept added) by normal equations with Cholesky; t-values as R's summary. */
function ols(X: readonly Float64Array[], y: Float64Array): Fit {
  const p = X.length,
    N = y.length;
  const A = new Float64Array(p * p),
    b = new Float64Array(p);
  for (let a = 0; a < p; a++) {
    const xa = X[a];
    let s = 0;
    for (let k = 0; k < N; k++) s += xa[k] * y[k];
    b[a] = s;
    for (let c = 0; c <= a; c++) {
      const xc = X[c];
      let t = 0;
      for (let k = 0; k < N; k++) t += xa[k] * xc[k];
      A[a * p + c] = A[c * p + a] = t;
    }
  }
  const inv = invertSpd(A, p);
  const coef = new Float64Array(p);
  for (let a = 0; a < p; a++) {
    let s = 0;
    for (let c = 0; c < p; c++) s += inv[a * p + c] * b[c];
    coef[a] = s;
  }
  let rss = 0;
  for (let k = 0; k < N; k++) {
    let f = 0;
    for (let a = 0; a < p; a++) f += X[a][k] * coef[a];
    rss += (y[k] - f) ** 2;
  }
  const df = N - p;
  const s2 = rss / df;
  const t = new Float64Array(p);
  for (let a = 0; a < p; a++) t[a] = coef[a] / Math.sqrt(inv[a * p + a] * s2);
  return { coef, t, rss, df };
}

/** Inverse of a symmetric positive-definite matrix (Gauss–Jordan with partial pivoting; p is small). */
function invertSpd(A: Float64Array, p: number): Float64Array {
  const M = Float64Array.from(A),
    inv = new Float64Array(p * p);
  for (let i = 0; i < p; i++) inv[i * p + i] = 1;
  for (let c = 0; c < p; c++) {
    let piv = c;
    for (let r = c + 1; r < p; r++) if (Math.abs(M[r * p + c]) > Math.abs(M[piv * p + c])) piv = r;
    if (Math.abs(M[piv * p + c]) < 1e-12 * (1 + Math.abs(A[c * p + c])))
      throw new QapInputError('predictors are collinear (or constant): the regression has no unique solution');
    for (let k = 0; k < p; k++) {
      [M[c * p + k], M[piv * p + k]] = [M[piv * p + k], M[c * p + k]];
      [inv[c * p + k], inv[piv * p + k]] = [inv[piv * p + k], inv[c * p + k]];
    }
    const d = M[c * p + c];
    for (let k = 0; k < p; k++) {
      M[c * p + k] /= d;
      inv[c * p + k] /= d;
    }
    for (let r = 0; r < p; r++) {
      if (r === c) continue;
      const f = M[r * p + c];
      if (f === 0) continue;
      for (let k = 0; k < p; k++) {
        M[r * p + k] -= f * M[c * p + k];
        inv[r * p + k] -= f * inv[c * p + k];
      }
    }
  }
  return inv;
}

function pearson(a: Float64Array, b: Float64Array): number {
  const N = a.length;
  let sa = 0,
    sb = 0;
  for (let k = 0; k < N; k++) {
    sa += a[k];
    sb += b[k];
  }
  const ma = sa / N,
    mb = sb / N;
  let cov = 0,
    va = 0,
    vb = 0;
  for (let k = 0; k < N; k++) {
    const da = a[k] - ma,
      db = b[k] - mb;
    cov += da * db;
    va += da * da;
    vb += db * db;
  }
  return va === 0 || vb === 0 ? NaN : cov / Math.sqrt(va * vb);
}

/**
 * Shares of the null at least as extreme. Binary relations make the statistic discrete, so many
 * permutations tie with the observed value exactly; a relative tolerance keeps summation-order noise
 * from splitting those ties.
 */
function pvalues(observed: number, dist: Float64Array): { pGreater: number; pLess: number; pAbs: number } {
  let ge = 0,
    le = 0,
    abs = 0;
  const eps = 1e-9 * (1 + Math.abs(observed));
  for (const x of dist) {
    if (x >= observed - eps) ge++;
    if (x <= observed + eps) le++;
    if (Math.abs(x) >= Math.abs(observed) - eps) abs++;
  }
  return { pGreater: ge / dist.length, pLess: le / dist.length, pAbs: abs / dist.length };
}

/** QAP correlations of y with each x and the MRQAP regression y ~ 1 + x…, with permutation p-values. */
export function qap(dataset: Dataset, options: QapOptionsInput = {}, onProgress?: (done: number, total: number) => void): QapResult {
  const o = QapOptionsSchema.parse(options);
  for (const problem of [qapVariableProblem(o.y, 'y'), ...o.x.map((x) => qapVariableProblem(x, 'x'))]) if (problem) throw new QapInputError(problem);
  const nodes = dataset.nodes.filter((v) => usable(v, o.x));
  const dropped = dataset.nodes.filter((v) => !usable(v, o.x)).map((v) => v.id);
  const n = nodes.length;
  if (n > o.maxNodes) throw new QapInputError(`QAP builds dense ${n} × ${n} matrices: above maxNodes (${o.maxNodes})`);
  if (n < 4) throw new QapInputError(`QAP needs at least 4 nodes with every predictor defined (${n})`);
  const N = (n * (n - 1)) / 2;
  const Y = dyadMatrix(dataset, nodes, o.y);
  const Xs = o.x.map((name) => dyadMatrix(dataset, nodes, name));
  const y = vectorize(Y, null, new Float64Array(N));
  const ones = new Float64Array(N).fill(1);
  const xv = Xs.map((m) => vectorize(m, null, new Float64Array(N)));
  const rng = createRng(o.seed);
  const perm = Int32Array.from({ length: n }, (_, i) => i);
  const permute = () => {
    shuffle(perm as unknown as number[], rng);
    return perm;
  };
  const total = o.permutations * (o.x.length + o.x.length + 1);
  let done = 0;
  const tick = () => {
    if (onProgress && ++done % 50 === 0) onProgress(done, total);
  };

  // QAP correlation: permute x against y.
  const scratch = new Float64Array(N);
  const correlations = o.x.map((name, i) => {
    const r = pearson(y, xv[i]);
    const dist = new Float64Array(o.permutations);
    for (let k = 0; k < o.permutations; k++) {
      dist[k] = pearson(y, vectorize(Xs[i], permute(), scratch));
      tick();
    }
    return { x: name, r: Number.isFinite(r) ? r : null, ...pvalues(r, dist) };
  });

  // MRQAP with Dekker semi-partialling, intercept first (sna's column order).
  const cols = [ones, ...xv];
  const fit = ols(cols, y);
  const terms = ['(intercept)', ...o.x];
  const coefficients = cols.map((_, i) => {
    const others = cols.filter((__, j) => j !== i);
    // Residual of x_i on the other predictors, as a symmetric matrix so it can be permuted.
    const part = ols(others, cols[i]);
    const res = new Float64Array(n * n);
    let k = 0;
    for (let c = 0; c < n; c++) {
      for (let r = c + 1; r < n; r++) {
        let f = 0;
        for (let j = 0; j < others.length; j++) f += others[j][k] * part.coef[j];
        res[r * n + c] = res[c * n + r] = cols[i][k] - f;
        k++;
      }
    }
    const resM: Matrix = { n, data: res };
    const dist = new Float64Array(o.permutations);
    const permCol = new Float64Array(N);
    for (let rep = 0; rep < o.permutations; rep++) {
      vectorize(resM, permute(), permCol);
      const f = ols([...others, permCol], y);
      dist[rep] = f.t[others.length];
      tick();
    }
    const t = fit.t[i];
    return { term: terms[i], estimate: fit.coef[i], t: Number.isFinite(t) ? t : null, ...pvalues(t, dist) };
  });
  let my = 0;
  for (const v of y) my += v;
  my /= N;
  let tss = 0;
  for (const v of y) tss += (v - my) ** 2;
  const rSquared = 1 - fit.rss / tss;
  return {
    nodes: n,
    dropped,
    dyads: N,
    correlations,
    regression: { coefficients, rSquared, adjRSquared: 1 - ((1 - rSquared) * (N - 1)) / fit.df, residualSd: Math.sqrt(fit.rss / fit.df), df: fit.df },
    settings: {
      y: o.y,
      x: o.x,
      permutations: o.permutations,
      seed: o.seed,
      conventions:
        'sna: mode "graph" (each dyad once, no diagonal); gcor + QAP permutation of x; netlm nullhyp "qap" (Dekker semi-partialling), test statistic t; p = share of permutations at least as extreme (no +1)',
    },
  };
}
