import { describe, expect, it } from 'vitest';
import { UndirectedGraph } from 'graphology';
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { buildSnapshot, type Snapshot } from '../../src/graph/snapshot.ts';
import { betweenness, betweennessWithProfile, planBetweenness } from '../../src/analysis/centrality/betweenness.ts';
import { betweennessParallel, betweennessWithProfileParallel, distanceProfileParallel } from '../../src/analysis/centrality/betweenness-parallel.ts';
import { bfsRenumbering } from '../../src/analysis/centrality/renumber.ts';
import { distanceProfile } from '../../src/analysis/structure/paths.ts';
import { createRng } from '../../src/util/random.ts';
import { datasetFromEdges, expectedVector, loadReference, maxAbsDiff, REFERENCE_NETWORKS } from './reference-helpers.ts';

/**
 * Obviously-correct betweenness from the definition: hop distances and path counts from every
 * node, then bc(v) = Σ over sources s in `sources`, targets t ≠ s, v of σ_sv·σ_vt/σ_st where v lies
 * on a shortest s–t path. Counts ordered pairs (each unordered pair twice when all nodes are sources).
 */
function naiveDependencies(s: Snapshot, sources: ArrayLike<number>): Float64Array {
  const n = s.n;
  const dist: number[][] = [],
    sigma: number[][] = [];
  for (let a = 0; a < n; a++) {
    const d = new Array<number>(n).fill(Infinity),
      c = new Array<number>(n).fill(0);
    d[a] = 0;
    c[a] = 1;
    let frontier = [a];
    while (frontier.length) {
      const next: number[] = [];
      for (const u of frontier) {
        for (let i = s.offsets[u]; i < s.offsets[u + 1]; i++) {
          const w = s.targets[i];
          if (d[w] === Infinity) {
            d[w] = d[u] + 1;
            next.push(w);
          }
          if (d[w] === d[u] + 1) c[w] += c[u];
        }
      }
      frontier = next;
    }
    dist.push(d);
    sigma.push(c);
  }
  const bc = new Float64Array(n);
  for (let k = 0; k < sources.length; k++) {
    const a = sources[k];
    for (let t = 0; t < n; t++) {
      if (t === a || dist[a][t] === Infinity) continue;
      for (let v = 0; v < n; v++) {
        if (v === a || v === t) continue;
        if (dist[a][v] + dist[v][t] === dist[a][t]) bc[v] += (sigma[a][v] * sigma[v][t]) / sigma[a][t];
      }
    }
  }
  return bc;
}

function randomGraph(seed: number, n: number, m: number): Snapshot {
  const rng = createRng(seed);
  const edges: [string, string][] = [];
  for (let i = 0; i < m; i++) {
    const a = Math.floor(rng() * n),
      b = Math.floor(rng() * n);
    edges.push([`v${a}`, `v${b}`]);
  }
  const isolated = Array.from({ length: n }, (_, i) => `v${i}`);
  return buildSnapshot(datasetFromEdges(edges, isolated));
}

// graphology-metrics is CommonJS; its default-export typings do not line up under NodeNext.
const betweennessCentrality = createRequire(import.meta.url)('graphology-metrics/centrality/betweenness') as (
  graph: UndirectedGraph,
  options: { getEdgeWeight: string; normalized: boolean },
) => Record<string, number>;

const byId = (s: Snapshot, values: Float64Array) => Object.fromEntries(s.ids.map((id, i) => [id, values[i]]));

describe('betweenness against NetworkX reference networks', () => {
  for (const name of REFERENCE_NETWORKS) {
    it(`${name}: normalised and raw agree to 1e-6`, () => {
      const { snapshot, expected } = loadReference(name);
      expect(maxAbsDiff(betweenness(snapshot), expectedVector(snapshot, expected, 'betweenness'))).toBeLessThan(1e-6);
      expect(maxAbsDiff(betweenness(snapshot, { normalized: false }), expectedVector(snapshot, expected, 'betweennessRaw'))).toBeLessThan(1e-6);
    });
  }
});

