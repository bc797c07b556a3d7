/**
 * Leiden (Traag, Waltman & van Eck 2019, "From Louvain to Leiden: guaranteeing well-connected
 * communities") on CSR typed arrays. One iteration: fast local moving from the current partition,
 * refinement of each community (singletons merged, within the community only, into well-connected
 * sub-clusters, randomly among non-decreasing moves, θ = 0.01), aggregation on the *refined*
 * partition with each aggregate node starting in its unrefined community; repeated until a level
 * has one node per community. Iterations repeat from the result until one changes nothing.
 *
 * Both quality functions share one form, H = Σ_c [ w_c − r Σ_{u<v∈c} s_u s_v ] (up to constants):
 * modularity has node size s = strength and r = γ / 2m; CPM has s = number of original nodes and
 * r = γ. A move of v to C changes H by w(v, C) − r·s_v·S_C, which is all the phases need.
 */
import { type AccumulatorScratch, aggregateCsr, relabel, sumByGroup } from './aggregate-csr.ts';

export interface LeidenCsrInput {
  n: number;
  offsets: Uint32Array;
  targets: Uint32Array;
  /** Tie strength per adjacency entry; null counts every tie as 1. */
  weights: Float64Array | null;
}

export interface LeidenCsrOptions {
  /** 'modularity' (default) or 'cpm' (constant Potts model). */
  quality?: 'modularity' | 'cpm';
  /** Resolution γ (default 1). */
  resolution?: number;
  /** Randomness of the refinement (default 0.01, as leidenalg and igraph). */
  theta?: number;
  /** Iterations at most; stops earlier when one leaves the partition unchanged (default 10). */
  maxIterations?: number;
  /**
   * Also stop when an iteration raised the quality by less than this share of it (default 1e-3):
   * later iterations then add little (on a 100k/500k ecosystem graph about 0.0004 of modularity
   * each) at the full cost of one. 0 iterates until the partition is unchanged or maxIterations.
   */
  tolerance?: number;
  /** Random source (required: the caller seeds it). */
  rng: () => number;
}

export interface LeidenCsrResult {
  /** Community of each node, 0…k−1 (arbitrary order). */
  membership: Int32Array;
  iterations: number;
  /** Quality H after each iteration (the internal form: Σ_c [w_c − r·S_c²/2], w_c counted once). */
  trace: number[];
}

/** One level: CSR without self-loops, node sizes. */
interface Level {
  n: number;
  offsets: Uint32Array;
  targets: Uint32Array;
  weights: Float64Array;
  size: Float64Array;
}

/** Work arrays sized for the first level, reused by every level and iteration (no per-level garbage). */
interface Scratch extends AccumulatorScratch {
  order: Int32Array;
  f1: Float64Array;
  f2: Float64Array;
  f3: Float64Array;
  f4: Float64Array;
  i1: Int32Array;
  u1: Uint8Array;
  /** Two edge buffers the aggregated levels alternate between (a level reads one, writes the other). */
  edges: [{ targets: Uint32Array; weights: Float64Array }, { targets: Uint32Array; weights: Float64Array }];
  next: 0 | 1;
}

