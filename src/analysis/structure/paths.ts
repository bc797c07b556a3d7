import type { Snapshot } from '../../graph/snapshot.ts';
import { connectedComponents } from './components.ts';
import { createRng } from '../../util/random.ts';

/**
 * Shortest-path kernels on the CSR snapshot (BFS, Dijkstra with an indexed binary heap) and the
 * graph-level path figures built on them: diameter and average path length.
 *
 * Path metrics count hops unless `weightedPaths` is set; then an edge of tie strength w has length
 * 1/w (a strong tie is a short path). An edge of weight 0 has infinite length: it carries no path.
 */

/** The part of a snapshot the kernels read; worker threads rebuild it from shared arrays. */
export type Csr = Pick<Snapshot, 'n' | 'offsets' | 'targets' | 'weights'>;

export interface PathOptions {
  /** Use Dijkstra with length 1/weight instead of hop counts (default false). */
  weightedPaths?: boolean;
}

/** Edge lengths 1/w aligned with `targets` (Infinity where w = 0). */
export function edgeLengths(g: Csr): Float64Array {
  const len = new Float64Array(g.targets.length);
  for (let i = 0; i < len.length; i++) len[i] = 1 / g.weights[i];
  return len;
}

/**
 * Two path lengths closer than this (relative) count as equal, so that 1/3 + 1/3 + 1/3 ties with 1.
 * NetworkX compares floats exactly; igraph uses a tolerance as we do. Results agree whenever the
 * lengths are exact in binary (e.g. weights 1, 2, 4).
 */
export const PATH_EPSILON = 1e-10;

/** Min-heap of node indices keyed by a Float64Array, with decrease-key; allocation-free once built. */
export class IndexedMinHeap {
  readonly heap: Int32Array;
  /** Position of a node in `heap`, or -1 when absent. */
  readonly pos: Int32Array;
  size = 0;
  constructor(
    n: number,
    private readonly key: Float64Array,
  ) {
    this.heap = new Int32Array(n);
    this.pos = new Int32Array(n).fill(-1);
  }
  push(v: number): void {
    this.heap[this.size] = v;
    this.pos[v] = this.size;
    this.up(this.size++);
  }
  /** Call after lowering key[v] of a node already in the heap. */
  decrease(v: number): void {
    this.up(this.pos[v]);
  }
  pop(): number {
    const h = this.heap;
    const top = h[0];
    this.pos[top] = -1;
    const last = h[--this.size];
    if (this.size > 0) {
      h[0] = last;
      this.pos[last] = 0;
      this.down(0);
    }
    return top;
  }
  private up(i: number): void {
    const h = this.heap,
      k = this.key,
      p = this.pos;
    const v = h[i],
      kv = k[v];
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const u = h[parent];
      if (k[u] <= kv) break;
      h[i] = u;
      p[u] = i;
      i = parent;
    }
    h[i] = v;
    p[v] = i;
  }
  private down(i: number): void {
    const h = this.heap,
      k = this.key,
      p = this.pos,
      size = this.size;
    const v = h[i],
      kv = k[v];
    for (;;) {
      let c = 2 * i + 1;
      if (c >= size) break;
      if (c + 1 < size && k[h[c + 1]] < k[h[c]]) c++;
      const u = h[c];
      if (k[u] >= kv) break;
      h[i] = u;
      p[u] = i;
      i = c;
    }
    h[i] = v;
    p[v] = i;
  }
}

/**
 * Hop distances from `source`: fills `dist` (must be -1 everywhere on entry; the caller resets the
 * visited entries, listed in `order`) and returns how many nodes were reached (order[0] = source).
 */
export function bfs(g: Csr, source: number, dist: Int32Array, order: Int32Array): number {
  const { offsets, targets } = g;
  dist[source] = 0;
  order[0] = source;
  let head = 0,
    tail = 1;
  while (head < tail) {
    const v = order[head++];
    const dv = dist[v] + 1;
    for (let i = offsets[v], end = offsets[v + 1]; i < end; i++) {
      const w = targets[i];
      if (dist[w] < 0) {
        dist[w] = dv;
        order[tail++] = w;
      }
    }
  }
  return tail;
}

