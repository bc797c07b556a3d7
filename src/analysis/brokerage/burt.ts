import { triangleCounts } from '../structure/clustering.ts';
import type { Csr } from '../structure/paths.ts';
import { entryOf } from '../../graph/snapshot.ts';

/**
 * Burt's structural-hole measures as NetworkX `constraint` and `effective_size` on an undirected
 * graph. p(u, v) is v's share of u's tie strength (1/degree when unweighted). Both are undefined
 * (NaN) for an isolate. Unweighted by default, as the NetworkX reference values.
 */
export interface BurtOptions {
  /** Use tie strengths for the proportions (default false, matching NetworkX `weight=None`). */
  weighted?: boolean;
  /** Triangle counts of this graph (from `triangleCounts`), reused by unweighted `effectiveSize`. */
  triangles?: Float64Array;
}

/** p for every adjacency entry: weight of the tie over the strength of its row's node. */
function proportions(s: Csr, weighted: boolean): Float64Array {
  const p = new Float64Array(s.targets.length);
  for (let u = 0; u < s.n; u++) {
    const a = s.offsets[u],
      b = s.offsets[u + 1];
    let total = 0;
    for (let i = a; i < b; i++) total += weighted ? s.weights[i] : 1;
    for (let i = a; i < b; i++) p[i] = total === 0 ? 0 : (weighted ? s.weights[i] : 1) / total;
  }
  return p;
}

/**
 * Constraint c(v) = Σ_j (p_vj + Σ_q p_vq·p_qj)² over v's neighbours j (q over v's neighbours).
 * High constraint: the contacts are tied to each other, so v brokers little.
 */
export function constraint(s: Csr, options: BurtOptions = {}): Float64Array {
  const p = proportions(s, options.weighted ?? false);
  const { n, offsets, targets } = s;
  const out = new Float64Array(n);
  // indirect[j] accumulates Σ_q p_vq·p_qj for the current v; touched entries are reset after.
  const indirect = new Float64Array(n);
  for (let v = 0; v < n; v++) {
    const a = offsets[v],
      b = offsets[v + 1];
    if (a === b) {
      out[v] = NaN;
      continue;
    }
    for (let i = a; i < b; i++) {
      const q = targets[i],
        pvq = p[i];
      for (let k = offsets[q]; k < offsets[q + 1]; k++) indirect[targets[k]] += pvq * p[k];
    }
    let c = 0;
    for (let i = a; i < b; i++) {
      const x = p[i] + indirect[targets[i]];
      c += x * x;
    }
    out[v] = c;
    for (let i = a; i < b; i++) {
      const q = targets[i];
      for (let k = offsets[q]; k < offsets[q + 1]; k++) indirect[targets[k]] = 0;
    }
  }
  return out;
}

/**
 * Effective size: the number of contacts minus their redundancy. Unweighted this is Borgatti's
 * d − 2t/d (t = ties among the contacts), as NetworkX; weighted it is NetworkX's general form
 * Σ_u (1 − Σ_w p_vw·m_uw) with m_uw = w_uw / max_x w_ux.
 */
export function effectiveSize(s: Csr, options: BurtOptions = {}): Float64Array {
  const weighted = options.weighted ?? false;
  const { n, offsets, targets, weights } = s;
  const out = new Float64Array(n);
  if (!weighted) {
    const tri = options.triangles ?? triangleCounts(s);
    for (let v = 0; v < n; v++) {
      const d = offsets[v + 1] - offsets[v];
      out[v] = d === 0 ? NaN : d - (2 * tri[v]) / d;
    }
    return out;
  }
  const p = proportions(s, true);
  const maxW = new Float64Array(n);
  for (let u = 0; u < n; u++) for (let i = offsets[u]; i < offsets[u + 1]; i++) maxW[u] = Math.max(maxW[u], weights[i]);
  for (let v = 0; v < n; v++) {
    if (offsets[v] === offsets[v + 1]) {
      out[v] = NaN;
      continue;
    }
    let size = 0;
    for (let i = offsets[v]; i < offsets[v + 1]; i++) {
      const u = targets[i];
      let redundancy = 0;
      for (let j = offsets[v]; j < offsets[v + 1]; j++) {
        const k = entryOf(s, u, targets[j]);
        if (k >= 0 && maxW[u] > 0) redundancy += p[j] * (weights[k] / maxW[u]);
      }
      size += 1 - redundancy;
    }
    out[v] = size;
  }
  return out;
}