export function leidenCsr(input: LeidenCsrInput, options: LeidenCsrOptions): LeidenCsrResult {
  const n0 = input.n;
  const quality = options.quality ?? 'modularity';
  const gamma = options.resolution ?? 1;
  const theta = options.theta ?? 0.01;
  const maxIterations = Math.max(1, options.maxIterations ?? 10);
  const tolerance = options.tolerance ?? 1e-3;
  const rng = options.rng;
  const weights = input.weights ?? new Float64Array(input.targets.length).fill(1);
  const size0 = new Float64Array(n0);
  let m2 = 0;
  for (let v = 0; v < n0; v++) {
    let k = 0;
    for (let i = input.offsets[v]; i < input.offsets[v + 1]; i++) k += weights[i];
    size0[v] = quality === 'modularity' ? k : 1;
    m2 += k;
  }
  const membership = new Int32Array(n0);
  for (let v = 0; v < n0; v++) membership[v] = v;
  if (m2 === 0) return { membership, iterations: 0, trace: [] };
  const r = quality === 'modularity' ? gamma / m2 : gamma;
  const E = input.targets.length;
  const sc: Scratch = {
    neighW: new Float64Array(n0),
    stamp: new Uint32Array(n0),
    touched: new Int32Array(n0),
    tick: 0,
    order: new Int32Array(n0),
    f1: new Float64Array(n0),
    f2: new Float64Array(n0),
    f3: new Float64Array(n0),
    f4: new Float64Array(n0),
    i1: new Int32Array(n0),
    u1: new Uint8Array(n0),
    edges: [
      { targets: new Uint32Array(E), weights: new Float64Array(E) },
      { targets: new Uint32Array(E), weights: new Float64Array(E) },
    ],
    next: 0,
  };
  const base: Level = { n: n0, offsets: input.offsets, targets: input.targets, weights, size: size0 };

  let iterations = 0;
  const trace: number[] = [];
  for (; iterations < maxIterations; ) {
    iterations++;
    const before = membership.slice();
    let g = base;
    sc.next = 0;
    // node (of the current level) → its original nodes are tracked through `membership` as level labels
    const levelOf = new Int32Array(n0);
    for (let v = 0; v < n0; v++) levelOf[v] = v;
    let part = membership.slice(); // partition of level-0 nodes to start from
    for (;;) {
      moveNodes(g, r, rng, part, sc);
      const k = relabel(part);
      if (k === g.n) break; // every community is one node: done
      const refined = refine(g, r, theta, rng, part, k, sc);
      let kr = relabel(refined);
      // Refinement merged nothing: aggregate on the unrefined partition, or the level never shrinks.
      const aggBy = kr === g.n ? part : refined;
      if (kr === g.n) kr = k;
      const nextPart = new Int32Array(kr);
      for (let v = 0; v < g.n; v++) nextPart[aggBy[v]] = part[v];
      for (let v = 0; v < n0; v++) levelOf[v] = aggBy[levelOf[v]];
      g = aggregate(g, aggBy, kr, sc);
      part = nextPart;
    }
    for (let v = 0; v < n0; v++) membership[v] = part[levelOf[v]];
    relabel(membership);
    trace.push(levelQuality(base, membership, r, sc));
    if (samePartition(before, membership)) break;
    const gain = trace.length > 1 ? trace[trace.length - 1] - trace[trace.length - 2] : Infinity;
    if (gain < tolerance * Math.abs(trace[trace.length - 1])) break;
  }
  return { membership, iterations, trace };
}

/** H = Σ_c [w_c − r·S_c²/2] (w_c: tie weight inside c, each tie once), the form every move is scored in, up to a constant. */
function levelQuality(g: Level, comm: Int32Array, r: number, sc: Scratch): number {
  const { n, offsets, targets, weights, size } = g;
  const tot = sc.f1.fill(0, 0, n);
  let inside = 0;
  for (let v = 0; v < n; v++) {
    tot[comm[v]] += size[v];
    for (let i = offsets[v], end = offsets[v + 1]; i < end; i++) if (comm[targets[i]] === comm[v]) inside += weights[i];
  }
  let h = inside / 2;
  for (let c = 0; c < n; c++) h -= (r * tot[c] * tot[c]) / 2;
  return h;
}

/** 0…n−1 in a random order: the same Fisher–Yates draws as util/random's shuffle, into a reused array. */
function shuffledRange(n: number, rng: () => number, out: Int32Array): Int32Array {
  for (let i = 0; i < n; i++) out[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = out[i];
    out[i] = out[j];
    out[j] = t;
  }
  return out;
}

/**
 * Fast local moving (queue of nodes whose neighbourhood changed), from the partition in `comm`.
 * A node may also leave for an empty community. Community ids stay below g.n.
 */