describe('betweenness on hand-checked graphs', () => {
  it('star: the centre lies on every pair of leaves', () => {
    const s = buildSnapshot(
      datasetFromEdges([
        ['c', 'a'],
        ['c', 'b'],
        ['c', 'd'],
        ['c', 'e'],
      ]),
    );
    const raw = byId(s, betweenness(s, { normalized: false }));
    expect(raw.c).toBe(6); // C(4,2) leaf pairs
    expect(raw.a).toBe(0);
    expect(byId(s, betweenness(s)).c).toBeCloseTo(1, 12);
  });

  it('path a-b-c-d: inner nodes carry 2 pairs each', () => {
    const s = buildSnapshot(
      datasetFromEdges([
        ['a', 'b'],
        ['b', 'c'],
        ['c', 'd'],
      ]),
    );
    expect(byId(s, betweenness(s, { normalized: false }))).toEqual({ a: 0, b: 2, c: 2, d: 0 });
  });

  it('two triangles joined by a bridge: bridge ends carry the cross pairs', () => {
    const s = buildSnapshot(
      datasetFromEdges([
        ['a', 'b'],
        ['b', 'c'],
        ['a', 'c'],
        ['c', 'd'],
        ['d', 'e'],
        ['e', 'f'],
        ['d', 'f'],
      ]),
    );
    const raw = byId(s, betweenness(s, { normalized: false }));
    expect(raw.c).toBe(6); // {a,b} × {d,e,f}
    expect(raw.d).toBe(6);
    expect(raw.a).toBe(0);
  });

  it('disconnected pieces, isolates, ids like __proto__, and parallel edges merged', () => {
    const s = buildSnapshot(
      datasetFromEdges(
        [
          ['__proto__', 'constructor'],
          ['constructor', 'x y'],
          ['constructor', 'x y'],
          ['p', 'q'],
          ['q', 'r'],
        ],
        ['alone', 'Šiauliai'],
      ),
    );
    const raw = byId(s, betweenness(s, { normalized: false }));
    expect(raw.constructor).toBe(1);
    expect(raw.q).toBe(1);
    expect(raw.alone).toBe(0);
    expect(raw['Šiauliai']).toBe(0);
    // Normalised over all n = 8 nodes, as NetworkX does for disconnected graphs.
    expect(byId(s, betweenness(s)).q).toBeCloseTo(2 / (7 * 6), 12);
  });

  it('tiny graphs do not divide by zero', () => {
    const s = buildSnapshot(datasetFromEdges([['a', 'b']]));
    expect([...betweenness(s)]).toEqual([0, 0]);
    const empty = buildSnapshot({ nodes: [], edges: [] });
    expect(betweenness(empty).length).toBe(0);
  });
});

describe('optimised Brandes against the definition', () => {
  it('matches the naive computation on seeded random graphs', () => {
    for (let seed = 1; seed <= 12; seed++) {
      const s = randomGraph(seed, 20 + seed * 3, 30 + seed * 8);
      const naive = naiveDependencies(
        s,
        Array.from({ length: s.n }, (_, i) => i),
      ).map((x) => x / 2);
      expect(maxAbsDiff(betweenness(s, { normalized: false }), [...naive])).toBeLessThan(1e-9);
    }
  });

  it('samples: Brandes–Pich estimate is the pivots’ dependencies scaled by n/k, reproducible by seed', () => {
    const s = randomGraph(99, 60, 150);
    const k = 15;
    const plan = planBetweenness(s.n, { samples: k, seed: 7, normalized: false });
    expect(plan.exact).toBe(false);
    expect(plan.sources.length).toBe(k);
    expect(new Set(plan.sources).size).toBe(k);
    const expected = naiveDependencies(s, plan.sources).map((x) => (x / 2) * (s.n / k));
    const got = betweenness(s, { samples: k, seed: 7, normalized: false });
    expect(maxAbsDiff(got, [...expected])).toBeLessThan(1e-9);
    expect([...betweenness(s, { samples: k, seed: 7, normalized: false })]).toEqual([...got]);
    expect([...betweenness(s, { samples: k, seed: 8, normalized: false })]).not.toEqual([...got]);
    // k ≥ n is the exact computation.
    expect([...betweenness(s, { samples: s.n })]).toEqual([...betweenness(s)]);
    expect(() => betweenness(s, { samples: 0 })).toThrow(/samples/);
  });
});

