import type { Dataset, EdgeType, HubNode, NodeType } from '../model/index.ts';
import { NODE_TYPES } from '../model/index.ts';

/**
 * Compact, immutable, undirected view of a dataset for the heavy algorithms: CSR adjacency in typed
 * arrays, parallel edges merged (weights summed), self-loops dropped. graphology stays the model;
 * hot loops run here.
 */
export interface Snapshot {
  /** Number of nodes. */
  n: number;
  /** Number of undirected edges after merging. */
  m: number;
  ids: string[];
  index: Map<string, number>;
  /** Node records, by index (same objects as the dataset's). */
  nodes: HubNode[];
  /** Index into NODE_TYPES, by node index. */
  typeCode: Uint8Array;
  /** Neighbours of v are targets[offsets[v] .. offsets[v+1]), sorted ascending. */
  offsets: Uint32Array;
  targets: Uint32Array;
  /** Tie strength of each adjacency entry (1 when built unweighted). */
  weights: Float64Array;
  weighted: boolean;
}

export interface SnapshotOptions {
  /** Use edge weights as tie strengths (default true); false sets every weight to 1. */
  weighted?: boolean;
  /** Keep only these edge types (default: all). */
  edgeTypes?: readonly EdgeType[];
  /** Allocate the arrays on SharedArrayBuffer so worker threads can read them without copying (default false). */
  shared?: boolean;
}

function alloc<T extends Uint32Array | Float64Array>(Ctor: { new (buf: ArrayBufferLike): T; BYTES_PER_ELEMENT: number }, length: number, shared: boolean): T {
  const bytes = Math.max(1, length) * Ctor.BYTES_PER_ELEMENT;
  const buf = shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
  return new Ctor(buf).subarray(0, length) as T;
}

export function buildSnapshot(dataset: Pick<Dataset, 'nodes' | 'edges'>, options: SnapshotOptions = {}): Snapshot {
  const weighted = options.weighted ?? true;
  const shared = options.shared ?? false;
  const keep = options.edgeTypes ? new Set<string>(options.edgeTypes) : null;
  const nodes = dataset.nodes;
  const n = nodes.length;
  const ids = new Array<string>(n);
  const index = new Map<string, number>();
  const typeCode = new Uint8Array(n);
  const typeIndex = new Map<string, number>(NODE_TYPES.map((t, i) => [t, i]));
  for (let i = 0; i < n; i++) {
    ids[i] = nodes[i].id;
    index.set(nodes[i].id, i);
    typeCode[i] = typeIndex.get(nodes[i].type) ?? typeIndex.get('other')!;
  }

  // Pass 1: endpoints as indices, degree counts (with duplicates).
  const E = dataset.edges.length;
  const src = new Uint32Array(E);
  const dst = new Uint32Array(E);
  const w = new Float64Array(E);
  const deg = new Uint32Array(n + 1);
  let k = 0;
  for (const e of dataset.edges) {
    if (keep && !keep.has(e.type)) continue;
    const s = index.get(e.source);
    const t = index.get(e.target);
    if (s === undefined || t === undefined) throw new Error(`edge ${e.source} → ${e.target} names an unknown node`);
    if (s === t) continue;
    src[k] = s;
    dst[k] = t;
    w[k] = weighted ? (e.weight ?? 1) : 1;
    deg[s]++;
    deg[t]++;
    k++;
  }

  const csr = csrFromEdges(n, src, dst, w, k, deg, shared);
  return { n, m: csr.offsets[n] / 2, ids, index, nodes, typeCode, ...csr, weighted };
}

/**
 * The CSR arrays of `k` undirected edges src[i]–dst[i] of weight w[i] (no self-loops; `deg` the
 * per-node count with duplicates): rows sorted, parallel edges merged with their weights summed.
 * Shared by `buildSnapshot` and the bare edge-list reader (edge-list-csr.ts).
 */
export function csrFromEdges(
  n: number,
  src: Uint32Array,
  dst: Uint32Array,
  w: Float64Array,
  k: number,
  deg: Uint32Array,
  shared: boolean,
): Pick<Snapshot, 'offsets' | 'targets' | 'weights'> {
  // Pass 2: fill raw adjacency.
  const rawOff = new Uint32Array(n + 1);
  for (let v = 0; v < n; v++) rawOff[v + 1] = rawOff[v] + deg[v];
  const fill = rawOff.slice(0, n);
  const rawT = new Uint32Array(2 * k);
  const rawW = new Float64Array(2 * k);
  for (let i = 0; i < k; i++) {
    const s = src[i],
      t = dst[i];
    rawT[fill[s]] = t;
    rawW[fill[s]++] = w[i];
    rawT[fill[t]] = s;
    rawW[fill[t]++] = w[i];
  }

  // Pass 3: transpose the (symmetric) raw adjacency. Scanning rows u = 0, 1, … and appending u to
  // each neighbour's row yields every row already sorted — O(n + m), no comparison sort.
  const sortedT = new Uint32Array(2 * k);
  const sortedW = new Float64Array(2 * k);
  fill.set(rawOff.subarray(0, n));
  for (let u = 0; u < n; u++) {
    for (let i = rawOff[u]; i < rawOff[u + 1]; i++) {
      const t = rawT[i];
      sortedT[fill[t]] = u;
      sortedW[fill[t]++] = rawW[i];
    }
  }

  // Pass 4: merge parallel entries (adjacent once sorted), compacting in place.
  const offsets = alloc(Uint32Array, n + 1, shared);
  let total = 0;
  for (let v = 0; v < n; v++) {
    offsets[v] = total;
    const rowStart = total;
    for (let i = rawOff[v]; i < rawOff[v + 1]; i++) {
      const t = sortedT[i];
      if (total > rowStart && sortedT[total - 1] === t) sortedW[total - 1] += sortedW[i];
      else {
        sortedT[total] = t;
        sortedW[total++] = sortedW[i];
      }
    }
  }
  offsets[n] = total;
  const targets = alloc(Uint32Array, total, shared);
  const weights = alloc(Float64Array, total, shared);
  targets.set(sortedT.subarray(0, total));
  weights.set(sortedW.subarray(0, total));

  return { offsets, targets, weights };
}

/** Degree (number of distinct neighbours) of node v. */
export function degreeOf(s: Snapshot, v: number): number {
  return s.offsets[v + 1] - s.offsets[v];
}

/** Sum of tie strengths of node v. */
export function strengthOf(s: Snapshot, v: number): number {
  let sum = 0;
  for (let i = s.offsets[v]; i < s.offsets[v + 1]; i++) sum += s.weights[i];
  return sum;
}

export function typeOf(s: Snapshot, v: number): NodeType {
  return NODE_TYPES[s.typeCode[v]];
}

/** Position of v in u's sorted row (its adjacency entry), or -1 (binary search). */
export function entryOf(s: Pick<Snapshot, 'offsets' | 'targets'>, u: number, v: number): number {
  let lo = s.offsets[u],
    hi = s.offsets[u + 1] - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const t = s.targets[mid];
    if (t === v) return mid;
    if (t < v) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Weight of edge u–v, or 0 when absent. */
export function edgeWeight(s: Snapshot, u: number, v: number): number {
  const i = entryOf(s, u, v);
  return i < 0 ? 0 : s.weights[i];
}
