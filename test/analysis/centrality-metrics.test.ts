import { describe, expect, it } from 'vitest';
import { buildSnapshot } from '../../src/graph/snapshot.ts';
import { closeness, harmonic } from '../../src/analysis/centrality/closeness.ts';
import { degreeVector, strengthVector } from '../../src/analysis/centrality/degree.ts';
import { eigenvector } from '../../src/analysis/centrality/eigenvector.ts';
import { pagerank } from '../../src/analysis/centrality/pagerank.ts';
import { betweenness } from '../../src/analysis/centrality/betweenness.ts';
import { distanceProfile } from '../../src/analysis/structure/paths.ts';
import { datasetFromEdges, expectedVector, loadReference, maxAbsDiff, REFERENCE_NETWORKS } from './reference-helpers.ts';

const byId = (ids: string[], values: Float64Array) => Object.fromEntries(ids.map((id, i) => [id, values[i]]));

describe('centralities against NetworkX reference networks (1e-6)', () => {
  for (const name of REFERENCE_NETWORKS) {
    it(name, () => {
      const { snapshot: s, expected } = loadReference(name);
      const check = (values: ArrayLike<number>, metric: string) => expect(maxAbsDiff(values, expectedVector(s, expected, metric)), metric).toBeLessThan(1e-6);
      const profile = distanceProfile(s);
      check(closeness(s, { profile }), 'closeness');
      check(harmonic(s, { profile }), 'harmonic');
      check(closeness(s), 'closeness');
      expect(() => closeness(s, { profile, weightedPaths: true })).toThrow(/weightedPaths=false/);
      check(degreeVector(s), 'degree');
      check(strengthVector(s), 'strength');
      const pr = pagerank(s, { weighted: false });
      expect(pr.converged).toBe(true);
      check(pr.values, 'pagerank');
      check(pagerank(s).values, 'pagerankWeighted');
      const ev = eigenvector(s, { weighted: false });
      expect(ev.converged).toBe(true);
      check(ev.values, 'eigenvector');
    });
  }
});

describe('weighted paths and weighted eigenvector against NetworkX 2.8.8 on karate', () => {
  // Values from Debian's python3-networkx 2.8.8, run on test/fixtures/reference/karate with
  // dist = 1/weight: closeness_centrality(distance='dist'), harmonic_centrality(distance='dist'),
  // eigenvector_centrality_numpy(weight='weight').
  const want: Record<string, [number, number, number]> = {
    m0: [1.5382907880133188, 63.3769020092986, 0.3123512277496894],
    m9: [0.9042865531415152, 32.78381984262249, 0.050203069762856586],
    m16: [0.8091068301225917, 31.842109243693642, 0.018518856188211044],
    m33: [1.610317183687696, 70.45538032253971, 0.36409688197011014],
  };
  it('closeness, harmonic and eigenvector', () => {
    const { snapshot: s } = loadReference('karate');
    const c = byId(s.ids, closeness(s, { weightedPaths: true }));
    const h = byId(s.ids, harmonic(s, { weightedPaths: true }));
    const e = byId(s.ids, eigenvector(s).values);
    for (const [id, [cw, hw, ew]] of Object.entries(want)) {
      expect(c[id]).toBeCloseTo(cw, 9);
      expect(h[id]).toBeCloseTo(hw, 9);
      expect(e[id]).toBeCloseTo(ew, 7);
    }
  });

  it('weighted-path distances agree with Floyd–Warshall', () => {
    const { snapshot: s } = loadReference('les-miserables');
    const n = s.n;
    const d = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 0 : Infinity)));
    for (let u = 0; u < n; u++) for (let i = s.offsets[u]; i < s.offsets[u + 1]; i++) d[u][s.targets[i]] = 1 / s.weights[i];
    for (let k = 0; k < n; k++)
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          if (d[i][k] + d[k][j] < d[i][j]) d[i][j] = d[i][k] + d[k][j];
        }
    const p = distanceProfile(s, { weightedPaths: true });
    for (let v = 0; v < n; v++) {
      const row = d[v].filter((x) => x !== Infinity);
      expect(p.sum[v]).toBeCloseTo(
        row.reduce((a, b) => a + b, 0),
        9,
      );
      expect(p.reach[v]).toBe(row.length);
      expect(p.eccentricity[v]).toBeCloseTo(Math.max(...row), 12);
    }
  });
});

