/**
 * Sparse capacitated assignment by min-cost flow: successive shortest paths with Johnson
 * potentials, one capacity unit of a row at a time (the Hungarian method's row-by-row order),
 * Dijkstra on an indexed binary heap over typed arrays.
 *
 * Network: each row unit either takes an allowed pair (row → col) or stays unassigned (row → T,
 * cost 0); col → T has the column's capacity. After k row units are processed the flow is the
 * cheapest one that routes exactly those units, so the last one is optimal. Costs are
 * lexicographic pairs (primary, secondary): secondary = −score; primary = −1 per pair when
 * maximising cardinality first, else 0. Because leaving a unit unassigned costs (0, 0), a pair
 * (or a chain of reassignments) is only taken when it strictly gains.
 *
 * Tie-breaking: among equal distances T is settled first, then the node reached most recently
 * (plateaus of equal scores are walked depth-first); rows are processed in the caller's order and
 * a distance only replaces a strictly larger one. The algorithm has no other choice points, so the
 * same input always gives the same pairs. A column with room bounds the distance to T as soon as it
 * is reached, which prunes the search (equal scores everywhere: ~2 heap pops per search).
 */
export interface FlowProblem {
  nRows: number;
  nCols: number;
  rowCap: Int32Array;
  colCap: Int32Array;
  /** Pairs as CSR by row: pairs of row r are rowOff[r] .. rowOff[r+1]. */
  rowOff: Int32Array;
  pairCol: Int32Array;
  pairScore: Float64Array;
  maxCardinality: boolean;
}

