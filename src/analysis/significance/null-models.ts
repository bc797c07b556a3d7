/**
 * Null-model samples of a simple undirected graph and the statistics tested against them. Pure and
 * thread-free: the worker and the in-thread path both call `sampleStatistics`. Sample k draws from
 * its own rng, seeded from (seed, k), so results do not depend on how samples are spread over threads.
 */
import { createRng } from '../../util/random.ts';
import { leidenCsr } from '../communities/leiden-csr.ts';
import { degreeAssortativity } from '../structure/assortativity.ts';
import { transitivity, triangleCounts } from '../structure/clustering.ts';
import type { Csr } from '../structure/paths.ts';

export const STATISTICS = ['modularity', 'transitivity', 'assortativity', 'ei'] as const;
export type Statistic = (typeof STATISTICS)[number];
export const NULL_MODELS = ['degree', 'erdos-renyi'] as const;
export type NullModel = (typeof NULL_MODELS)[number];

/** A simple graph as an edge list (u < v, each tie once). */
export interface EdgeList {
  n: number;
  src: Int32Array;
  dst: Int32Array;
}

/**
 * Set of undirected edges (u < v stored as two int32 columns): open addressing with linear probing
 * and backward-shift deletion. Integer keys and an integer hash keep the swap loop — hundreds of
 * thousands of lookups per null sample — free of floating-point key arithmetic. (One interleaved
 * array of (u, v) slots measured 14 % slower.) `copyFrom` resets a set to another of the same
 * capacity with two memory copies, cheaper than inserting every tie again for each sample.
 */
export class EdgeSet {
  private readonly lo: Int32Array;
  private readonly hi: Int32Array;
  private readonly mask: number;
  constructor(_n: number, capacity: number) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.lo = new Int32Array(size).fill(-1);
    this.hi = new Int32Array(size);
    this.mask = size - 1;
  }
  private slot(u: number, v: number): number {
    let h = Math.imul(u ^ Math.imul(v, 0x85ebca77), 0x9e3779b1);
    h ^= h >>> 15;
    return h & this.mask;
  }
  has(a: number, b: number): boolean {
    const u = Math.min(a, b),
      v = Math.max(a, b);
    const { lo, hi, mask } = this;
    for (let i = this.slot(u, v); ; i = (i + 1) & mask) {
      const x = lo[i];
      if (x === -1) return false;
      if (x === u && hi[i] === v) return true;
    }
  }
  add(a: number, b: number): void {
    const u = Math.min(a, b),
      v = Math.max(a, b);
    const { lo, hi, mask } = this;
    let i = this.slot(u, v);
    while (lo[i] !== -1 && !(lo[i] === u && hi[i] === v)) i = (i + 1) & mask;
    lo[i] = u;
    hi[i] = v;
  }
  delete(a: number, b: number): void {
    const u = Math.min(a, b),
      v = Math.max(a, b);
    const { lo, hi, mask } = this;
    let i = this.slot(u, v);
    while (!(lo[i] === u && hi[i] === v)) {
      if (lo[i] === -1) return;
      i = (i + 1) & mask;
    }
    // Backward shift: pull later entries of the probe run into the hole when their home allows it.
    let j = i;
    for (;;) {
      j = (j + 1) & mask;
      if (lo[j] === -1) break;
      const home = this.slot(lo[j], hi[j]);
      if (((j - home) & mask) >= ((j - i) & mask)) {
        lo[i] = lo[j];
        hi[i] = hi[j];
        i = j;
      }
    }
    lo[i] = -1;
  }
  /** Make this set equal to `other`, which must have been built with the same capacity. */
  copyFrom(other: EdgeSet): void {
    this.lo.set(other.lo);
    this.hi.set(other.hi);
  }
}

/** The snapshot's ties as an edge list (u < v). */
export function edgeList(s: Csr): EdgeList {
  const src = new Int32Array(s.targets.length / 2),
    dst = new Int32Array(s.targets.length / 2);
  let e = 0;
  for (let u = 0; u < s.n; u++)
    for (let i = s.offsets[u]; i < s.offsets[u + 1]; i++)
      if (u < s.targets[i]) {
        src[e] = u;
        dst[e++] = s.targets[i];
      }
  return { n: s.n, src, dst };
}

