import { z } from 'zod';
import type { TreesSettings } from '../model/partner-trees.ts';
import { lambdaPairs } from './logistic.ts';

/**
 * Histogram gradient boosting (`learning.learner: 'trees'`), our own code on typed arrays (no
 * object per row): each input is cut into at most `bins` quantile bins of the training rows; each
 * tree is grown level by level to `depth` from per-node histograms of the gradient and Hessian,
 * each node split where the Newton gain GL²/(HL+λ) + GR²/(HR+λ) − G²/(H+λ) is largest with at
 * least `minLeaf` rows per side, and every node's value is −G/(H+λ)·rate. Losses: the logistic
 * loss on weighted rows, or LambdaRank's pairwise gradients within groups (LambdaMART, weighted
 * by the |Δ recall@k| of swapping two rows: lambdaPairs). Deterministic: no sampling, splits
 * tied in gain go to the first input and the lowest bin.
 *
 * A tree is stored in heap order (node i has children 2i+1, 2i+2) down to `depth`; a node that
 * does not split sends every row left (feature −1) and its left child repeats its value, so every
 * walk is `depth` steps. The score is base + Σ over trees of (leaf value − root value): each step
 * of a walk changes the value by (child − parent), credited to the split's input, so a pair's
 * contributions sum to its score − base.
 */
export const TreeModelSchema = z
  .object({
    features: z.array(z.string()).min(1),
    /** Per input, ascending bin edges: a value's bin is the first i with value ≤ edges[i], else edges.length. */
    edges: z.array(z.array(z.number())),
    depth: z.number().int().min(1),
    /** The score before any split: the initial score plus every tree's root value. */
    base: z.number(),
    trees: z.array(
      z.object({
        /** Per internal node (2^depth − 1): the input split on, −1 when the node does not split. */
        feature: z.array(z.number().int().min(-1)),
        /** Per internal node: rows whose bin is ≤ this go left. */
        bin: z.array(z.number().int().min(0).max(255)),
        /** Per node (2^(depth+1) − 1): −G/(H+λ)·rate of its training rows. */
        value: z.array(z.number()),
      }),
    ),
    /** Per input: the Newton gain of its splits, summed over the trees. */
    gain: z.array(z.number()),
  })
  .superRefine((m, ctx) => {
    const f = m.features.length,
      inner = 2 ** m.depth - 1;
    if (m.edges.length !== f || m.gain.length !== f)
      ctx.addIssue({ code: 'custom', message: `edges and gain need one entry per feature (${f})`, path: ['edges'] });
    m.trees.forEach((t, i) => {
      if (t.feature.length !== inner || t.bin.length !== inner || t.value.length !== 2 * inner + 1)
        ctx.addIssue({ code: 'custom', message: `a tree of depth ${m.depth} has ${inner} internal nodes and ${2 * inner + 1} values`, path: ['trees', i] });
      if (t.feature.some((j) => j >= f)) ctx.addIssue({ code: 'custom', message: `feature index beyond the ${f} features`, path: ['trees', i, 'feature'] });
    });
  });
export type TreeModel = z.infer<typeof TreeModelSchema>;

/** Bin of `x` over ascending `edges` (from `at`, `count` of them): the first i with x ≤ edges[i], else count. */
export function binCode(edges: ArrayLike<number>, x: number, at = 0, count = edges.length - at): number {
  let lo = 0,
    hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (!(x > edges[at + mid]))
      hi = mid; // NaN as the smallest, as codeRow counts it
    else lo = mid + 1;
  }
  return lo;
}

/**
 * At most `bins` quantile bins of `values`: the edges are values of the data (x ≤ edge goes left),
 * one per distinct value when there are at most `bins` of them, else the value at each quantile
 * q/bins, equal ones once (ties never straddle an edge); never the largest value (an empty right
 * side). A constant input has no edge: one bin, never split.
 */
export function binEdges(values: ArrayLike<number>, bins: number): number[] {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  if (!n) return [];
  const max = sorted[n - 1];
  const distinct: number[] = [];
  for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]);
  if (distinct.length <= bins) return distinct.slice(0, -1);
  const edges: number[] = [];
  for (let q = 1; q < bins; q++) {
    const v = sorted[Math.ceil((q * n) / bins) - 1];
    if (v < max && (!edges.length || v > edges[edges.length - 1])) edges.push(v);
  }
  return edges;
}