/** Returns 1 for each chosen pair (indexed like pairCol), else 0. */
export function solveFlow(p: FlowProblem): Uint8Array {
  const { nRows, nCols, rowCap, colCap, rowOff, pairCol, pairScore } = p;
  const P = pairCol.length;
  const c1 = p.maxCardinality ? -1 : 0;
  const T = 0;
  const R0 = 1; // rows are nodes R0 .. R0+nRows-1
  const C0 = 1 + nRows; // columns follow
  const N = 1 + nRows + nCols;

  const pairRow = new Int32Array(P);
  for (let r = 0; r < nRows; r++) for (let k = rowOff[r]; k < rowOff[r + 1]; k++) pairRow[k] = r;
  const flow = new Uint8Array(P);

  // Assigned pairs per column, in slots sized min(capacity, degree).
  const colDeg = new Int32Array(nCols);
  for (let k = 0; k < P; k++) colDeg[pairCol[k]]++;
  const slotOff = new Int32Array(nCols + 1);
  for (let j = 0; j < nCols; j++) slotOff[j + 1] = slotOff[j] + Math.min(colCap[j], colDeg[j]);
  const slots = new Int32Array(slotOff[nCols]);
  const used = new Int32Array(nCols);

  // Potentials (primary, secondary). Initial: rows 0, columns the cheapest arc into them (or 0),
  // T the minimum of all, so every residual arc has a non-negative reduced cost.
  const p1 = new Float64Array(N);
  const p2 = new Float64Array(N);
  for (let k = 0; k < P; k++) {
    const v = C0 + pairCol[k];
    const s2 = -pairScore[k];
    if (c1 < p1[v] || (c1 === p1[v] && s2 < p2[v])) {
      p1[v] = c1;
      p2[v] = s2;
    }
  }
  let t1 = 0,
    t2 = 0;
  for (let v = 1; v < N; v++)
    if (p1[v] < t1 || (p1[v] === t1 && p2[v] < t2)) {
      t1 = p1[v];
      t2 = p2[v];
    }
  p1[T] = t1;
  p2[T] = t2;

  const d1 = new Float64Array(N).fill(Infinity);
  const d2 = new Float64Array(N).fill(Infinity);
  const predNode = new Int32Array(N);
  const predPair = new Int32Array(N);
  const done = new Uint8Array(N);
  const touched = new Int32Array(N);
  let nTouched = 0;

  // Indexed binary min-heap keyed by (d1, d2, node).
  const heap = new Int32Array(N);
  const pos = new Int32Array(N).fill(-1);
  let size = 0;
  // Among equal distances: T first (stop as soon as a best path is known), then the node reached
  // most recently, so plateaus of equal scores are walked depth-first instead of flooded.
  const seq = new Float64Array(N);
  let clock = 0;
  const less = (a: number, b: number): boolean =>
    d1[a] < d1[b] || (d1[a] === d1[b] && (d2[a] < d2[b] || (d2[a] === d2[b] && (a === T || (b !== T && seq[a] > seq[b])))));
  const up = (i: number): void => {
    const v = heap[i];
    while (i > 0) {
      const pi = (i - 1) >> 1;
      const w = heap[pi];
      if (!less(v, w)) break;
      heap[i] = w;
      pos[w] = i;
      i = pi;
    }
    heap[i] = v;
    pos[v] = i;
  };
  const down = (i: number): void => {
    const v = heap[i];
    for (;;) {
      let c = 2 * i + 1;
      if (c >= size) break;
      if (c + 1 < size && less(heap[c + 1], heap[c])) c++;
      const w = heap[c];
      if (!less(w, v)) break;
      heap[i] = w;
      pos[w] = i;
      i = c;
    }
    heap[i] = v;
    pos[v] = i;
  };
  const pop = (): number => {
    const top = heap[0];
    pos[top] = -1;
    size--;
    if (size > 0) {
      heap[0] = heap[size];
      down(0);
    }
    return top;
  };
  // Relax w to (a1, a2) via node v and pair k (−1 for an arc to T).
  const relax = (w: number, a1: number, a2: number, v: number, k: number): boolean => {
    // Never worth exploring beyond the best route to T found so far.
    if (a1 > d1[T] || (a1 === d1[T] && a2 >= d2[T] && w !== T)) return false;
    if (a1 < d1[w] || (a1 === d1[w] && a2 < d2[w])) {
      if (d1[w] === Infinity) touched[nTouched++] = w;
      d1[w] = a1;
      d2[w] = a2;
      predNode[w] = v;
      predPair[w] = k;
      seq[w] = ++clock;
      if (pos[w] < 0) {
        heap[size] = w;
        pos[w] = size;
        size++;
      }
      up(pos[w]);
      return true;
    }
    return false;
  };
  // Reduced cost of an arc with cost (c1, c2) from v to w, clamped at 0 against rounding.
  let rc1 = 0,
    rc2 = 0;
  const reduce = (a1: number, a2: number, v: number, w: number): void => {
    rc1 = a1 + p1[v] - p1[w];
    rc2 = a2 + p2[v] - p2[w];
    if (rc1 < 0.5 && rc1 > -0.5) {
      rc1 = 0;
      if (rc2 < 0) rc2 = 0;
    }
  };

  for (let r = 0; r < nRows; r++) {
    const units = Math.min(rowCap[r], rowOff[r + 1] - rowOff[r]);
    for (let unit = 0; unit < units; unit++) {
      const src = R0 + r;
      d1[src] = 0;
      d2[src] = 0;
      touched[nTouched++] = src;
      predNode[src] = -1;
      heap[0] = src;
      pos[src] = 0;
      size = 1;
      while (size > 0) {
        const v = pop();
        done[v] = 1;
        if (v === T) break;
        const dv1 = d1[v],
          dv2 = d2[v];
        if (v < C0) {
          const row = v - R0;
          reduce(0, 0, v, T);
          relax(T, dv1 + rc1, dv2 + rc2, v, -1);
          for (let k = rowOff[row], e = rowOff[row + 1]; k < e; k++) {
            if (flow[k]) continue;
            const w = C0 + pairCol[k];
            if (done[w]) continue;
            reduce(c1, -pairScore[k], v, w);
            const w1 = dv1 + rc1,
              w2 = dv2 + rc2;
            // Look ahead: a column with room bounds the distance to T now, so the pruning in
            // relax() starts early (T is still only settled when it is the minimum).
            if (relax(w, w1, w2, v, k) && used[w - C0] < colCap[w - C0]) {
              reduce(0, 0, w, T);
              relax(T, w1 + rc1, w2 + rc2, w, -1);
            }
          }
        } else {
          const col = v - C0;
          if (used[col] < colCap[col]) {
            reduce(0, 0, v, T);
            relax(T, dv1 + rc1, dv2 + rc2, v, -1);
          }
          for (let s = slotOff[col], e = s + used[col]; s < e; s++) {
            const k = slots[s];
            const w = R0 + pairRow[k];
            if (done[w]) continue;
            reduce(-c1, pairScore[k], v, w);
            relax(w, dv1 + rc1, dv2 + rc2, v, k);
          }
        }
      }
      // Potentials: settled nodes move by d(v) − d(T); keeps reduced costs ≥ 0 (Johnson).
      const D1 = d1[T],
        D2 = d2[T];
      for (let i = 0; i < nTouched; i++) {
        const v = touched[i];
        if (done[v] && v !== T) {
          p1[v] += d1[v] - D1;
          p2[v] += d2[v] - D2;
        }
      }
      // Augment along the path back from T.
      let w = T;
      while (predNode[w] !== -1) {
        const v = predNode[w];
        const k = predPair[w];
        if (k >= 0) {
          const col = pairCol[k];
          if (w >= C0) {
            // forward pair arc row v → column w: take it
            flow[k] = 1;
            slots[slotOff[col] + used[col]++] = k;
          } else {
            // backward arc column v → row w: drop the pair
            flow[k] = 0;
            const base = slotOff[col];
            const last = base + --used[col];
            for (let s = base; s <= last; s++)
              if (slots[s] === k) {
                slots[s] = slots[last];
                break;
              }
          }
        }
        w = v;
      }
      // Reset the touched part only.
      for (let i = 0; i < nTouched; i++) {
        const v = touched[i];
        d1[v] = Infinity;
        d2[v] = Infinity;
        done[v] = 0;
        pos[v] = -1;
      }
      nTouched = 0;
      size = 0;
    }
  }
  return flow;
}
