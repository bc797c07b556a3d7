/**
 * The aggregation step Louvain (louvain-csr.ts) and Leiden (leiden-csr.ts) share: the super-graph
 * of a partition as CSR, one node per group, ties between groups summed, ties inside a group
 * dropped from the adjacency and summed per group instead. Members are gathered by counting sort
 * and each group's neighbour groups accumulated in typed arrays stamped per group (no Map, no
 * clearing), so one pass over the adjacency builds the level.
 */

/** Graph of one level: CSR without self-loops (adjacency entries of both directions). */
export interface CsrLevel {
  n: number;
  offsets: Uint32Array;
  targets: Uint32Array;
  weights: Float64Array;
}

/**
 * Work arrays of at least the first level's node count, reused by every level: `neighW[c]` is
 * valid while `stamp[c] === tick`; `touched` lists the stamped entries in order of first touch.
 */
export interface AccumulatorScratch {
  neighW: Float64Array;
  stamp: Uint32Array;
  touched: Int32Array;
  tick: number;
}

export function accumulatorScratch(n: number): AccumulatorScratch {
  return { neighW: new Float64Array(n), stamp: new Uint32Array(n), touched: new Int32Array(n), tick: 0 };
}

export interface Aggregated extends CsrLevel {
  /** Weight of the ties inside each group, counted from both ends (as in a node's strength). */
  inside: Float64Array;
}

export interface AggregateOptions {
  /** Receives the adjacency (at least g.targets.length entries, not g's own arrays); default: fresh arrays of the exact size. */
  out?: { targets: Uint32Array; weights: Float64Array };
  /** Weight already inside each node (folded ties of an earlier level), added to its group's `inside`. */
  selfLoop?: Float64Array;
}

/**
 * Super-graph of `comm` (labels 0…k−1). Group c's neighbours are listed in the order its members
 * (ascending node id) first reach them; `inside` sums each member's selfLoop, then its inner ties.
 */
export function aggregateCsr(g: CsrLevel, comm: Int32Array, k: number, sc: AccumulatorScratch, options: AggregateOptions = {}): Aggregated {
  const { out, selfLoop } = options;
  const { n, offsets, targets, weights } = g;
  const { neighW, stamp, touched } = sc;
  const members = membersByGroup(comm, n, k);
  const start = members.start;
  const order = members.order;
  const inside = new Float64Array(k);
  const newOffsets = new Uint32Array(k + 1);
  const newTargets = out?.targets ?? new Uint32Array(targets.length);
  const newWeights = out?.weights ?? new Float64Array(targets.length);
  let e = 0;
  for (let c = 0; c < k; c++) {
    const tick = ++sc.tick;
    let nt = 0;
    let within = 0;
    for (let j = start[c]; j < start[c + 1]; j++) {
      const v = order[j];
      if (selfLoop) within += selfLoop[v];
      for (let i = offsets[v], end = offsets[v + 1]; i < end; i++) {
        const d = comm[targets[i]];
        if (d === c) {
          within += weights[i];
          continue;
        }
        if (stamp[d] !== tick) {
          stamp[d] = tick;
          neighW[d] = 0;
          touched[nt++] = d;
        }
        neighW[d] += weights[i];
      }
    }
    inside[c] = within;
    for (let j = 0; j < nt; j++) {
      const d = touched[j];
      newTargets[e] = d;
      newWeights[e++] = neighW[d];
    }
    newOffsets[c + 1] = e;
  }
  return out
    ? { n: k, offsets: newOffsets, targets: newTargets.subarray(0, e), weights: newWeights.subarray(0, e), inside }
    : { n: k, offsets: newOffsets, targets: newTargets.slice(0, e), weights: newWeights.slice(0, e), inside };
}

/** Members of each group contiguous and ascending (counting sort): group c is order[start[c] … start[c+1]). */
export function membersByGroup(comm: Int32Array, n: number, k: number): { start: Uint32Array; order: Uint32Array } {
  const start = new Uint32Array(k + 1);
  for (let v = 0; v < n; v++) start[comm[v] + 1]++;
  for (let c = 0; c < k; c++) start[c + 1] += start[c];
  const fill = start.slice(0, k);
  const order = new Uint32Array(n);
  for (let v = 0; v < n; v++) order[fill[comm[v]]++] = v;
  return { start, order };
}

/** Σ of `values` per group: the aggregated node sizes (strength, or number of original nodes). */
export function sumByGroup(comm: Int32Array, values: Float64Array, n: number, k: number): Float64Array {
  const sum = new Float64Array(k);
  for (let v = 0; v < n; v++) sum[comm[v]] += values[v];
  return sum;
}

/** Renames labels (each below comm.length) 0…k−1 in order of first appearance, in place; returns k. */
export function relabel(comm: Int32Array): number {
  const rename = new Int32Array(comm.length).fill(-1);
  let k = 0;
  for (let v = 0; v < comm.length; v++) {
    const c = comm[v];
    if (rename[c] < 0) rename[c] = k++;
    comm[v] = rename[c];
  }
  return k;
}
