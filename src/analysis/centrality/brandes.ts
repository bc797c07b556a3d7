import { bfs, dijkstra, IndexedMinHeap, PATH_EPSILON, type Csr } from '../structure/paths.ts';

/**
 * Brandes' dependency accumulation, the kernel shared by the in-thread and worker-thread
 * betweenness. It adds, for each source s in a list, δ_s(v) for every v ≠ s into `out` (so each
 * unordered pair is counted twice over all sources, as in NetworkX before its rescaling).
 *
 * Optionally, both kernels also record each source's distance summary in `profile` at
 * 4·(k − from): [sum of distances, nodes reached (itself included), Σ 1/distance, eccentricity] —
 * what closeness, harmonic and mean path length need, at almost no extra cost.
 */
export interface BrandesWorkspace {
  sigma: Float64Array;
  delta: Float64Array;
  order: Int32Array;
  hops: Int32Array;
  /** Shortest-path DAG children per parent (unweighted) or predecessors per node (weighted), by traversal position. */
  children: Int32Array;
  childStart: Int32Array;
  dist: Float64Array;
  heap: IndexedMinHeap | null;
}

export function createWorkspace(g: Csr, weightedPaths: boolean): BrandesWorkspace {
  const n = g.n;
  const dist = new Float64Array(weightedPaths ? n : 0).fill(Infinity);
  return {
    sigma: new Float64Array(n),
    delta: new Float64Array(n),
    order: new Int32Array(n),
    hops: new Int32Array(weightedPaths ? 0 : n).fill(-1),
    children: new Int32Array(g.targets.length),
    childStart: new Int32Array(n + 1),
    dist,
    heap: weightedPaths ? new IndexedMinHeap(n, dist) : null,
  };
}

/**
 * Accumulate dependencies of sources[from..to) into out (hop-count paths).
 *
 * The BFS records each node's children in the shortest-path DAG (contiguous per parent, in BFS
 * order), so the backward pass walks only DAG edges, without the per-neighbour level test:
 * δ(v) = σ(v) · Σ_children w (1 + δ(w)) / σ(w), with that per-child term computed once.
 */
export function accumulateUnweighted(
  g: Csr,
  sources: ArrayLike<number>,
  from: number,
  to: number,
  out: Float64Array,
  ws: BrandesWorkspace,
  profile: Float64Array | null = null,
): void {
  const { offsets, targets } = g;
  const { sigma, delta: coeff, order, hops, children, childStart } = ws;
  for (let k = from; k < to; k++) {
    const s = sources[k];
    // BFS counting shortest paths on the way: σ(w) += σ(v) for every v one level above w.
    hops[s] = 0;
    sigma[s] = 1;
    order[0] = s;
    let head = 0,
      tail = 1,
      nc = 0;
    while (head < tail) {
      childStart[head] = nc;
      const v = order[head++];
      const next = hops[v] + 1;
      const sv = sigma[v];
      for (let i = offsets[v], end = offsets[v + 1]; i < end; i++) {
        const w = targets[i];
        const hw = hops[w];
        if (hw < 0) {
          hops[w] = next;
          sigma[w] = sv;
          order[tail++] = w;
          children[nc++] = w;
        } else if (hw === next) {
          sigma[w] += sv;
          children[nc++] = w;
        }
      }
    }
    childStart[tail] = nc;
    if (profile) {
      let sum = 0,
        inv = 0;
      for (let i = 1; i < tail; i++) {
        const d = hops[order[i]];
        sum += d;
        inv += 1 / d;
      }
      const p = 4 * (k - from);
      profile[p] = sum;
      profile[p + 1] = tail;
      profile[p + 2] = inv;
      profile[p + 3] = hops[order[tail - 1]];
    }
    // Backward over BFS order: children are final before their parents.
    for (let i = tail - 1; i > 0; i--) {
      const w = order[i];
      let acc = 0;
      for (let c = childStart[i], end = childStart[i + 1]; c < end; c++) acc += coeff[children[c]];
      const sw = sigma[w];
      const d = sw * acc;
      out[w] += d;
      coeff[w] = (1 + d) / sw;
    }
    for (let i = 0; i < tail; i++) {
      const v = order[i];
      hops[v] = -1;
      sigma[v] = 0;
      coeff[v] = 0;
    }
  }
}

