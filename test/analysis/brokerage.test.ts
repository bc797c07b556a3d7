import { describe, expect, it } from 'vitest';
import { buildSnapshot } from '../../src/graph/snapshot.ts';
import { constraint, effectiveSize } from '../../src/analysis/brokerage/burt.ts';
import { rankBrokers } from '../../src/analysis/brokerage/rank.ts';
import { datasetFromEdges, expectedVector, loadReference, maxAbsDiff, REFERENCE_NETWORKS } from './reference-helpers.ts';

describe("Burt's constraint and effective size against NetworkX", () => {
  for (const name of REFERENCE_NETWORKS) {
    it(name, () => {
      const { snapshot: s, expected } = loadReference(name);
      expect(maxAbsDiff(constraint(s), expectedVector(s, expected, 'constraint'))).toBeLessThan(1e-6);
      expect(maxAbsDiff(effectiveSize(s), expectedVector(s, expected, 'effectiveSize'))).toBeLessThan(1e-6);
    });
  }

  it('weighted variants match NetworkX 2.8.8 constraint/effective_size(weight="weight") on karate', () => {
    const { snapshot: s } = loadReference('karate');
    const c = constraint(s, { weighted: true }),
      e = effectiveSize(s, { weighted: true });
    const at = (id: string) => s.index.get(id)!;
    expect(c[at('m0')]).toBeCloseTo(0.19062348905638032, 10);
    expect(c[at('m16')]).toBeCloseTo(0.9397491245018718, 10);
    expect(e[at('m0')]).toBeCloseTo(13.775000000000002, 10);
    expect(e[at('m33')]).toBeCloseTo(15.228918650793652, 10);
  });
});

describe('hand-checked brokerage', () => {
  it('star centre: constraint 1/d, effective size d; leaves fully constrained', () => {
    const s = buildSnapshot(
      datasetFromEdges([
        ['c', 'a'],
        ['c', 'b'],
        ['c', 'd'],
        ['c', 'e'],
      ]),
    );
    const i = s.index.get('c')!,
      leaf = s.index.get('a')!;
    expect(constraint(s)[i]).toBeCloseTo(4 * (1 / 4) ** 2, 12);
    expect(effectiveSize(s)[i]).toBe(4);
    expect(constraint(s)[leaf]).toBe(1);
    expect(effectiveSize(s)[leaf]).toBe(1);
  });

  it('triangle: each contact is redundant with the other', () => {
    const s = buildSnapshot(
      datasetFromEdges([
        ['a', 'b'],
        ['b', 'c'],
        ['c', 'a'],
      ]),
    );
    // p = 1/2 each; indirect via the other contact 1/2·1/2; (1/2 + 1/4)² × 2.
    expect(constraint(s)[0]).toBeCloseTo(2 * 0.75 ** 2, 12);
    expect(effectiveSize(s)[0]).toBeCloseTo(2 - 2 / 2, 12);
  });

  it('isolates are undefined (NaN), in weighted and unweighted forms', () => {
    const s = buildSnapshot(datasetFromEdges([['a', 'b']], ['alone']));
    const i = s.index.get('alone')!;
    expect(constraint(s)[i]).toBeNaN();
    expect(effectiveSize(s)[i]).toBeNaN();
    expect(constraint(s, { weighted: true })[i]).toBeNaN();
    expect(effectiveSize(s, { weighted: true })[i]).toBeNaN();
  });

  it('equal weights give the unweighted values', () => {
    const { dataset } = loadReference('florentine');
    const doubled = { ...dataset, edges: dataset.edges.map((e) => ({ ...e, weight: 2 })) };
    const s = buildSnapshot(doubled);
    expect(maxAbsDiff(constraint(s, { weighted: true }), [...constraint(s)])).toBeLessThan(1e-12);
    expect(maxAbsDiff(effectiveSize(s, { weighted: true }), [...effectiveSize(s)])).toBeLessThan(1e-12);
  });
});

describe('rankBrokers', () => {
  it('puts the node joining two triangles first and skips nodes inside one group', () => {
    // Triangles a-b-c and d-e-f; c–x–d: x is the only tie between the two groups.
    const s = buildSnapshot(
      datasetFromEdges(
        [
          ['a', 'b'],
          ['b', 'c'],
          ['a', 'c'],
          ['d', 'e'],
          ['e', 'f'],
          ['d', 'f'],
          ['c', 'x'],
          ['x', 'd'],
        ],
        ['alone'],
      ),
    );
    const group = new Int32Array(s.n);
    for (const id of ['d', 'e', 'f']) group[s.index.get(id)!] = 1;
    group[s.index.get('x')!] = 2;
    const ranked = rankBrokers(s, { constraint: constraint(s), effectiveSize: effectiveSize(s), groups: group });
    expect(ranked[0].id).toBe('x');
    expect(ranked[0].groups).toBe(3);
    expect(ranked.map((r) => r.id).sort()).toEqual(['c', 'd', 'x']);
    const all = rankBrokers(s, { constraint: constraint(s), effectiveSize: effectiveSize(s), limit: 100 });
    expect(all.map((r) => r.id)).not.toContain('alone');
    expect(all[0].id).toBe('x');
  });
});