describe('weighted paths (length = 1/weight)', () => {
  it('agrees with graphology-metrics Dijkstra betweenness on small weighted graphs', () => {
    const rng = createRng(5);
    for (let trial = 0; trial < 6; trial++) {
      const edges: [string, string, number][] = [];
      const seen = new Set<string>();
      for (let i = 0; i < 60; i++) {
        const a = Math.floor(rng() * 25),
          b = Math.floor(rng() * 25);
        const key = `${Math.min(a, b)}-${Math.max(a, b)}`;
        // Powers of two (and no merged parallels) keep 1/w exact, so ties cannot differ between implementations.
        if (!seen.has(key)) {
          seen.add(key);
          edges.push([`n${a}`, `n${b}`, 2 ** Math.floor(rng() * 3)]);
        }
      }
      const s = buildSnapshot(datasetFromEdges(edges));
      const g = new UndirectedGraph();
      for (let v = 0; v < s.n; v++) g.addNode(String(v));
      for (let u = 0; u < s.n; u++)
        for (let i = s.offsets[u]; i < s.offsets[u + 1]; i++) {
          if (u < s.targets[i]) g.addEdge(String(u), String(s.targets[i]), { length: 1 / s.weights[i] });
        }
      const ref = betweennessCentrality(g, { getEdgeWeight: 'length', normalized: true });
      const expected = Array.from({ length: s.n }, (_, v) => ref[String(v)]);
      expect(maxAbsDiff(betweenness(s, { weightedPaths: true }), expected)).toBeLessThan(1e-9);
    }
  });

  it('a strong two-step detour beats a weak direct tie', () => {
    // a–c weak (length 1), a–b–c strong (lengths 0.25 + 0.25): b carries the a–c pair.
    const s = buildSnapshot(
      datasetFromEdges([
        ['a', 'c', 1],
        ['a', 'b', 4],
        ['b', 'c', 4],
      ]),
    );
    expect(byId(s, betweenness(s, { weightedPaths: true, normalized: false })).b).toBe(1);
    expect(byId(s, betweenness(s, { normalized: false })).b).toBe(0);
  });
});

describe('distance profile from the betweenness traversals', () => {
  it('equals the stand-alone distance profile, hop counts and weighted; none when sampled', () => {
    const s = randomGraph(21, 300, 700);
    for (const weightedPaths of [false, true]) {
      const { betweenness: b, profile } = betweennessWithProfile(s, { weightedPaths });
      expect([...b]).toEqual([...betweenness(s, { weightedPaths })]);
      const ref = distanceProfile(s, { weightedPaths });
      for (const key of ['sum', 'reach', 'inverseSum', 'eccentricity'] as const) expect([...profile![key]], key).toEqual([...ref[key]]);
    }
    expect(betweennessWithProfile(s, { samples: 10 }).profile).toBeNull();
  });
});

describe('breadth-first renumbering (memory locality)', () => {
  const PROFILE_KEYS = ['sum', 'reach', 'inverseSum', 'eccentricity'] as const;

  it('renames every node once and keeps every tie, each row in its order', () => {
    const s = randomGraph(5, 500, 900); // several components and isolated nodes
    const { g, perm } = bfsRenumbering(s);
    expect([...perm].sort((a, b) => a - b)).toEqual([...Array(s.n).keys()]);
    for (let v = 0; v < s.n; v++) {
      const nv = perm[v];
      const row = [...s.targets.subarray(s.offsets[v], s.offsets[v + 1])].map((w) => perm[w]);
      expect([...g.targets.subarray(g.offsets[nv], g.offsets[nv + 1])]).toEqual(row);
      expect([...g.weights.subarray(g.offsets[nv], g.offsets[nv + 1])]).toEqual([...s.weights.subarray(s.offsets[v], s.offsets[v + 1])]);
    }
    // The highest-degree node comes first, its neighbours next.
    let top = 0;
    for (let v = 0; v < s.n; v++) if (s.offsets[v + 1] - s.offsets[v] > s.offsets[top + 1] - s.offsets[top]) top = v;
    expect(perm[top]).toBe(0);
  });

  it('gives bit-identical betweenness and distance profiles, hop counts, weighted and sampled', () => {
    const s = randomGraph(6, 400, 1100);
    for (const weightedPaths of [false, true]) {
      const plain = betweennessWithProfile(s, { weightedPaths, renumber: false });
      const renumbered = betweennessWithProfile(s, { weightedPaths, renumber: true });
      expect([...renumbered.betweenness]).toEqual([...plain.betweenness]);
      for (const key of PROFILE_KEYS) expect([...renumbered.profile![key]], key).toEqual([...plain.profile![key]]);
      const options = { weightedPaths, samples: 50, seed: 4 };
      expect([...betweenness(s, { ...options, renumber: true })]).toEqual([...betweenness(s, { ...options, renumber: false })]);
    }
  });

  it('is on by default from 50,000 nodes, with the same numbers', () => {
    const s = randomGraph(7, 60_000, 150_000);
    const options = { samples: 10, seed: 2, normalized: false };
    const auto = betweenness(s, options);
    expect([...auto]).toEqual([...betweenness(s, { ...options, renumber: false })]);
    expect(auto.some((x) => x > 0)).toBe(true);
  });
});

