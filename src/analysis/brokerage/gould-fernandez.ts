/**
 * Gould–Fernandez brokerage roles (Gould & Fernandez 1989), with R `sna::brokerage` conventions:
 * v brokers the two-path a → v → b (a ≠ b) when a ↛ b; the groups of a, v, b name the role.
 * Ties are undirected here, so every tie counts in both directions (as sna on a symmetric
 * adjacency matrix): an open pair {a, b} of v's neighbours is the two two-paths a→v→b and b→v→a.
 * Expectations and standard deviations are sna's, under a random digraph of the same density
 * d = 2m / (N(N − 1)), by the broker's group size.
 */
import type { Snapshot } from '../../graph/snapshot.ts';
import { BROKERAGE_ROLES, type BrokerageRole } from '../registry.ts';

export type BrokerageCounts = Record<BrokerageRole, number>;

export interface BrokerageResult {
  /** Raw role counts per node (by snapshot index). */
  counts: BrokerageCounts[];
  /** sna `exp.nli` / `sd.nli` / `z.nli`: z is null where sd is 0 (sna gives NaN or ±Inf). */
  expected: BrokerageCounts[];
  sd: BrokerageCounts[];
  z: Record<BrokerageRole, number | null>[];
  /** Whole-network totals (sna `raw.gli`, `exp.gli`, `sd.gli`, `z.gli`). */
  graph: { observed: BrokerageCounts; expected: BrokerageCounts; sd: BrokerageCounts; z: Record<BrokerageRole, number | null> };
  /** Group labels (`groups[code]`) and sizes; nodes without a value form the group null. */
  groups: (string | null)[];
  groupSizes: number[];
}

const zero = (): BrokerageCounts => ({ coordinator: 0, itinerant: 0, gatekeeper: 0, representative: 0, liaison: 0, total: 0 });
const zOf = (x: number, e: number, sd: number): number | null => {
  const z = (x - e) / sd;
  return Number.isFinite(z) ? z : null;
};
const choose2 = (x: number) => (x * (x - 1)) / 2;

/**
 * Brokerage of every node by the group labels `labels[v]` (undefined = "no value", one group of
 * its own, as sna treats NA as a class). O(Σ_v Σ_{u∈N(v)} (deg u + deg v)).
 */
export function gouldFernandez(s: Snapshot, labels: readonly (string | undefined)[]): BrokerageResult {
  const n = s.n;
  const codeOf = new Map<string | null, number>();
  const groups: (string | null)[] = [];
  const g = new Int32Array(n);
  for (let v = 0; v < n; v++) {
    const key = labels[v] === undefined || labels[v] === '' ? null : labels[v]!;
    let c = codeOf.get(key);
    if (c === undefined) {
      c = groups.length;
      codeOf.set(key, c);
      groups.push(key);
    }
    g[v] = c;
  }
  const G = groups.length;
  const size = new Array<number>(G).fill(0);
  for (let v = 0; v < n; v++) size[g[v]]++;

  const { offsets, targets } = s;
  const stamp = new Int32Array(n).fill(-1);
  const counts: BrokerageCounts[] = [];
  for (let v = 0; v < n; v++) {
    const c = zero();
    const gv = g[v];
    for (let i = offsets[v]; i < offsets[v + 1]; i++) {
      const a = targets[i];
      // Mark a's neighbours, then every later neighbour b of v not tied to a is an open pair.
      for (let x = offsets[a]; x < offsets[a + 1]; x++) stamp[targets[x]] = a;
      for (let j = i + 1; j < offsets[v + 1]; j++) {
        const b = targets[j];
        if (stamp[b] === a) continue;
        const ga = g[a],
          gb = g[b];
        if (ga === gv && gb === gv) c.coordinator += 2;
        else if (ga === gb)
          c.itinerant += 2; // both outside v's group, the same group
        else if (ga === gv || gb === gv) {
          c.representative++;
          c.gatekeeper++;
        } // in→out one way, out→in the other
        else c.liaison += 2;
      }
    }
    c.total = c.coordinator + c.itinerant + c.gatekeeper + c.representative + c.liaison;
    counts.push(c);
  }

  // sna's moments under a density-d random digraph (its m counts directed ties: 2 per undirected tie).
  const N = n;
  const d = N > 1 ? (2 * s.m) / (N * (N - 1)) : 0;
  const p = d * d * (1 - d);
  const q3 = d ** 3 * (1 - d) ** 3;
  const exp: BrokerageCounts[] = [];
  const sdv: BrokerageCounts[] = [];
  for (let i = 0; i < G; i++) {
    const ni = size[i];
    let o2 = 0,
      o3 = 0,
      sumO = 0,
      sumO2 = 0,
      lia = 0;
    for (let j = 0; j < G; j++) {
      if (j === i) continue;
      const nj = size[j];
      o2 += nj * (nj - 1);
      o3 += nj * (nj - 1) * (nj - 2);
      sumO += nj;
      sumO2 += nj * nj;
      lia += nj * choose2(N - nj - ni);
    }
    const e: BrokerageCounts = zero(),
      va: BrokerageCounts = zero();
    e.coordinator = p * (ni - 1) * (ni - 2);
    va.coordinator = e.coordinator * (1 - p) + 2 * (ni - 1) * (ni - 2) * (ni - 3) * q3;
    e.itinerant = p * o2;
    va.itinerant = e.itinerant * (1 - p) + 2 * o3 * q3;
    e.representative = p * (N - ni) * (ni - 1);
    va.representative = e.representative * (1 - p) + 2 * ((ni - 1) * choose2(N - ni) + (N - ni) * choose2(ni - 1)) * q3;
    e.gatekeeper = e.representative;
    va.gatekeeper = va.representative;
    e.liaison = p * (sumO * sumO - sumO2);
    va.liaison = e.liaison * (1 - p) + 4 * lia * q3;
    e.total = p * (N - 1) * (N - 2);
    va.total = e.total * (1 - p) + 2 * (N - 1) * (N - 2) * (N - 3) * q3;
    exp.push(e);
    const sd = zero();
    for (const r of BROKERAGE_ROLES) sd[r] = Math.sqrt(va[r]);
    sdv.push(sd);
  }
  const expected = Array.from({ length: n }, (_, v) => exp[g[v]]);
  const sd = Array.from({ length: n }, (_, v) => sdv[g[v]]);
  const z = counts.map((c, v) => {
    const out = {} as Record<BrokerageRole, number | null>;
    for (const r of BROKERAGE_ROLES) out[r] = zOf(c[r], expected[v][r], sd[v][r]);
    return out;
  });
  return { counts, expected, sd, z, graph: graphLevel(counts, size, N, d), groups, groupSizes: size };
}