/** What the trees are fitted to: the logistic loss on weighted rows, or LambdaRank within groups. */
export type BoostLoss = { kind: 'logistic'; weight: Float64Array } | { kind: 'lambda'; group: Int32Array; negWeight: Float64Array; k: number };

/** Gradient and Hessian of the loss at scores F, per row, into g and h. */
function gradients(loss: BoostLoss, F: Float64Array, y: Uint8Array, g: Float64Array, h: Float64Array): void {
  const n = y.length;
  if (loss.kind === 'logistic') {
    for (let r = 0; r < n; r++) {
      const p = 1 / (1 + Math.exp(-F[r]));
      g[r] = loss.weight[r] * (p - y[r]);
      h[r] = loss.weight[r] * p * (1 - p);
    }
    return;
  }
  g.fill(0);
  h.fill(0);
  // Σ w·log(1 + exp(−(F_pos − F_neg))) over the pairs whose swap moves recall@k (the LambdaRank weights).
  const pairs = lambdaPairs(F, y, loss.group, loss.negWeight, loss.k);
  for (let p = 0; p < pairs.pos.length; p++) {
    const i = pairs.pos[p],
      j = pairs.neg[p],
      w = pairs.weight[p];
    const rho = 1 / (1 + Math.exp(F[i] - F[j]));
    const curv = w * rho * (1 - rho);
    g[i] -= w * rho;
    g[j] += w * rho;
    h[i] += curv;
    h[j] += curv;
  }
}

/**
 * Fits the trees to rows X (row-major, `features.length` columns) with labels y. The initial score
 * is the weighted log-odds of the labels (logistic) or 0 (lambda: only order within a group counts).
 */