// Each call below starts worker threads (a TypeScript boot each), so the cases are few and combined.
describe('betweennessParallel', () => {
  it('gives bit-identical results to the in-thread version, whatever the thread count', async () => {
    const s = randomGraph(3, 400, 1600);
    const seq = betweennessWithProfile(s);
    const two = await betweennessWithProfileParallel(s, { threads: 2, minWork: 0 });
    expect([...two.betweenness]).toEqual([...seq.betweenness]);
    for (const key of ['sum', 'reach', 'inverseSum', 'eccentricity'] as const) expect([...two.profile![key]], key).toEqual([...seq.profile![key]]);
    const wSeq = betweenness(s, { weightedPaths: true, samples: 100, seed: 3 });
    const wPar = await betweennessParallel(s, { weightedPaths: true, samples: 100, seed: 3, threads: 3, minWork: 0 });
    expect([...wPar]).toEqual([...wSeq]);
    // Renumbered (the arrays the workers share are the renamed copy): still the same bits.
    const re = await betweennessWithProfileParallel(s, { threads: 2, minWork: 0, renumber: true });
    expect([...re.betweenness]).toEqual([...seq.betweenness]);
    for (const key of ['sum', 'reach', 'inverseSum', 'eccentricity'] as const) expect([...re.profile![key]], key).toEqual([...seq.profile![key]]);
  }, 60_000);

  it('distanceProfileParallel equals distanceProfile (weighted paths)', async () => {
    const s = randomGraph(22, 300, 700);
    const ref = distanceProfile(s, { weightedPaths: true });
    const par = await distanceProfileParallel(s, { weightedPaths: true, threads: 2, minWork: 0 });
    expect(par.weightedPaths).toBe(true);
    for (const key of ['sum', 'reach', 'inverseSum', 'eccentricity'] as const) expect([...par[key]], key).toEqual([...ref[key]]);
  }, 60_000);

  it('uses a shared snapshot in place and falls back in-thread for small jobs', async () => {
    const { dataset, expected } = loadReference('karate');
    const shared = buildSnapshot(dataset, { shared: true });
    const par = await betweennessParallel(shared, { threads: 2, minWork: 0 });
    expect(maxAbsDiff(par, expectedVector(shared, expected, 'betweenness'))).toBeLessThan(1e-6);
    const small = await betweennessParallel(shared);
    expect([...small]).toEqual([...par]);
  }, 60_000);

  it('starts its TypeScript workers under plain `node --import tsx` too (the CLI path)', async () => {
    // Path of 60 nodes: node i carries i·(59 − i) pairs.
    const script = `
      import { betweennessParallel } from './src/analysis/centrality/betweenness-parallel.ts';
      const n = 60, offsets = new Uint32Array(n + 1), t = [];
      for (let v = 0; v < n; v++) { offsets[v] = t.length; if (v > 0) t.push(v - 1); if (v < n - 1) t.push(v + 1); }
      offsets[n] = t.length;
      const g = { n, offsets, targets: Uint32Array.from(t), weights: new Float64Array(t.length).fill(1) };
      const r = await betweennessParallel(g, { threads: 2, minWork: 0, normalized: false });
      console.log(JSON.stringify([r[0], r[1], r[30]]));`;
    const cwd = fileURLToPath(new URL('../../', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd });
    expect(JSON.parse(stdout)).toEqual([0, 58, 30 * 29]);
  }, 60_000);
});
