import { describe, expect, it } from 'vitest';
import { buildSnapshot, type Snapshot } from '../../src/graph/snapshot.ts';
import { averagePathLength, diameter, distanceProfile } from '../../src/analysis/structure/paths.ts';
import { createRng } from '../../src/util/random.ts';
import { datasetFromEdges, loadReference, REFERENCE_NETWORKS } from './reference-helpers.ts';

/** Brute force: BFS from every node, largest finite distance and mean over connected ordered pairs. */
function bruteForce(s: Snapshot): { diameter: number; mean: number } {
  let best = 0,
    total = 0,
    pairs = 0;
  for (let a = 0; a < s.n; a++) {
    const d = new Array<number>(s.n).fill(-1);
    d[a] = 0;
    const queue = [a];
    for (let h = 0; h < queue.length; h++) {
      const u = queue[h];
      for (let i = s.offsets[u]; i < s.offsets[u + 1]; i++) {
        const w = s.targets[i];
        if (d[w] < 0) {
          d[w] = d[u] + 1;
          queue.push(w);
        }
      }
    }
    for (const x of d)
      if (x > 0) {
        best = Math.max(best, x);
        total += x;
        pairs++;
      }
  }
  return { diameter: best, mean: pairs ? total / pairs : NaN };
}

describe('diameter', () => {
  for (const name of REFERENCE_NETWORKS) {
    it(`${name}: equals the NetworkX reference`, () => {
      const { snapshot, expected } = loadReference(name);
      const d = diameter(snapshot);
      expect(d.value).toBe(expected.graph.diameter);
      expect(d.exact).toBe(true);
    });
  }

  it('is exact on seeded random sparse graphs with several components, with few traversals on trees', () => {
    const rng = createRng(11);
    for (let trial = 0; trial < 25; trial++) {
      const n = 30 + Math.floor(rng() * 120);
      const m = Math.floor(n * (0.6 + rng()));
      const edges: [string, string][] = [];
      for (let i = 0; i < m; i++) edges.push([`v${Math.floor(rng() * n)}`, `v${Math.floor(rng() * n)}`]);
      const s = buildSnapshot(datasetFromEdges(edges));
      expect(diameter(s).value).toBe(bruteForce(s).diameter);
    }
    // A long path: iFUB needs a handful of BFS runs, not one per node.
    const path = buildSnapshot(datasetFromEdges(Array.from({ length: 999 }, (_, i) => [`p${i}`, `p${i + 1}`] as [string, string])));
    const d = diameter(path);
    expect(d.value).toBe(999);
    expect(d.traversals).toBeLessThan(10);
  });

  it('gives bounds, and says so, above the exact limit', () => {
    const s = buildSnapshot(datasetFromEdges(Array.from({ length: 20 }, (_, i) => [`p${i}`, `p${i + 1}`] as [string, string])));
    const d = diameter(s, { exactLimit: 10 });
    expect(d.exact).toBe(false);
    expect(d.value).toBeLessThanOrEqual(20);
    expect(d.upperBound).toBeGreaterThanOrEqual(20);
  });

  it('is 0 without edges', () => {
    const s = buildSnapshot(datasetFromEdges([], ['a', 'b']));
    expect(diameter(s).value).toBe(0);
  });
});

describe('averagePathLength', () => {
  it('path a-b-c-d: (3·1 + 2·2 + 1·3) / 6', () => {
    const s = buildSnapshot(
      datasetFromEdges([
        ['a', 'b'],
        ['b', 'c'],
        ['c', 'd'],
      ]),
    );
    const r = averagePathLength(s);
    expect(r.value).toBeCloseTo(10 / 6, 12);
    expect(r.disconnected).toBe(false);
    expect(r.pairs).toBe(12);
  });

  it('disconnected: mean over reachable pairs only, flagged', () => {
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
    const r = averagePathLength(s);
    expect(r.disconnected).toBe(true);
    expect(r.pairs).toBe(2 + 6);
    expect(r.value).toBeCloseTo((2 * 1 + (4 * 1 + 2 * 2)) / 8, 12);
    expect(averagePathLength(buildSnapshot(datasetFromEdges([], ['x']))).value).toBeNaN();
  });

  it('matches brute force and NetworkX on karate (2.4082 hops, 0.89276 with length 1/weight)', () => {
    const { snapshot } = loadReference('karate');
    const r = averagePathLength(snapshot);
    expect(r.value).toBeCloseTo(bruteForce(snapshot).mean, 12);
    // NetworkX 2.8.8 average_shortest_path_length, unweighted and with weight='dist' (dist = 1/weight).
    expect(r.value).toBeCloseTo(2.408199643493761, 10);
    expect(averagePathLength(snapshot, { weightedPaths: true }).value).toBeCloseTo(0.8927552839317575, 10);
    const profile = distanceProfile(snapshot);
    expect(averagePathLength(snapshot, { profile }).value).toBe(r.value);
    expect(r.sampledSources).toBeNull();
  });

  it('samples: exact when every node is a source, close and flagged when sampled', () => {
    const { snapshot } = loadReference('les-miserables');
    const exact = averagePathLength(snapshot);
    expect(averagePathLength(snapshot, { samples: snapshot.n }).value).toBe(exact.value);
    const est = averagePathLength(snapshot, { samples: 40, seed: 3 });
    expect(est.sampledSources).toBe(40);
    expect(est.pairs).toBe(40 * (snapshot.n - 1));
    expect(Math.abs(est.value - exact.value)).toBeLessThan(0.25);
    expect(averagePathLength(snapshot, { samples: 40, seed: 3 }).value).toBe(est.value);
    expect(() => averagePathLength(snapshot, { samples: 0 })).toThrow(/samples/);
  });
});