export function fitTrees(features: readonly string[], X: Float64Array, y: Uint8Array, loss: BoostLoss, s: TreesSettings): TreeModel {
  const f = features.length,
    n = y.length;
  const edges = Array.from({ length: f }, (_, j) => {
    const col = new Float64Array(n);
    for (let r = 0; r < n; r++) col[r] = X[r * f + j];
    return binEdges(col, s.bins);
  });
  const B = Math.max(1, ...edges.map((e) => e.length + 1));
  const codes = new Uint8Array(n * f);
  for (let r = 0; r < n; r++) for (let j = 0; j < f; j++) codes[r * f + j] = binCode(edges[j], X[r * f + j]);
  let init = 0;
  if (loss.kind === 'logistic') {
    let wp = 0,
      wn = 0;
    for (let r = 0; r < n; r++) y[r] ? (wp += loss.weight[r]) : (wn += loss.weight[r]);
    if (!wp || !wn) throw new Error('gradient-boosted trees with the logistic loss need both positive and negative rows');
    init = Math.log(wp / wn);
  }
  const D = s.depth,
    inner = 2 ** D - 1,
    nodes = 2 * inner + 1;
  const F = new Float64Array(n).fill(init);
  const g = new Float64Array(n),
    h = new Float64Array(n);
  const nodeOf = new Int32Array(n);
  const G = new Float64Array(nodes),
    H = new Float64Array(nodes),
    N = new Int32Array(nodes);
  const open = new Uint8Array(nodes);
  const width = 2 ** (D - 1); // nodes on the deepest split level
  const hg = new Float64Array(width * f * B),
    hh = new Float64Array(width * f * B),
    hc = new Int32Array(width * f * B);
  const gain = new Array<number>(f).fill(0);
  const trees: TreeModel['trees'] = [];
  const newton = (i: number) => (-G[i] / (H[i] + s.l2)) * s.rate;
  let rootSum = 0;
  for (let t = 0; t < s.count; t++) {
    gradients(loss, F, y, g, h);
    const feature = new Array<number>(inner).fill(-1),
      bin = new Array<number>(inner).fill(255),
      value = new Array<number>(nodes).fill(0);
    G.fill(0);
    H.fill(0);
    N.fill(0);
    open.fill(0);
    for (let r = 0; r < n; r++) {
      G[0] += g[r];
      H[0] += h[r];
    }
    N[0] = n;
    nodeOf.fill(0);
    open[0] = n >= 2 * s.minLeaf ? 1 : 0;
    for (let d = 0; d < D; d++) {
      const first = 2 ** d - 1,
        count = 2 ** d;
      hg.fill(0, 0, count * f * B);
      hh.fill(0, 0, count * f * B);
      hc.fill(0, 0, count * f * B);
      for (let r = 0; r < n; r++) {
        const i = nodeOf[r];
        if (!open[i]) continue;
        const base = (i - first) * f * B;
        for (let j = 0; j < f; j++) {
          const at = base + j * B + codes[r * f + j];
          hg[at] += g[r];
          hh[at] += h[r];
          hc[at]++;
        }
      }
      for (let i = first; i < first + count; i++) {
        value[i] = newton(i);
        const L = 2 * i + 1,
          R = L + 1;
        let best = 1e-12,
          bj = -1,
          bb = 0,
          bGL = 0,
          bHL = 0,
          bNL = 0;
        if (open[i]) {
          const parent = (G[i] * G[i]) / (H[i] + s.l2);
          for (let j = 0; j < f; j++) {
            const at = (i - first) * f * B + j * B;
            let GL = 0,
              HL = 0,
              NL = 0;
            for (let b = 0; b < edges[j].length; b++) {
              GL += hg[at + b];
              HL += hh[at + b];
              NL += hc[at + b];
              if (NL < s.minLeaf) continue;
              if (N[i] - NL < s.minLeaf) break;
              const GR = G[i] - GL,
                HR = H[i] - HL;
              const gn = (GL * GL) / (HL + s.l2) + (GR * GR) / (HR + s.l2) - parent;
              if (gn > best) {
                best = gn;
                bj = j;
                bb = b;
                bGL = GL;
                bHL = HL;
                bNL = NL;
              }
            }
          }
        }
        if (bj >= 0) {
          feature[i] = bj;
          bin[i] = bb;
          gain[bj] += best;
          G[L] = bGL;
          H[L] = bHL;
          N[L] = bNL;
          G[R] = G[i] - bGL;
          H[R] = H[i] - bHL;
          N[R] = N[i] - bNL;
          open[L] = d + 1 < D && N[L] >= 2 * s.minLeaf ? 1 : 0;
          open[R] = d + 1 < D && N[R] >= 2 * s.minLeaf ? 1 : 0;
        } else {
          // No split: every row goes left, the left child is this node again (closed), the right is empty.
          G[L] = G[i];
          H[L] = H[i];
          N[L] = N[i];
        }
      }
      for (let r = 0; r < n; r++) {
        const i = nodeOf[r];
        nodeOf[r] = 2 * i + 1 + (feature[i] >= 0 && codes[r * f + feature[i]] > bin[i] ? 1 : 0);
      }
    }
    for (let i = inner; i < nodes; i++) value[i] = newton(i);
    // Nodes no row can reach (under the empty right side of a node that did not split) repeat their parent's value.
    const reach = new Uint8Array(nodes);
    reach[0] = 1;
    for (let i = 0; i < inner; i++) {
      reach[2 * i + 1] = reach[i];
      reach[2 * i + 2] = reach[i] && feature[i] >= 0 ? 1 : 0;
    }
    for (let i = 1; i < nodes; i++) if (!reach[i]) value[i] = value[(i - 1) >> 1];
    for (let r = 0; r < n; r++) F[r] += value[nodeOf[r]];
    rootSum += value[0];
    trees.push({ feature, bin, value });
  }
  return { features: [...features], edges, depth: D, base: init + rootSum, trees, gain };
}