/**
 * Dijkstra distances from `source` with the given edge lengths: fills `dist` (must be Infinity on
 * entry; reset the reached entries afterwards) and `order` in settling order; returns the count.
 */
export function dijkstra(g: Csr, lengths: Float64Array, source: number, dist: Float64Array, order: Int32Array, heap: IndexedMinHeap): number {
  const { offsets, targets } = g;
  dist[source] = 0;
  heap.push(source);
  let count = 0;
  while (heap.size > 0) {
    const v = heap.pop();
    order[count++] = v;
    const dv = dist[v];
    for (let i = offsets[v], end = offsets[v + 1]; i < end; i++) {
      const alt = dv + lengths[i];
      const w = targets[i];
      if (alt < dist[w]) {
        const fresh = dist[w] === Infinity;
        dist[w] = alt;
        if (fresh) heap.push(w);
        else if (heap.pos[w] >= 0) heap.decrease(w);
      }
    }
  }
  return count;
}

/** Per-source summary of all shortest distances: what closeness, harmonic and mean path length need. */
export interface DistanceProfile {
  /** Sum of distances to the nodes reachable from v. */
  sum: Float64Array;
  /** Nodes reachable from v, v included. */
  reach: Float64Array;
  /** Sum of 1/distance over the other reachable nodes. */
  inverseSum: Float64Array;
  /** Greatest distance to a reachable node (0 for an isolate). */
  eccentricity: Float64Array;
  weightedPaths: boolean;
}

/** One BFS (or Dijkstra) per node: O(n·m) unweighted, O(n·m log n) with `weightedPaths`. */
export function distanceProfile(s: Csr, options: PathOptions = {}): DistanceProfile {
  const n = s.n;
  const weightedPaths = options.weightedPaths ?? false;
  const sum = new Float64Array(n),
    reach = new Float64Array(n),
    inverseSum = new Float64Array(n),
    eccentricity = new Float64Array(n);
  const order = new Int32Array(n);
  if (!weightedPaths) {
    const dist = new Int32Array(n).fill(-1);
    for (let v = 0; v < n; v++) {
      const count = bfs(s, v, dist, order);
      let total = 0,
        inv = 0;
      for (let i = 1; i < count; i++) {
        const d = dist[order[i]];
        total += d;
        inv += 1 / d;
      }
      sum[v] = total;
      reach[v] = count;
      inverseSum[v] = inv;
      eccentricity[v] = dist[order[count - 1]];
      for (let i = 0; i < count; i++) dist[order[i]] = -1;
    }
  } else {
    const lengths = edgeLengths(s);
    const dist = new Float64Array(n).fill(Infinity);
    const heap = new IndexedMinHeap(n, dist);
    for (let v = 0; v < n; v++) {
      const count = dijkstra(s, lengths, v, dist, order, heap);
      let total = 0,
        inv = 0;
      for (let i = 1; i < count; i++) {
        const d = dist[order[i]];
        total += d;
        inv += 1 / d;
      }
      sum[v] = total;
      reach[v] = count;
      inverseSum[v] = inv;
      eccentricity[v] = dist[order[count - 1]];
      for (let i = 0; i < count; i++) dist[order[i]] = Infinity;
    }
  }
  return { sum, reach, inverseSum, eccentricity, weightedPaths };
}

export interface DiameterOptions {
  /** Largest component size solved exactly; bigger components get a lower/upper bound (default 50,000). */
  exactLimit?: number;
}

export interface DiameterResult {
  /** Longest shortest path (hops) within any component; 0 for a graph without edges. */
  value: number;
  /** False when a component exceeded `exactLimit`: `value` is then a lower bound, `upperBound` an upper one. */
  exact: boolean;
  upperBound: number;
  /** How many BFS traversals were run (iFUB usually needs a handful, not n). */
  traversals: number;
}

/**
 * Diameter in hops. NetworkX raises on a disconnected graph; we report the largest eccentricity
 * inside any connected component (the longest finite shortest path). Each component is solved
 * exactly with iFUB (Crescenzi et al. 2013), which usually needs a few BFS runs instead of one per
 * node; components above `exactLimit` nodes get the double-sweep lower bound and 2·ecc upper bound.
 */