/** sna's aggregate (`gli`) moments: expectation and variance of the network's total per role. */
function graphLevel(counts: BrokerageCounts[], n: number[], N: number, d: number): BrokerageResult['graph'] {
  const observed = zero();
  for (const c of counts) for (const r of BROKERAGE_ROLES) observed[r] += c[r];
  const p = d * d * (1 - d);
  const q3 = d ** 3 * (1 - d) ** 3,
    q4 = d ** 4 * (1 - d) ** 2,
    q5 = d ** 5 * (1 - d);
  const sum = (f: (x: number) => number) => n.reduce((acc, x) => acc + f(x), 0);
  const e = zero(),
    va = zero();
  e.coordinator = p * sum((x) => x * (x - 1) * (x - 2));
  va.coordinator = e.coordinator * (1 - p) + sum((x) => x * (x - 1) * (x - 2) * ((4 * x - 10) * q3 - 4 * (x - 3) * q4 + (x - 3) * q5));
  e.itinerant = p * sum((x) => x * (N - x) * (x - 1));
  let outerI = 0;
  for (const x of n) for (const y of n) outerI += x * y * (x - 1) * ((2 * x + 2 * y - 6) * q3 + (N - x - 1) * q5);
  va.itinerant = e.itinerant * (1 - p) + outerI - sum((x) => x * x * (x - 1) * ((4 * x - 6) * q3 + (N - x - 1) * q5));
  e.representative = p * sum((x) => x * (N - x) * (x - 1));
  va.representative = e.representative * (1 - p) + sum((x) => x * (N - x) * (x - 1) * ((N - 3) * q3 + (x - 2) * q5));
  e.gatekeeper = e.representative;
  va.gatekeeper = va.representative;
  let outerL = 0;
  for (const x of n) for (const y of n) outerL += x * y * (N - x - y);
  e.liaison = p * (outerL - sum((x) => x * x * (N - 2 * x)));
  va.liaison = e.liaison * (1 - p);
  // Σ over ordered triples of distinct groups (sna's triple loop), in O(G²) per broker group would
  // need algebra; groupings have few groups, so the direct O(G³) loop is kept below a bound.
  const G = n.length;
  if (G <= 200) {
    for (let i = 0; i < G; i++)
      for (let j = 0; j < G; j++) {
        if (i === j) continue;
        for (let k = 0; k < G; k++) {
          if (k === i || k === j) continue;
          va.liaison +=
            n[i] * n[j] * n[k] * ((4 * (N - n[j]) - 2 * (n[i] + n[k] + 1)) * q3 - (4 * (N - n[k]) - 2 * (n[i] + n[j] + 1)) * q4 + (N - (n[i] + n[k] + 1)) * q5);
        }
      }
  } else va.liaison = NaN;
  e.total = p * N * (N - 1) * (N - 2);
  va.total = e.total * (1 - p) + N * (N - 1) * (N - 2) * ((4 * N - 10) * q3 - 4 * (N - 3) * q4 + (N - 3) * q5);
  const sd = zero();
  const z = {} as Record<BrokerageRole, number | null>;
  for (const r of BROKERAGE_ROLES) {
    sd[r] = Math.sqrt(va[r]);
    z[r] = zOf(observed[r], e[r], sd[r]);
  }
  return { observed, expected: e, sd, z };
}