/**
 * Degree-preserving rewiring, as NetworkX `double_edge_swap`: pick two ties a–b, c–d (random
 * orientation) and replace them by a–d, c–b unless that makes a self-loop or a parallel tie, until
 * `swaps` succeed or `maxTries` attempts. Returns how many swaps were done.
 */
export function doubleEdgeSwap(g: EdgeList, swaps: number, rng: () => number, maxTries = 100 * swaps, set = edgeSetOf(g)): number {
  const m = g.src.length;
  if (m < 2) return 0;
  let done = 0;
  for (let t = 0; t < maxTries && done < swaps; t++) {
    const e1 = Math.floor(rng() * m),
      e2 = Math.floor(rng() * m);
    if (e1 === e2) continue;
    let a = g.src[e1],
      b = g.dst[e1];
    if (rng() < 0.5) {
      const x = a;
      a = b;
      b = x;
    }
    const c = g.src[e2],
      d = g.dst[e2];
    if (a === d || c === b || a === c || b === d) continue;
    if (set.has(a, d) || set.has(c, b)) continue;
    set.delete(g.src[e1], g.dst[e1]);
    set.delete(c, d);
    set.add(a, d);
    set.add(c, b);
    g.src[e1] = Math.min(a, d);
    g.dst[e1] = Math.max(a, d);
    g.src[e2] = Math.min(c, b);
    g.dst[e2] = Math.max(c, b);
    done++;
  }
  return done;
}

/** The ties of g as an EdgeSet (capacity m). */
export function edgeSetOf(g: EdgeList): EdgeSet {
  const set = new EdgeSet(g.n, g.src.length);
  for (let e = 0; e < g.src.length; e++) set.add(g.src[e], g.dst[e]);
  return set;
}

/** G(n, m): m distinct ties uniformly among the n(n−1)/2 pairs (rejection; fine below half density). */
export function gnm(n: number, m: number, rng: () => number): EdgeList {
  if (m > (n * (n - 1)) / 2) throw new Error(`G(n, m): ${m} ties do not fit in ${n} nodes`);
  const src = new Int32Array(m),
    dst = new Int32Array(m);
  const set = new EdgeSet(n, m);
  for (let e = 0; e < m; ) {
    const u = Math.floor(rng() * n),
      v = Math.floor(rng() * n);
    if (u === v || set.has(u, v)) continue;
    set.add(u, v);
    src[e] = Math.min(u, v);
    dst[e++] = Math.max(u, v);
  }
  return { n, src, dst };
}

/**
 * CSR with sorted rows and unit weights from an edge list, in O(n + m) without sorting: the rows
 * are first filled unsorted, then rebuilt by visiting v = 0, 1, … and appending v to the row of
 * each of its neighbours. `reuse` (a CSR of the same n and m) is overwritten instead of allocating.
 */
export function csrFromEdges(g: EdgeList, reuse?: Csr & { scratch?: Uint32Array }): Csr {
  const { n, src, dst } = g;
  const m2 = 2 * src.length;
  const offsets = reuse?.offsets ?? new Uint32Array(n + 1);
  offsets.fill(0);
  for (let e = 0; e < src.length; e++) {
    offsets[src[e] + 1]++;
    offsets[dst[e] + 1]++;
  }
  for (let v = 0; v < n; v++) offsets[v + 1] += offsets[v];
  const unsorted = reuse?.scratch ?? new Uint32Array(m2);
  const fill = offsets.slice(0, n);
  for (let e = 0; e < src.length; e++) {
    unsorted[fill[src[e]]++] = dst[e];
    unsorted[fill[dst[e]]++] = src[e];
  }
  fill.set(offsets.subarray(0, n));
  const targets = reuse?.targets ?? new Uint32Array(m2);
  for (let v = 0; v < n; v++) for (let i = offsets[v]; i < offsets[v + 1]; i++) targets[fill[unsorted[i]]++] = v;
  const weights = reuse?.weights ?? new Float64Array(m2).fill(1);
  return { n, offsets, targets, weights };
}

/** Krackhardt–Stern E-I index by group codes (−1 = no value: ties touching it are left out), each tie once. */
export function eiOfCodes(g: Csr, codes: Int32Array): number {
  let ext = 0,
    int = 0;
  for (let u = 0; u < g.n; u++) {
    if (codes[u] < 0) continue;
    for (let i = g.offsets[u]; i < g.offsets[u + 1]; i++) {
      const v = g.targets[i];
      if (v <= u || codes[v] < 0) continue;
      if (codes[v] === codes[u]) int++;
      else ext++;
    }
  }
  return ext + int === 0 ? NaN : (ext - int) / (ext + int);
}