export function diameter(g: Csr, options: DiameterOptions = {}): DiameterResult {
  const limit = options.exactLimit ?? 50_000;
  const n = g.n;
  const { membership: label, sizes } = connectedComponents(g);
  const dist = new Int32Array(n).fill(-1);
  const order = new Int32Array(n);
  let traversals = 0;
  const ecc = (v: number): number => {
    const count = bfs(g, v, dist, order);
    traversals++;
    const e = dist[order[count - 1]];
    for (let i = 0; i < count; i++) dist[order[i]] = -1;
    return e;
  };
  // Highest-degree node of each component starts its sweep.
  const start = new Int32Array(sizes.length).fill(-1);
  for (let v = 0; v < n; v++) {
    const c = label[v];
    if (start[c] < 0 || g.offsets[v + 1] - g.offsets[v] > g.offsets[start[c] + 1] - g.offsets[start[c]]) start[c] = v;
  }
  let best = 0,
    upper = 0,
    exact = true;
  for (let c = 0; c < sizes.length; c++) {
    if (sizes[c] < 2) continue;
    // Double sweep → a peripheral-ish node a, its farthest b, then the middle of the a–b path as root.
    const a = farthest(g, start[c], dist, order);
    traversals++;
    const b = farthestWithParents(g, a.node, dist, order);
    traversals++;
    let lb = Math.max(a.ecc, b.ecc);
    if (sizes[c] > limit) {
      exact = false;
      best = Math.max(best, lb);
      upper = Math.max(upper, 2 * ecc(start[c]));
      continue;
    }
    const root = b.path[Math.floor(b.path.length / 2)];
    // Levels of the BFS tree from root, deepest first.
    const count = bfs(g, root, dist, order);
    traversals++;
    const rootEcc = dist[order[count - 1]];
    const levelOf = new Int32Array(count);
    const members = new Int32Array(count);
    for (let i = 0; i < count; i++) {
      members[i] = order[i];
      levelOf[i] = dist[order[i]];
    }
    for (let i = 0; i < count; i++) dist[order[i]] = -1;
    lb = Math.max(lb, rootEcc);
    let ub = 2 * rootEcc;
    let idx = count - 1;
    for (let level = rootEcc; level > 0 && ub > lb; level--) {
      let bi = 0;
      while (idx >= 0 && levelOf[idx] === level) {
        bi = Math.max(bi, ecc(members[idx]));
        idx--;
      }
      lb = Math.max(lb, bi);
      if (lb > 2 * (level - 1)) break;
      ub = 2 * (level - 1);
    }
    best = Math.max(best, lb);
    upper = Math.max(upper, lb);
  }
  return { value: best, exact, upperBound: Math.max(upper, best), traversals };
}

function farthest(g: Csr, v: number, dist: Int32Array, order: Int32Array): { node: number; ecc: number } {
  const count = bfs(g, v, dist, order);
  const node = order[count - 1];
  const e = dist[node];
  for (let i = 0; i < count; i++) dist[order[i]] = -1;
  return { node, ecc: e };
}

/** BFS from v; returns the farthest node and the path v → … → farthest. */
function farthestWithParents(g: Csr, v: number, dist: Int32Array, order: Int32Array): { node: number; ecc: number; path: number[] } {
  const count = bfs(g, v, dist, order);
  const node = order[count - 1];
  const e = dist[node];
  const path = [node];
  let cur = node;
  while (cur !== v) {
    for (let i = g.offsets[cur]; i < g.offsets[cur + 1]; i++) {
      const u = g.targets[i];
      if (dist[u] === dist[cur] - 1) {
        cur = u;
        break;
      }
    }
    path.push(cur);
  }
  for (let i = 0; i < count; i++) dist[order[i]] = -1;
  return { node, ecc: e, path: path.reverse() };
}