describe('hand-checked centralities', () => {
  it('star: centre closeness 1, leaves 4/7; harmonic 4 and 2.5', () => {
    const s = buildSnapshot(
      datasetFromEdges([
        ['c', 'a'],
        ['c', 'b'],
        ['c', 'd'],
        ['c', 'e'],
      ]),
    );
    const c = byId(s.ids, closeness(s)),
      h = byId(s.ids, harmonic(s));
    expect(c.c).toBe(1);
    expect(c.a).toBeCloseTo(4 / 7, 12);
    expect(h.c).toBe(4);
    expect(h.a).toBe(2.5);
  });

  it('disconnected pieces: Wasserman–Faust scaling, isolates score 0', () => {
    // Pair a–b plus path p–q–r plus an isolate: n = 6.
    const s = buildSnapshot(
      datasetFromEdges(
        [
          ['a', 'b'],
          ['p', 'q'],
          ['q', 'r'],
        ],
        ['alone'],
      ),
    );
    const c = byId(s.ids, closeness(s));
    expect(c.a).toBeCloseTo((1 / 1) * (1 / 5), 12);
    expect(c.q).toBeCloseTo((2 / 2) * (2 / 5), 12);
    expect(c.p).toBeCloseTo((2 / 3) * (2 / 5), 12);
    expect(c.alone).toBe(0);
    expect(byId(s.ids, harmonic(s)).alone).toBe(0);
  });

  it('pagerank sums to 1, handles isolates (dangling) and reports non-convergence instead of throwing', () => {
    const s = buildSnapshot(
      datasetFromEdges(
        [
          ['a', 'b'],
          ['b', 'c'],
          ['c', 'a'],
          ['c', 'd'],
        ],
        ['alone'],
      ),
    );
    const pr = pagerank(s);
    expect(pr.converged).toBe(true);
    expect(pr.values.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    const v = byId(s.ids, pr.values);
    expect(v.c).toBeGreaterThan(v.a);
    expect(v.alone).toBeGreaterThan(0);
    const capped = pagerank(s, { maxIterations: 1 });
    expect(capped.converged).toBe(false);
    expect(capped.iterations).toBe(1);
  });

  it('pagerank follows tie strength unless unweighted', () => {
    const s = buildSnapshot(
      datasetFromEdges([
        ['hub', 'x', 10],
        ['hub', 'y', 1],
        ['x', 'z', 1],
        ['y', 'z', 1],
      ]),
    );
    const w = byId(s.ids, pagerank(s).values),
      u = byId(s.ids, pagerank(s, { weighted: false }).values);
    expect(w.x).toBeGreaterThan(w.y);
    expect(u.x).toBeCloseTo(u.y, 12);
  });

  it('eigenvector: unit norm, positive on the largest component, 0 elsewhere', () => {
    const s = buildSnapshot(
      datasetFromEdges(
        [
          ['a', 'b'],
          ['b', 'c'],
          ['c', 'a'],
          ['c', 'd'],
          ['x', 'y'],
        ],
        ['alone'],
      ),
    );
    const ev = eigenvector(s, { weighted: false });
    const v = byId(s.ids, ev.values);
    expect(ev.converged).toBe(true);
    expect(Math.hypot(...ev.values)).toBeCloseTo(1, 12);
    for (const id of ['a', 'b', 'c', 'd']) expect(v[id]).toBeGreaterThan(0);
    expect(v.x).toBe(0);
    expect(v.alone).toBe(0);
    expect(v.c).toBeGreaterThan(v.a);
    expect([...eigenvector(buildSnapshot(datasetFromEdges([], ['p', 'q']))).values]).toEqual([NaN, NaN]);
  });

  it('weighted shortest paths reroute through strong ties', () => {
    const s = buildSnapshot(
      datasetFromEdges([
        ['a', 'c', 1],
        ['a', 'b', 4],
        ['b', 'c', 4],
      ]),
    );
    const h = byId(s.ids, harmonic(s, { weightedPaths: true }));
    expect(h.a).toBeCloseTo(1 / 0.25 + 1 / 0.5, 12);
    expect(betweenness(s, { weightedPaths: true })[s.index.get('b')!]).toBe(1);
  });

  it('ids such as __proto__ and constructor are ordinary nodes', () => {
    const s = buildSnapshot(
      datasetFromEdges([
        ['__proto__', 'constructor', 2],
        ['constructor', 'toString', 1],
      ]),
    );
    expect(byId(s.ids, strengthVector(s)).constructor).toBe(3);
    expect(byId(s.ids, degreeVector(s)).__proto__).toBe(1);
    expect(byId(s.ids, closeness(s)).constructor).toBe(1);
  });
});
