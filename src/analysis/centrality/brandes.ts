import { bfs, dijkstra, IndexedMinHeap, PATH_EPSILON, type Csr } from '../structure/paths.ts';

/**
 * Brandes' dependency accumulation, the kernel shared by the in-thread and worker-thread
 * betweenness. It adds, for each source s in a list, δ_s(v) for every v ≠ s into `out` (so each
 * unordered pair is counted twice over all sources, as in NetworkX before its rescaling).
 *
 * Predecessor lists are not stored: when walking back, the predecessors of w are the neighbours one
 * step closer, found by rescanning w's row — cheaper than allocating lists on typed arrays.
 */
export interface BrandesWorkspace {
  sigma: Float64Array;
  delta: Float64Array;
  order: Int32Array;
  hops: Int32Array;
  dist: Float64Array;
  heap: IndexedMinHeap | null;
}

export function createWorkspace(n: number, weightedPaths: boolean): BrandesWorkspace {
  const dist = new Float64Array(weightedPaths ? n : 0).fill(Infinity);
  return {
    sigma: new Float64Array(n),
    delta: new Float64Array(n),
    order: new Int32Array(n),
    hops: new Int32Array(weightedPaths ? 0 : n).fill(-1),
    dist,
    heap: weightedPaths ? new IndexedMinHeap(n, dist) : null,
  };
}

/** Accumulate dependencies of sources[from..to) into out (hop-count paths). */
export function accumulateUnweighted(g: Csr, sources: ArrayLike<number>, from: number, to: number, out: Float64Array, ws: BrandesWorkspace): void {
  const { offsets, targets } = g;
  const { sigma, delta, order, hops } = ws;
  for (let k = from; k < to; k++) {
    const s = sources[k];
    const count = bfs(g, s, hops, order);
    // σ in BFS order: each node's count is final before it is expanded.
    sigma[s] = 1;
    for (let i = 1; i < count; i++) {
      const w = order[i];
      const dw = hops[w] - 1;
      let acc = 0;
      for (let j = offsets[w], end = offsets[w + 1]; j < end; j++) {
        const v = targets[j];
        if (hops[v] === dw) acc += sigma[v];
      }
      sigma[w] = acc;
    }
    for (let i = count - 1; i > 0; i--) {
      const w = order[i];
      const coeff = (1 + delta[w]) / sigma[w];
      const dw = hops[w] - 1;
      for (let j = offsets[w], end = offsets[w + 1]; j < end; j++) {
        const v = targets[j];
        if (hops[v] === dw) delta[v] += sigma[v] * coeff;
      }
      out[w] += delta[w];
    }
    for (let i = 0; i < count; i++) {
      const v = order[i];
      hops[v] = -1; sigma[v] = 0; delta[v] = 0;
    }
  }
}

/** Same with Dijkstra on edge lengths (1/weight); equal lengths within PATH_EPSILON tie. */
export function accumulateWeighted(g: Csr, lengths: Float64Array, sources: ArrayLike<number>, from: number, to: number, out: Float64Array, ws: BrandesWorkspace): void {
  const { offsets, targets } = g;
  const { sigma, delta, order, dist } = ws;
  const heap = ws.heap!;
  for (let k = from; k < to; k++) {
    const s = sources[k];
    const count = dijkstra(g, lengths, s, dist, order, heap);
    // Nodes are settled in distance order, so predecessors are final when w is reached here.
    sigma[s] = 1;
    for (let i = 1; i < count; i++) {
      const w = order[i];
      const dw = dist[w];
      const tol = PATH_EPSILON * dw;
      let acc = 0;
      for (let j = offsets[w], end = offsets[w + 1]; j < end; j++) {
        const v = targets[j];
        const dv = dist[v];
        if (dv < dw && Math.abs(dv + lengths[j] - dw) <= tol) acc += sigma[v];
      }
      sigma[w] = acc;
    }
    for (let i = count - 1; i > 0; i--) {
      const w = order[i];
      const coeff = (1 + delta[w]) / sigma[w];
      const dw = dist[w];
      const tol = PATH_EPSILON * dw;
      for (let j = offsets[w], end = offsets[w + 1]; j < end; j++) {
        const v = targets[j];
        const dv = dist[v];
        if (dv < dw && Math.abs(dv + lengths[j] - dw) <= tol) delta[v] += sigma[v] * coeff;
      }
      out[w] += delta[w];
    }
    for (let i = 0; i < count; i++) {
      const v = order[i];
      dist[v] = Infinity; sigma[v] = 0; delta[v] = 0;
    }
  }
}

/**
 * Sources are processed in fixed chunks whose size depends only on the number of sources; each
 * chunk's dependencies are summed separately and the chunk sums are added in chunk order. The
 * in-thread and worker versions therefore give bit-identical results, whatever the worker count.
 */
export function chunkSize(sourceCount: number): number {
  return Math.max(16, Math.ceil(sourceCount / 256));
}
