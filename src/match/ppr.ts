import { z } from 'zod';
import type { TieGraph } from './ties.ts';

/**
 * Personalised PageRank (random walk with restart) from one source organisation over the tie
 * graph: a walker follows a tie with probability ∝ its weight and jumps back to the source with
 * probability `restart` at every step; π_s(v) is the share of time it spends at v. That is
 * NetworkX's `pagerank(G, alpha=1 − restart, personalization={s: 1}, weight="weight")`, dangling
 * mass included (only an isolated source can be dangling: π_s = e_s).
 *
 * The graph is the organisation tie graph of both input forms. In participation data that is the
 * one-mode projection (two organisations tied once per shared project, strength = the number of
 * shared projects), not the organisation → project → organisation walk: every other signal and the
 * learned model read the projection, `restart` keeps its meaning of "one organisation step", and
 * the projection's rows are already in memory (the bipartite walk would need a project → members
 * index and half-steps whose mass sits on projects).
 */
export const PprOptionsSchema = z.object({
  restart: z
    .number()
    .gt(0)
    .lt(1)
    .default(0.15)
    .describe('Probability of jumping back to the company at each step (NetworkX’s alpha 0.85 is a restart of 0.15).'),
  method: z
    .enum(['walks', 'push', 'power'])
    .default('walks')
    .describe(
      'walks: walks of up to `steps` ties counted exactly, the longer ones (a share (1 − restart)^(steps+1) of the time) spread as the walk settles, in proportion to weighted degree within the component; push: local push (Andersen–Chung–Lang) to tolerance `epsilon`; power: power iteration over the whole graph until the change is below `tolerance` (exact, for small graphs and checks).',
    ),
  steps: z
    .number()
    .int()
    .min(1)
    .max(100)
    .default(2)
    .describe('walks: longest walk counted exactly; each step more costs the degrees of one more ring of neighbours per company.'),
  epsilon: z
    .number()
    .positive()
    .max(0.1)
    .default(1e-4)
    .describe('push: stops once every organisation holds less than epsilon × its weighted degree of unspread mass; each value is then low by less than that.'),
  tolerance: z.number().positive().max(0.1).default(1e-10).describe('power: stops when an iteration changes the vector by less than this (L1).'),
  recency: z
    .boolean()
    .default(false)
    .describe('Weigh each tie by its freshness 2^(−age / recencyHalfLifeYears) as well as its strength (undated ties keep their strength).'),
  show: z
    .boolean()
    .default(false)
    .describe(
      'match partners: compute ppr for every candidate even when the model does not use it, to show it among the scores (a walk per company: seconds at national size). Without it a suggestion lists ppr only when the model uses it.',
    ),
});
export type PprOptions = z.infer<typeof PprOptionsSchema>;

/** Tie weights of the walk: strength, times freshness with `recency` (one weight per CSR entry of `g`). */
export function pprWeights(g: TieGraph, options: PprOptions, refDay: number, halfLifeDays: number): Float64Array {
  if (!options.recency) return g.strength;
  const w = new Float64Array(g.targets.length);
  for (let i = 0; i < w.length; i++) w[i] = Number.isNaN(g.last[i]) ? g.strength[i] : g.strength[i] * 2 ** (-Math.max(0, refDay - g.last[i]) / halfLifeDays);
  return w;
}

/**
 * Reusable PPR state for one graph: run(s), then value(v) for π_s(v) (valid until the next run),
 * with typed scratch buffers allocated once, so a run costs only the nodes it touches.
 *
 * `walks` (default) is the one that holds at national size. A company's PPR there is dominated by
 * where long walks settle (the big universities; at H2020 size the top 20 partners by exact PPR
 * share 83 % with the top 20 by weighted degree), and the push cannot resolve that: a hub's share
 * is below its bound ε · vol(hub) unless ε is ~1e-6 (~8 ms per company, still 28 % of the exact
 * top 20 at H2020 size). Walks of length ≤ `steps` are the local part and are counted exactly
 * (a sparse power iteration from s); after them the walker's position is taken as the walk's
 * limit, weighted degree / volume of s's component, for the remaining (1 − restart)^(steps+1) of
 * the time. Error (L1) at most 2 (1 − restart)^(steps+1); measured against the exact vector at
 * H2020 size in bench/ppr-h2020.ts (docs/partners.md).
 */