function moveNodes(g: Level, r: number, rng: () => number, comm: Int32Array, sc: Scratch): void {
  const { n, offsets, targets, weights, size } = g;
  const { neighW, stamp, touched } = sc;
  const tot = sc.f1.fill(0, 0, n);
  const members = sc.i1.fill(0, 0, n);
  for (let v = 0; v < n; v++) {
    tot[comm[v]] += size[v];
    members[comm[v]]++;
  }
  const empty: number[] = [];
  for (let c = n - 1; c >= 0; c--) if (members[c] === 0) empty.push(c);
  const queue = shuffledRange(n, rng, sc.order);
  const queued = sc.u1.fill(1, 0, n);
  let head = 0,
    count = n;
  while (count > 0) {
    const v = queue[head];
    head = head + 1 === n ? 0 : head + 1;
    count--;
    queued[v] = 0;
    const sv = size[v];
    const cv = comm[v];
    const tick = ++sc.tick;
    let nt = 0;
    for (let i = offsets[v], end = offsets[v + 1]; i < end; i++) {
      const c = comm[targets[i]];
      if (stamp[c] !== tick) {
        stamp[c] = tick;
        neighW[c] = 0;
        touched[nt++] = c;
      }
      neighW[c] += weights[i];
    }
    tot[cv] -= sv;
    members[cv]--;
    const own = (stamp[cv] === tick ? neighW[cv] : 0) - r * tot[cv] * sv;
    let best = cv,
      bestGain = own;
    for (let j = 0; j < nt; j++) {
      const c = touched[j];
      if (c === cv) continue;
      const gain = neighW[c] - r * tot[c] * sv;
      if (gain > bestGain) {
        bestGain = gain;
        best = c;
      }
    }
    // Alone (an empty community) gains 0: better when every community costs more than it brings.
    if (bestGain < 0 && members[cv] > 0 && empty.length > 0) {
      best = empty[empty.length - 1];
      bestGain = 0;
    }
    if (best !== cv && bestGain - own > 1e-12 * (Math.abs(bestGain) + Math.abs(own) + sv * sv * r)) {
      if (best === empty[empty.length - 1] && members[best] === 0) empty.pop();
      comm[v] = best;
      tot[best] += sv;
      members[best]++;
      if (members[cv] === 0) empty.push(cv);
      for (let i = offsets[v], end = offsets[v + 1]; i < end; i++) {
        const u = targets[i];
        if (!queued[u] && comm[u] !== best) {
          queued[u] = 1;
          let tail = head + count;
          if (tail >= n) tail -= n;
          queue[tail] = u;
          count++;
        }
      }
    } else {
      tot[cv] += sv;
      members[cv]++;
    }
  }
}

/**
 * Refinement: inside each community S, start from singletons and visit the nodes in random order;
 * a node still alone and well connected to S (w(v, S−v) ≥ r·s_v·(S_S − s_v)) joins a
 * well-connected sub-cluster of S (same test for the cluster), chosen with probability ∝
 * exp(ΔH/θ) among moves with ΔH ≥ 0. Sub-clusters are therefore connected.
 */