/**
 * Same with Dijkstra on edge lengths (1/weight); equal lengths within PATH_EPSILON tie. When a node
 * is settled, one scan of its row both relaxes the unsettled neighbours and finds its
 * predecessors among the settled ones (those at exactly its distance minus the edge); predecessors
 * are kept per node so the backward pass needs no second scan.
 */
export function accumulateWeighted(
  g: Csr,
  lengths: Float64Array,
  sources: ArrayLike<number>,
  from: number,
  to: number,
  out: Float64Array,
  ws: BrandesWorkspace,
  profile: Float64Array | null = null,
): void {
  const { offsets, targets } = g;
  const { sigma, delta, order, dist, children: preds, childStart: predStart } = ws;
  const heap = ws.heap!;
  const pos = heap.pos;
  for (let k = from; k < to; k++) {
    const s = sources[k];
    dist[s] = 0;
    heap.push(s);
    let count = 0,
      np = 0;
    while (heap.size > 0) {
      const w = heap.pop();
      order[count] = w;
      predStart[count++] = np;
      const dw = dist[w];
      const tol = PATH_EPSILON * dw;
      let acc = 0;
      for (let j = offsets[w], end = offsets[w + 1]; j < end; j++) {
        const v = targets[j];
        const dv = dist[v];
        if (pos[v] < 0 && dv !== Infinity) {
          // Settled neighbour: a predecessor when it lies on a shortest path to w.
          if (dv < dw && Math.abs(dv + lengths[j] - dw) <= tol) {
            acc += sigma[v];
            preds[np++] = v;
          }
        } else {
          const alt = dw + lengths[j];
          if (alt < dv) {
            dist[v] = alt;
            if (dv === Infinity) heap.push(v);
            else heap.decrease(v);
          }
        }
      }
      sigma[w] = w === s ? 1 : acc;
    }
    predStart[count] = np;
    if (profile) {
      let sum = 0,
        inv = 0;
      for (let i = 1; i < count; i++) {
        const d = dist[order[i]];
        sum += d;
        inv += 1 / d;
      }
      const p = 4 * (k - from);
      profile[p] = sum;
      profile[p + 1] = count;
      profile[p + 2] = inv;
      profile[p + 3] = dist[order[count - 1]];
    }
    for (let i = count - 1; i > 0; i--) {
      const w = order[i];
      const coeff = (1 + delta[w]) / sigma[w];
      for (let c = predStart[i], end = predStart[i + 1]; c < end; c++) {
        const v = preds[c];
        delta[v] += sigma[v] * coeff;
      }
      out[w] += delta[w];
    }
    for (let i = 0; i < count; i++) {
      const v = order[i];
      dist[v] = Infinity;
      sigma[v] = 0;
      delta[v] = 0;
    }
  }
}

/** Distance summaries only (no dependencies) of sources[from..to), same layout as above. */
export function profileSources(
  g: Csr,
  lengths: Float64Array | null,
  sources: ArrayLike<number>,
  from: number,
  to: number,
  ws: BrandesWorkspace,
  profile: Float64Array,
): void {
  const { order, hops, dist } = ws;
  for (let k = from; k < to; k++) {
    const s = sources[k];
    let sum = 0,
      inv = 0,
      count: number,
      ecc: number;
    if (lengths) {
      count = dijkstra(g, lengths, s, dist, order, ws.heap!);
      for (let i = 1; i < count; i++) {
        const d = dist[order[i]];
        sum += d;
        inv += 1 / d;
      }
      ecc = dist[order[count - 1]];
      for (let i = 0; i < count; i++) dist[order[i]] = Infinity;
    } else {
      count = bfs(g, s, hops, order);
      for (let i = 1; i < count; i++) {
        const d = hops[order[i]];
        sum += d;
        inv += 1 / d;
      }
      ecc = hops[order[count - 1]];
      for (let i = 0; i < count; i++) hops[order[i]] = -1;
    }
    const p = 4 * (k - from);
    profile[p] = sum;
    profile[p + 1] = count;
    profile[p + 2] = inv;
    profile[p + 3] = ecc;
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