/** The statistics of one graph (unweighted): Leiden modularity (best partition found), transitivity, degree assortativity, E-I. */
export function statistics(g: Csr, stats: readonly Statistic[], codes: Int32Array | null, seed: number): number[] {
  return stats.map((st) => {
    switch (st) {
      case 'modularity': {
        const { membership } = leidenCsr({ n: g.n, offsets: g.offsets, targets: g.targets, weights: null }, { rng: createRng(seed), maxIterations: 2 });
        return modularityUnweighted(g, membership);
      }
      case 'transitivity':
        return transitivity(g, triangleCounts(g));
      case 'assortativity':
        return degreeAssortativity(g);
      case 'ei':
        return codes ? eiOfCodes(g, codes) : NaN;
    }
  });
}

function modularityUnweighted(g: Csr, membership: Int32Array): number {
  let k = 0;
  for (let v = 0; v < g.n; v++) if (membership[v] + 1 > k) k = membership[v] + 1;
  const inside = new Float64Array(k),
    deg = new Float64Array(k);
  const m2 = g.targets.length;
  if (m2 === 0) return NaN;
  for (let u = 0; u < g.n; u++) {
    deg[membership[u]] += g.offsets[u + 1] - g.offsets[u];
    for (let i = g.offsets[u]; i < g.offsets[u + 1]; i++) if (membership[g.targets[i]] === membership[u]) inside[membership[u]]++;
  }
  let q = 0;
  for (let c = 0; c < k; c++) q += inside[c] / m2 - (deg[c] / m2) ** 2;
  return q;
}

/** Seed of sample k: distinct streams per sample, reproducible whatever the thread layout. */
export const sampleSeed = (seed: number, k: number): number => (Math.imul(seed ^ 0x5bd1e995, 0x27d4eb2d) + Math.imul(k + 1, 0x9e3779b1)) >>> 0;

export interface SampleJob {
  base: EdgeList;
  model: NullModel;
  stats: readonly Statistic[];
  codes: Int32Array | null;
  seed: number;
  swapsPerTie: number;
}

/** Per-thread work buffers of a job, kept across its chunks: the observed ties' EdgeSet, the sample's set, edge list and CSR. */
interface Buffers {
  baseSet: EdgeSet;
  set: EdgeSet;
  g: EdgeList;
  csr: Csr & { scratch: Uint32Array };
}
const buffers = new WeakMap<SampleJob, Buffers>();

function buffersOf(job: SampleJob): Buffers {
  let b = buffers.get(job);
  if (!b) {
    const { n, src } = job.base;
    const m = src.length;
    b = {
      baseSet: edgeSetOf(job.base),
      set: new EdgeSet(n, m),
      g: { n, src: new Int32Array(m), dst: new Int32Array(m) },
      csr: { n, offsets: new Uint32Array(n + 1), targets: new Uint32Array(2 * m), weights: new Float64Array(2 * m).fill(1), scratch: new Uint32Array(2 * m) },
    };
    buffers.set(job, b);
  }
  return b;
}

/** Statistics of null samples from..to−1 (row-major: sample × statistic) and the swaps done per sample. */
export function sampleStatistics(job: SampleJob, from: number, to: number): { values: Float64Array; swaps: Float64Array } {
  const m = job.base.src.length;
  const values = new Float64Array((to - from) * job.stats.length);
  const swaps = new Float64Array(to - from);
  const b = buffersOf(job);
  for (let k = from; k < to; k++) {
    const rng = createRng(sampleSeed(job.seed, k));
    let g: EdgeList;
    if (job.model === 'degree') {
      g = b.g;
      g.src.set(job.base.src);
      g.dst.set(job.base.dst);
      b.set.copyFrom(b.baseSet);
      swaps[k - from] = doubleEdgeSwap(g, Math.ceil(job.swapsPerTie * m), rng, undefined, b.set);
    } else {
      g = gnm(job.base.n, m, rng);
    }
    const st = statistics(csrFromEdges(g, b.csr), job.stats, job.codes, sampleSeed(job.seed ^ 0x1234567, k));
    values.set(st, (k - from) * job.stats.length);
  }
  return { values, swaps };
}