/** The model in a flat, typed form: edges concatenated, per tree its nodes' input, bin and value − root value. */
interface Compiled {
  f: number;
  depth: number;
  trees: number;
  edges: Float64Array;
  edgeAt: Int32Array;
  edgeCount: Int32Array;
  /** Per internal node: its input × 256 + its bin, one load per step. */
  node: Int32Array;
  delta: Float64Array;
  /** Scratch of treeScore: one row's codes and score. */
  codes: Uint8Array;
  one: Float64Array;
  /**
   * A row's score depends only on its codes: when they pack into at most MEMO_BITS bits (input j's
   * code shifted by shift[j]), each combination's score is kept once walked (NaN: not yet), so
   * the many candidates that share one are walked once. Null when the codes need more bits.
   */
  shift: Int32Array;
  memo: Float64Array | null;
}

/** Codes packed into at most this many bits get a score memo (2^22 scores, 32 MB); the default inputs need 20 at H2020 size. */
const MEMO_BITS = 22;

const compiled = new WeakMap<TreeModel, Compiled>();

function compile(m: TreeModel): Compiled {
  const hit = compiled.get(m);
  if (hit) return hit;
  const f = m.features.length,
    inner = 2 ** m.depth - 1,
    nodes = 2 * inner + 1,
    T = m.trees.length;
  const edgeCount = Int32Array.from(m.edges, (e) => e.length);
  const edgeAt = new Int32Array(f);
  for (let j = 1; j < f; j++) edgeAt[j] = edgeAt[j - 1] + edgeCount[j - 1];
  const c: Compiled = {
    f,
    depth: m.depth,
    trees: T,
    edges: Float64Array.from(m.edges.flat()),
    edgeAt,
    edgeCount,
    node: new Int32Array(T * inner),
    delta: new Float64Array(T * nodes),
    codes: new Uint8Array(f),
    one: new Float64Array(1),
    shift: new Int32Array(f),
    memo: null,
  };
  let bits = 0;
  for (let j = 0; j < f; j++) {
    c.shift[j] = bits;
    bits += Math.ceil(Math.log2(edgeCount[j] + 1));
  }
  if (bits <= MEMO_BITS) c.memo = new Float64Array(2 ** bits).fill(Number.NaN);
  m.trees.forEach((t, k) => {
    for (let i = 0; i < inner; i++) {
      // A node that does not split: read input 0 against bin 255, which every code is ≤ (goes left).
      c.node[k * inner + i] = t.feature[i] < 0 ? 255 : t.feature[i] * 256 + t.bin[i];
    }
    for (let i = 0; i < nodes; i++) c.delta[k * nodes + i] = t.value[i] - t.value[0];
  });
  compiled.set(m, c);
  return c;
}

/** The bins of one row's inputs x into out[at…at+f): per input, how many of its edges are below x (branch-free; ≤ bins − 1 edges). */
function codeRow(c: Compiled, x: ArrayLike<number>, out: Uint8Array, at: number): void {
  const { edges, edgeAt, edgeCount } = c;
  for (let j = 0; j < c.f; j++) {
    const v = x[j],
      end = edgeAt[j] + edgeCount[j];
    let code = 0;
    for (let e = edgeAt[j]; e < end; e++) code += +(v > edges[e]);
    out[at + j] = code;
  }
}

/** The memo slot of the codes at codes[at…at+f). */
function packed(c: Compiled, codes: Uint8Array, at: number): number {
  let key = 0;
  for (let j = 0; j < c.f; j++) key |= codes[at + j] << c.shift[j];
  return key;
}

/**
 * Adds every tree's leaf − root to out[k] for the `rows` rows of codes (row-major, f per row), tree
 * by tree: within one tree the rows' walks are independent, so they overlap in the processor where
 * one row's 100 walks would wait on each step. A step is branch-free: (bin − code) >>> 31 is 1
 * exactly when code > bin (the right child).
 */
function walkRows(c: Compiled, codes: Uint8Array, rows: number, out: Float64Array): void {
  const { f, depth, node, delta } = c;
  const inner = 2 ** depth - 1,
    nodes = 2 * inner + 1;
  for (let t = 0, fo = 0, vo = 0; t < c.trees; t++, fo += inner, vo += nodes) {
    // The root's input and bin are the same for every row.
    const j0 = node[fo] >> 8,
      b0 = node[fo] & 255;
    for (let k = 0, at = 0; k < rows; k++, at += f) {
      let i = 1 + ((b0 - codes[at + j0]) >>> 31);
      for (let d = 1; d < depth; d++) {
        const w = node[fo + i];
        i = 2 * i + 1 + (((w & 255) - codes[at + (w >> 8)]) >>> 31);
      }
      out[k] += delta[vo + i];
    }
  }
}