export class PersonalisedPageRank {
  /** The exactly counted part of π_source(v) (all of it for push and power); 0 where the run did not reach. */
  readonly p: Float64Array;
  /** Source of the current estimate (−1 before the first run). */
  source = -1;
  /** push: the residual; walks: the current step's walk distribution. */
  private readonly r: Float64Array;
  /** walks: each node's component, the component's volume, and (1 − restart)^(steps+1) / volume for the source. */
  private comp: Int32Array | null = null;
  private compVol: Float64Array | null = null;
  private tail = 0;
  /** walks: the nodes of the current and next step, and a stamp that lists each once per step. */
  private listA: Int32Array | null = null;
  private listB: Int32Array | null = null;
  private listed: Int32Array | null = null;
  private stamp = 0;
  /** Weighted degree and the push threshold epsilon × weighted degree of each node. */
  private readonly vol: Float64Array;
  private readonly threshold: Float64Array;
  private readonly queue: Int32Array;
  private readonly queued: Uint8Array;
  /** Nodes holding a value or a residual (listed once, by `seen`), cleared by the next run. */
  private readonly touched: Int32Array;
  private readonly seen: Uint8Array;
  private touchedCount = 0;
  private next: Float64Array | null = null;

  constructor(
    private readonly g: TieGraph,
    private readonly weight: Float64Array,
    readonly options: PprOptions,
  ) {
    const n = g.n;
    this.p = new Float64Array(n);
    this.r = new Float64Array(n);
    this.vol = new Float64Array(n);
    this.threshold = new Float64Array(n);
    for (let v = 0; v < n; v++) {
      let d = 0;
      for (let i = g.offsets[v]; i < g.offsets[v + 1]; i++) d += weight[i];
      this.vol[v] = d;
      this.threshold[v] = options.epsilon * d;
    }
    this.queue = new Int32Array(n);
    this.queued = new Uint8Array(n);
    this.touched = new Int32Array(n);
    this.seen = new Uint8Array(n);
    if (options.method === 'walks') this.components();
  }

  /** Connected components (ties of positive weight) and their volumes, once per graph. */
  private components(): void {
    const { g, weight, vol } = this;
    const n = g.n;
    const comp = new Int32Array(n).fill(-1);
    const stack = new Int32Array(n);
    const volumes: number[] = [];
    for (let s = 0; s < n; s++) {
      if (comp[s] >= 0) continue;
      const c = volumes.length;
      let top = 0,
        total = 0;
      comp[s] = c;
      stack[top++] = s;
      while (top > 0) {
        const x = stack[--top];
        total += vol[x];
        for (let i = g.offsets[x]; i < g.offsets[x + 1]; i++) {
          const y = g.targets[i];
          if (comp[y] < 0 && weight[i] > 0) {
            comp[y] = c;
            stack[top++] = y;
          }
        }
      }
      volumes.push(total);
    }
    this.comp = comp;
    this.compVol = Float64Array.from(volumes);
  }

  /** π_source(v) as estimated by the last run. */
  value(v: number): number {
    const x = this.p[v];
    return this.tail > 0 && this.comp![v] === this.comp![this.source] ? x + this.tail * this.vol[v] : x;
  }

  /** π_s into `p` (the previous estimate is cleared first); returns how many nodes hold a value. */
  run(s: number): number {
    this.clear();
    this.source = s;
    this.tail = 0;
    if (!(this.vol[s] > 0)) {
      // Isolated (dangling) source: every walk restarts at s.
      this.touch(s);
      this.p[s] = 1;
      return this.touchedCount;
    }
    if (this.options.method === 'power') this.power(s);
    else if (this.options.method === 'push') this.push(s);
    else this.walks(s);
    return this.touchedCount;
  }

  private touch(v: number): void {
    if (this.seen[v]) return;
    this.seen[v] = 1;
    this.touched[this.touchedCount++] = v;
  }

  private clear(): void {
    const { p, r, touched, seen } = this;
    for (let k = 0; k < this.touchedCount; k++) {
      const v = touched[k];
      p[v] = 0;
      r[v] = 0;
      seen[v] = 0;
    }
    this.touchedCount = 0;
  }

  /**
   * Andersen–Chung–Lang push, FIFO: a node holding residual r ≥ epsilon · vol keeps restart · r
   * and spreads the rest to its ties in proportion to their weight. Invariant π_s = p + Σ_x r(x) π_x,
   * and π_x(v) = vol(v) / vol(x) · π_v(x) on an undirected graph, so at the end
   * 0 ≤ π_s(v) − p(v) < epsilon · vol(v). The FIFO order makes the result deterministic.
   */
  private push(s: number): void {
    const { g, weight, p, r, vol, threshold, queue, queued } = this;
    const alpha = this.options.restart,
      n = g.n;
    let head = 0,
      size = 1;
    r[s] = 1;
    this.touch(s);
    queue[0] = s;
    queued[s] = 1;
    while (size > 0) {
      const u = queue[head];
      head = head + 1 === n ? 0 : head + 1;
      size--;
      queued[u] = 0;
      const ru = r[u];
      if (ru < threshold[u]) continue;
      p[u] += alpha * ru;
      r[u] = 0;
      const spread = ((1 - alpha) * ru) / vol[u];
      for (let i = g.offsets[u]; i < g.offsets[u + 1]; i++) {
        const w = weight[i];
        if (!(w > 0)) continue;
        const v = g.targets[i];
        if (!this.seen[v]) this.touch(v);
        const after = r[v] + spread * w;
        r[v] = after;
        if (!queued[v] && after >= threshold[v]) {
          let tail = head + size;
          if (tail >= n) tail -= n;
          queue[tail] = v;
          queued[v] = 1;
          size++;
        }
      }
    }
  }