function refine(g: Level, r: number, theta: number, rng: () => number, part: Int32Array, k: number, sc: Scratch): Int32Array {
  const { n, offsets, targets, weights, size } = g;
  const { neighW, stamp, touched } = sc;
  const refined = new Int32Array(n);
  const clusterSize = sc.f1.subarray(0, n);
  const clusterExt = sc.f2.subarray(0, n); // weight from the cluster to the rest of its community
  const alone = sc.u1.fill(1, 0, n);
  const partSize = sc.f3.fill(0, 0, k);
  for (let v = 0; v < n; v++) {
    refined[v] = v;
    clusterSize[v] = size[v];
    partSize[part[v]] += size[v];
    let ext = 0;
    for (let i = offsets[v], end = offsets[v + 1]; i < end; i++) if (part[targets[i]] === part[v]) ext += weights[i];
    clusterExt[v] = ext;
  }
  const order = shuffledRange(n, rng, sc.order);
  const cand = sc.i1;
  const prob = sc.f4;
  for (let oi = 0; oi < n; oi++) {
    const v = order[oi];
    if (!alone[v]) continue; // someone joined v's cluster
    const S = part[v];
    const sv = size[v];
    if (clusterExt[v] < r * sv * (partSize[S] - sv)) continue; // not well connected to its community
    const tick = ++sc.tick;
    let nt = 0;
    for (let i = offsets[v], end = offsets[v + 1]; i < end; i++) {
      const u = targets[i];
      if (part[u] !== S) continue;
      const c = refined[u];
      if (stamp[c] !== tick) {
        stamp[c] = tick;
        neighW[c] = 0;
        touched[nt++] = c;
      }
      neighW[c] += weights[i];
    }
    // Candidates: well-connected clusters with ΔH ≥ 0; staying alone (ΔH = 0) is always one.
    let nc = 0;
    let maxGain = 0;
    cand[nc] = v;
    prob[nc++] = 0;
    for (let j = 0; j < nt; j++) {
      const c = touched[j];
      if (c === v) continue;
      if (clusterExt[c] < r * clusterSize[c] * (partSize[S] - clusterSize[c])) continue;
      const gain = neighW[c] - r * sv * clusterSize[c];
      if (gain < 0) continue;
      cand[nc] = c;
      prob[nc++] = gain;
      if (gain > maxGain) maxGain = gain;
    }
    if (nc === 1) continue;
    let total = 0;
    for (let j = 0; j < nc; j++) {
      prob[j] = Math.exp((prob[j] - maxGain) / theta);
      total += prob[j];
    }
    let x = rng() * total;
    let chosen = cand[nc - 1];
    for (let j = 0; j < nc; j++) {
      x -= prob[j];
      if (x <= 0) {
        chosen = cand[j];
        break;
      }
    }
    if (chosen === v) continue;
    const wvc = neighW[chosen];
    refined[v] = chosen;
    alone[v] = 0;
    alone[chosen] = 0;
    clusterExt[chosen] += clusterExt[v] - 2 * wvc;
    clusterSize[chosen] += sv;
    clusterSize[v] = 0;
  }
  // Clusters are named by a member node; every member points at the cluster name directly.
  return refined;
}

function samePartition(a: Int32Array, b: Int32Array): boolean {
  // Both labelled in order of first appearance, so equal partitions have equal arrays.
  for (let v = 0; v < a.length; v++) if (a[v] !== b[v]) return false;
  return true;
}

/** The super-graph of `comm` (k groups): ties between groups summed, ties inside dropped (constant for every move). */
function aggregate(g: Level, comm: Int32Array, k: number, sc: Scratch): Level {
  // Written into the edge buffer this level does not read from (level 0 reads the input's arrays).
  const out = sc.edges[sc.next];
  sc.next = sc.next === 0 ? 1 : 0;
  const { offsets, targets, weights } = aggregateCsr(g, comm, k, sc, { out });
  return { n: k, offsets, targets, weights, size: sumByGroup(comm, g.size, g.n, k) };
}

/**
 * γ-separation (Traag et al.'s guarantee after each iteration): no two communities would raise the
 * quality by merging, w(C, D) − r·S_C·S_D ≤ 0 for every adjacent pair. Returns the pairs that
 * would (0 when the partition is γ-separated). O(m) with a map of community pairs.
 */
export function gammaViolations(input: LeidenCsrInput, membership: Int32Array, options: { quality?: 'modularity' | 'cpm'; resolution?: number } = {}): number {
  const quality = options.quality ?? 'modularity';
  const gamma = options.resolution ?? 1;
  const weights = input.weights;
  let k = 0;
  for (let v = 0; v < input.n; v++) if (membership[v] + 1 > k) k = membership[v] + 1;
  const size = new Float64Array(k);
  let m2 = 0;
  const between = new Map<number, number>();
  for (let u = 0; u < input.n; u++) {
    const cu = membership[u];
    let s = 0;
    for (let i = input.offsets[u]; i < input.offsets[u + 1]; i++) {
      const w = weights ? weights[i] : 1;
      s += w;
      const cv = membership[input.targets[i]];
      if (cu < cv) between.set(cu * k + cv, (between.get(cu * k + cv) ?? 0) + w);
    }
    m2 += s;
    size[cu] += quality === 'modularity' ? s : 1;
  }
  const r = quality === 'modularity' ? gamma / m2 : gamma;
  let bad = 0;
  for (const [key, w] of between) {
    const c = Math.floor(key / k),
      d = key % k;
    if (w - r * size[c] * size[d] > 1e-9 * (w + 1)) bad++;
  }
  return bad;
}
