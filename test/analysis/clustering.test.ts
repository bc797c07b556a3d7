import { describe, expect, it } from 'vitest';
import { buildSnapshot } from '../../src/graph/snapshot.ts';
import { averageClustering, clustering, transitivity, triangleCounts } from '../../src/analysis/structure/clustering.ts';
import { degreeAssortativity } from '../../src/analysis/structure/assortativity.ts';
import { datasetFromEdges, expectedVector, loadReference, maxAbsDiff, REFERENCE_NETWORKS } from './reference-helpers.ts';

describe('clustering, transitivity and degree assortativity against NetworkX', () => {
  for (const name of REFERENCE_NETWORKS) {
    it(name, () => {
      const { snapshot: s, expected } = loadReference(name);
      expect(maxAbsDiff(clustering(s), expectedVector(s, expected, 'clustering'))).toBeLessThan(1e-6);
      expect(averageClustering(s)).toBeCloseTo(expected.graph.averageClustering as number, 8);
      expect(transitivity(s)).toBeCloseTo(expected.graph.transitivity as number, 8);
      expect(degreeAssortativity(s)).toBeCloseTo(expected.graph.degreeAssortativity as number, 8);
    });
  }
});

describe('hand-checked clustering', () => {
  it('triangle with a pendant: 1, 1, 1/3, 0; transitivity 3/5', () => {
    const s = buildSnapshot(
      datasetFromEdges([
        ['a', 'b'],
        ['b', 'c'],
        ['c', 'a'],
        ['c', 'd'],
        ['c', 'd'],
      ]),
    );
    const c = Object.fromEntries(s.ids.map((id, i) => [id, clustering(s)[i]]));
    expect(c).toEqual({ a: 1, b: 1, c: 1 / 3, d: 0 });
    expect([...triangleCounts(s)]).toEqual([1, 1, 1, 0]);
    expect(transitivity(s)).toBeCloseTo(3 / 5, 12); // 3 closed of 1+1+3 triples
    expect(averageClustering(s)).toBeCloseTo((1 + 1 + 1 / 3) / 4, 12);
  });

  it('two triangles joined by a bridge; isolates count as 0 in the average', () => {
    const s = buildSnapshot(
      datasetFromEdges(
        [
          ['a', 'b'],
          ['b', 'c'],
          ['a', 'c'],
          ['c', 'd'],
          ['d', 'e'],
          ['e', 'f'],
          ['d', 'f'],
        ],
        ['alone'],
      ),
    );
    const c = Object.fromEntries(s.ids.map((id, i) => [id, clustering(s)[i]]));
    expect(c.c).toBeCloseTo(1 / 3, 12);
    expect(c.alone).toBe(0);
    expect(averageClustering(s)).toBeCloseTo((4 * 1 + 2 / 3) / 7, 12);
  });

  it('assortativity: star is perfectly disassortative, regular graph undefined', () => {
    const star = buildSnapshot(
      datasetFromEdges([
        ['c', 'a'],
        ['c', 'b'],
        ['c', 'd'],
      ]),
    );
    expect(degreeAssortativity(star)).toBeCloseTo(-1, 12);
    const cycle = buildSnapshot(
      datasetFromEdges([
        ['a', 'b'],
        ['b', 'c'],
        ['c', 'a'],
      ]),
    );
    expect(degreeAssortativity(cycle)).toBeNaN();
    expect(degreeAssortativity(buildSnapshot(datasetFromEdges([], ['x'])))).toBeNaN();
    expect(transitivity(buildSnapshot(datasetFromEdges([], ['x'])))).toBe(0);
  });
});