  /**
   * The walks of length 0 … steps exactly: x_0 = e_s, x_k = x_(k−1) W over the nodes x_(k−1)
   * reaches, p += restart (1 − restart)^k x_k; cost Σ of the degrees of the nodes within steps − 1
   * ties of s. The rest of the time goes to `tail` (read by value()).
   */
  private walks(s: number): void {
    const { g, weight, p, vol } = this;
    const n = g.n,
      alpha = this.options.restart;
    let cur = this.r,
      nxt = (this.next ??= new Float64Array(n));
    let curList = (this.listA ??= new Int32Array(n)),
      nxtList = (this.listB ??= new Int32Array(n));
    const listed = (this.listed ??= new Int32Array(n));
    let curSize = 1;
    cur[s] = 1;
    curList[0] = s;
    this.touch(s);
    p[s] = alpha;
    let c = alpha;
    const steps = this.options.steps;
    for (let k = 1; k < steps; k++) {
      if (this.stamp >= 2_000_000_000) {
        listed.fill(0);
        this.stamp = 0;
      }
      const stamp = ++this.stamp;
      let nxtSize = 0;
      for (let a = 0; a < curSize; a++) {
        const x = curList[a];
        const f = cur[x] / vol[x];
        cur[x] = 0;
        for (let i = g.offsets[x]; i < g.offsets[x + 1]; i++) {
          const w = weight[i];
          if (!(w > 0)) continue;
          const y = g.targets[i];
          if (listed[y] !== stamp) {
            listed[y] = stamp;
            nxtList[nxtSize++] = y;
          }
          nxt[y] += f * w;
        }
      }
      c *= 1 - alpha;
      for (let a = 0; a < nxtSize; a++) {
        const y = nxtList[a];
        p[y] += c * nxt[y];
        this.touch(y);
      }
      [cur, nxt] = [nxt, cur];
      [curList, nxtList] = [nxtList, curList];
      curSize = nxtSize;
    }
    // The last step goes straight into p (no further step needs its distribution).
    c *= 1 - alpha;
    const { seen, touched } = this;
    let count = this.touchedCount;
    for (let a = 0; a < curSize; a++) {
      const x = curList[a];
      const f = (c * cur[x]) / vol[x];
      cur[x] = 0;
      for (let i = g.offsets[x]; i < g.offsets[x + 1]; i++) {
        const y = g.targets[i];
        if (!seen[y]) {
          seen[y] = 1;
          touched[count++] = y;
        }
        p[y] += f * weight[i];
      }
    }
    this.touchedCount = count;
    this.tail = (c * (1 - alpha)) / alpha / this.compVol![this.comp![s]];
  }

  /**
   * Power iteration x ← restart · e_s + (1 − restart) · x W, from x = e_s, until the L1 change is
   * below `tolerance`; O(ties) per iteration over the whole graph (and its own n-sized buffer).
   */
  private power(s: number): void {
    const { g, weight, p, vol } = this;
    const n = g.n,
      alpha = this.options.restart;
    const next = (this.next ??= new Float64Array(n));
    p[s] = 1;
    for (let iter = 0; iter < 100_000; iter++) {
      next.fill(0);
      let dangling = 0;
      for (let u = 0; u < n; u++) {
        const x = p[u];
        if (x === 0) continue;
        if (!(vol[u] > 0)) {
          dangling += x;
          continue;
        }
        const c = ((1 - alpha) * x) / vol[u];
        for (let i = g.offsets[u]; i < g.offsets[u + 1]; i++) next[g.targets[i]] += c * weight[i];
      }
      next[s] += alpha + (1 - alpha) * dangling;
      let change = 0;
      for (let v = 0; v < n; v++) change += Math.abs(next[v] - p[v]);
      p.set(next);
      if (change < this.options.tolerance) break;
    }
    // Every node is cleared on the next run (the vector is dense).
    for (let v = 0; v < n; v++) if (p[v] !== 0) this.touch(v);
  }
}