/** The score of one row: base + Σ over trees of (leaf − root), over its inputs' bins (uint8 codes). */
export function treeScore(m: TreeModel, x: ArrayLike<number>): number {
  const c = compile(m);
  codeRow(c, x, c.codes, 0);
  const key = c.memo ? packed(c, c.codes, 0) : 0;
  if (c.memo && !Number.isNaN(c.memo[key])) return c.memo[key];
  c.one[0] = m.base;
  walkRows(c, c.codes, 1, c.one);
  if (c.memo) c.memo[key] = c.one[0];
  return c.one[0];
}

/**
 * Many rows at once: `push` bins each row's inputs, `scores()` gives every row pushed since
 * `clear()` its score: from the memo when its codes were seen, else by walking every tree over
 * the rows still unknown together. The same additions in the same order as treeScore, so the same
 * scores to the bit.
 */
export function treeBatch(m: TreeModel): { push(x: ArrayLike<number>): void; scores(): Float64Array; clear(): void } {
  const c = compile(m);
  let codes = new Uint8Array(1024 * c.f),
    out = new Float64Array(1024),
    walked = new Float64Array(1024),
    rowOf = new Int32Array(1024),
    keyOf = new Int32Array(1024),
    rows = 0,
    open = 0;
  return {
    push(x) {
      if (rows === out.length) {
        const more = new Uint8Array(codes.length * 2);
        more.set(codes);
        codes = more;
        const grow = <T extends Float64Array | Int32Array>(a: T, make: (n: number) => T): T => {
          const b = make(a.length * 2);
          b.set(a);
          return b;
        };
        out = grow(out, (n) => new Float64Array(n));
        rowOf = grow(rowOf, (n) => new Int32Array(n));
        keyOf = grow(keyOf, (n) => new Int32Array(n));
        walked = new Float64Array(walked.length * 2);
      }
      // Codes go to the next open slot; a memo hit gives the score now and frees the slot again.
      codeRow(c, x, codes, open * c.f);
      const key = c.memo ? packed(c, codes, open * c.f) : 0;
      if (c.memo && !Number.isNaN(c.memo[key])) out[rows] = c.memo[key];
      else {
        rowOf[open] = rows;
        keyOf[open++] = key;
      }
      rows++;
    },
    scores() {
      const view = walked.subarray(0, open).fill(m.base);
      walkRows(c, codes, open, view);
      for (let i = 0; i < open; i++) {
        out[rowOf[i]] = view[i];
        if (c.memo) c.memo[keyOf[i]] = view[i];
      }
      open = 0;
      return out.subarray(0, rows);
    },
    clear() {
      rows = 0;
      open = 0;
    },
  };
}

/** Each input's part of a row's score: every step of every tree's walk credited to its split's input; they sum to score − base. */
export function treeContributions(m: TreeModel, x: ArrayLike<number>): Float64Array {
  const c = compile(m);
  const codes = new Uint8Array(c.f);
  codeRow(c, x, codes, 0);
  const out = new Float64Array(c.f);
  const inner = 2 ** m.depth - 1;
  for (const t of m.trees) {
    let i = 0;
    for (let d = 0; d < m.depth; d++) {
      const j = t.feature[i];
      const next = 2 * i + 1 + (j >= 0 && codes[j] > t.bin[i] ? 1 : 0);
      if (j >= 0) out[j] += t.value[next] - t.value[i];
      i = next;
      if (i >= inner) break;
    }
  }
  return out;
}

/** The model with every score mapped to slope · score + shift (slope > 0: the same order), e.g. a Platt calibration. */
export function scaleTrees(m: TreeModel, slope: number, shift: number): TreeModel {
  return { ...m, base: slope * m.base + shift, trees: m.trees.map((t) => ({ ...t, value: t.value.map((v) => v * slope) })) };
}
