import { describe, expect, it } from 'vitest';
import { diffDatasets } from '../../src/analysis/temporal/diff.ts';
import { matchCommunities } from '../../src/analysis/temporal/match-communities.ts';
import { leidenCommunities } from '../../src/analysis/communities/leiden.ts';
import { louvainCommunities } from '../../src/analysis/communities/louvain.ts';
import { buildSnapshot } from '../../src/graph/snapshot.ts';
import { sliceDataset } from '../../src/graph/timeslice.ts';
import { diffFixture } from './diff-fixture.ts';

describe('diffDatasets', () => {
  const r = diffDatasets(diffFixture(), { from: '2022-01-01', to: '2023-01-01' });

  it('lists ties formed and ended between the dates', () => {
    expect(r.ties.atFrom).toBe(27);
    expect(r.ties.atTo).toBe(27);
    expect(r.ties.formed.map((t) => `${t.source}-${t.target}`).sort()).toEqual(['R-H', 'm-b1', 'm-b2', 'm-b3']);
    expect(r.ties.ended.map((t) => `${t.source}-${t.target}`).sort()).toEqual(['S-C', 'm-a1', 'm-a2', 'm-a3']);
    expect(r.ties.ended.find((t) => t.source === 'S')).toEqual({
      source: 'S',
      target: 'C',
      type: 'partnership',
      weight: 1,
      start: '2021-01-01',
      end: '2022-06-30',
    });
  });

  it('reports schools that joined and left the isolated list, with reasons', () => {
    expect(r.isolation.joined.map((j) => j.id)).toEqual(['S']);
    expect(r.isolation.joined[0]).toMatchObject({ scoreFrom: 0.25, scoreTo: 1, region: 'West' });
    expect(r.isolation.joined[0].reasons.map((x) => x.code)).toEqual(['no-ties']);
    expect(r.isolation.left.map((j) => j.id)).toEqual(['R']);
    expect(r.isolation.left[0]).toMatchObject({ scoreFrom: 1, scoreTo: 0.25 });
    expect([r.isolation.isolatedAtFrom, r.isolation.isolatedAtTo]).toEqual([1, 1]);
  });

  it('matches communities across dates and reports the node that moved', () => {
    const moved = r.communities.moved.map((m) => m.id);
    expect(moved).toContain('m');
    const m = r.communities.moved.find((x) => x.id === 'm')!;
    expect(m.fromNow).not.toBe(m.to);
    expect(m.fromNow).not.toBeNull();
    for (const id of ['a1', 'a2', 'a3', 'a4', 'a5', 'b1', 'b2', 'b3', 'b4', 'b5']) expect(moved).not.toContain(id);
    expect(r.communities.matches.length).toBeGreaterThanOrEqual(2);
  });

  it('gives indicator deltas overall and per region', () => {
    expect(r.indicators.overall.ties).toEqual({ from: 27, to: 27, delta: 0 });
    const west = r.indicators.regions.find((g) => g.key === 'West')!;
    const east = r.indicators.regions.find((g) => g.key === 'East')!;
    expect(west.isolatedSchools).toEqual({ from: 0, to: 1, delta: 1 });
    expect(east.isolatedSchools).toEqual({ from: 1, to: 0, delta: -1 });
    expect(west.crossSectorShare).toEqual({ from: 1, to: null, delta: null }); // no school ties left
  });

  it('uses Leiden at both dates by default, Louvain on request, the same result under the same seed', () => {
    const at = (date: string) => buildSnapshot(sliceDataset(diffFixture(), { at: date }));
    expect(r.communities.atFrom.modularity).toBeCloseTo(leidenCommunities(at('2022-01-01'), { seed: 1 }).modularity, 12);
    expect(r.communities.atTo.modularity).toBeCloseTo(leidenCommunities(at('2023-01-01'), { seed: 1 }).modularity, 12);
    expect(diffDatasets(diffFixture(), { from: '2022-01-01', to: '2023-01-01', communities: { seed: 1 } })).toEqual(r);
    const lv = diffDatasets(diffFixture(), { from: '2022-01-01', to: '2023-01-01', communities: { method: 'louvain', seed: 3 } });
    expect(lv.communities.atTo.modularity).toBeCloseTo(louvainCommunities(at('2023-01-01'), { seed: 3 }).modularity, 12);
    expect(lv.communities.moved.map((m) => m.id)).toContain('m');
  });

  it('rejects bad dates', () => {
    expect(() => diffDatasets(diffFixture(), { from: '2023-01-01', to: '2022-01-01' })).toThrow(/before/);
    expect(() => diffDatasets(diffFixture(), { from: '2022-02-30', to: '2023-01-01' })).toThrow(/ISO 8601/);
  });
});

describe('matchCommunities', () => {
  it('pairs communities one-to-one by overlap and ignores singletons', () => {
    // before: {0,1,2} {3,4} {5}; after: {0,1} {2,3,4} {5}
    const before = [0, 0, 0, 1, 1, 2],
      after = [1, 1, 0, 0, 0, 2];
    const m = matchCommunities(before, after, [3, 2, 1], [3, 2, 1]);
    expect(m.matches).toEqual([
      { from: 0, to: 1, overlap: 2, jaccard: 2 / 3 },
      { from: 1, to: 0, overlap: 2, jaccard: 2 / 3 },
    ]);
    expect(m.appeared).toEqual([]);
    expect(m.vanished).toEqual([]);
  });
});