export interface AveragePathLengthOptions extends PathOptions {
  /** Reuse a profile already computed for closeness/harmonic (must match `weightedPaths`). */
  profile?: DistanceProfile;
  /**
   * Estimate from this many source nodes drawn uniformly (seeded) instead of all n; for graphs
   * where n traversals are too slow. Ignored when `profile` is given or samples ≥ n.
   */
  samples?: number;
  /** Seed for the sampled sources (default 0). */
  seed?: number;
}

export interface AveragePathLengthResult {
  /** Mean shortest-path length over ordered pairs (u ≠ v) with a path; NaN when no pair is connected. */
  value: number;
  /** Connected ordered pairs the mean is over (from the sampled sources when sampled). */
  pairs: number;
  /** True when some pairs are disconnected: the mean then covers reachable pairs only. */
  disconnected: boolean;
  /** Null when exact; else how many sources the estimate used. */
  sampledSources: number | null;
}

/**
 * Average shortest-path length over the pairs that are connected. For a connected graph this equals
 * NetworkX `average_shortest_path_length` (which raises on disconnected graphs); for a disconnected
 * one it is the mean over reachable pairs, and `disconnected` says so. With `samples` it is the
 * same mean over pairs starting at a uniform sample of sources (an unbiased ratio estimate).
 */
export function averagePathLength(g: Csr, options: AveragePathLengthOptions = {}): AveragePathLengthResult {
  const weightedPaths = options.weightedPaths ?? false;
  if (options.profile && options.profile.weightedPaths !== weightedPaths) {
    throw new Error(`the distance profile given was computed with weightedPaths=${options.profile.weightedPaths}, not ${weightedPaths}`);
  }
  const k = options.samples;
  if (!options.profile && k !== undefined && k < g.n) {
    if (!Number.isInteger(k) || k < 1) throw new RangeError(`samples must be a positive integer, got ${k}`);
    return sampledAveragePathLength(g, k, options.seed ?? 0, weightedPaths);
  }
  const profile = options.profile ?? distanceProfile(g, options);
  let total = 0,
    pairs = 0;
  for (let v = 0; v < g.n; v++) {
    total += profile.sum[v];
    pairs += profile.reach[v] - 1;
  }
  return { value: pairs > 0 ? total / pairs : NaN, pairs, disconnected: pairs < g.n * (g.n - 1), sampledSources: null };
}

/**
 * k of the nodes 0…n−1 drawn uniformly without replacement (seeded partial Fisher–Yates), in draw
 * order; k ≤ n. Shared by sampled path length and sampled betweenness.
 */
export function sampleNodes(n: number, k: number, seed: number): Uint32Array {
  const rng = createRng(seed);
  const all = new Uint32Array(n);
  for (let i = 0; i < n; i++) all[i] = i;
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rng() * (n - i));
    const t = all[i];
    all[i] = all[j];
    all[j] = t;
  }
  return all.slice(0, k);
}

function sampledAveragePathLength(g: Csr, k: number, seed: number, weightedPaths: boolean): AveragePathLengthResult {
  const n = g.n;
  const all = sampleNodes(n, k, seed);
  const order = new Int32Array(n);
  const hops = new Int32Array(n).fill(-1);
  const dist = new Float64Array(n).fill(Infinity);
  const lengths = weightedPaths ? edgeLengths(g) : null;
  const heap = weightedPaths ? new IndexedMinHeap(n, dist) : null;
  let total = 0,
    pairs = 0,
    disconnected = false;
  for (let i = 0; i < k; i++) {
    const v = all[i];
    if (weightedPaths) {
      const count = dijkstra(g, lengths!, v, dist, order, heap!);
      for (let j = 1; j < count; j++) total += dist[order[j]];
      for (let j = 0; j < count; j++) dist[order[j]] = Infinity;
      pairs += count - 1;
      if (count < n) disconnected = true;
    } else {
      const count = bfs(g, v, hops, order);
      for (let j = 1; j < count; j++) total += hops[order[j]];
      for (let j = 0; j < count; j++) hops[order[j]] = -1;
      pairs += count - 1;
      if (count < n) disconnected = true;
    }
  }
  return { value: pairs > 0 ? total / pairs : NaN, pairs, disconnected, sampledSources: k };
}
