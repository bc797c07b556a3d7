import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSnapshot } from '../../src/graph/snapshot.ts';
import { louvainCommunities } from '../../src/analysis/communities/louvain.ts';
import { modularity } from '../../src/analysis/communities/modularity.ts';
import { renumberBySize, splitDisconnected } from '../../src/analysis/communities/split.ts';
import { communityProfiles } from '../../src/analysis/communities/profiles.ts';
import { DatasetSchema } from '../../src/model/index.ts';
import { loadReference, REFERENCE_NETWORKS, tiny } from './structure-helpers.ts';

describe('modularity (NetworkX values computed by hand with networkx 2.8)', () => {
  const ds = DatasetSchema.parse({
    nodes: 'abcdef'.split('').map((id) => ({ id, type: 'other' })),
    edges: [
      ['a', 'b', 2],
      ['b', 'c', 1],
      ['a', 'c', 1],
      ['c', 'd', 3],
      ['d', 'e', 1],
      ['e', 'f', 1],
      ['d', 'f', 0.5],
    ].map(([source, target, weight]) => ({ source, target, weight })),
  });
  const s = buildSnapshot(ds);
  const part = [0, 0, 0, 1, 1, 1];
  it('weighted, resolution-aware, and unweighted', () => {
    expect(modularity(s, part)).toBeCloseTo(0.17174515235457058, 12);
    expect(modularity(s, part, { resolution: 0.5 })).toBeCloseTo(0.42797783933518, 12);
    expect(modularity(s, part, { weighted: false })).toBeCloseTo(0.35714285714285715, 12);
  });
  it('karate observed split', () => {
    const k = buildSnapshot(loadReference('karate').dataset);
    const club = k.nodes.map((n) => (n.attrs.club === 'Mr. Hi' ? 0 : 1));
    expect(modularity(k, club)).toBeCloseTo(0.39143756676224206, 12);
    expect(modularity(k, club, { weighted: false })).toBeCloseTo(0.3582347140039448, 12);
    expect(modularity(k, club, { resolution: 2 })).toBeCloseTo(-0.10889975825040765, 12);
  });
  it('is undefined without ties', () => {
    expect(modularity(buildSnapshot(tiny([], ['a', 'b'])), [0, 1])).toBeNaN();
  });
});

describe('Louvain', () => {
  for (const name of REFERENCE_NETWORKS) {
    it(`${name}: unweighted modularity within 1% of NetworkX's best of 20 seeds (best of 5 seeds)`, () => {
      const { dataset, expected } = loadReference(name);
      const s = buildSnapshot(dataset);
      const c = louvainCommunities(s, { weighted: false, tries: 5 });
      const best = expected.graph.louvainBestModularity;
      expect(c.modularity).toBeGreaterThanOrEqual(best * 0.99);
      expect(c.modularity).toBeCloseTo(modularity(s, c.membership, { weighted: false }), 12);
    });
  }

  it('davis projected onto the women: weighted modularity within 1% of NetworkX (best of 20 seeds: 0.151865)', () => {
    const { edges } = JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/reference/davis/projection-women.json'), 'utf8'));
    const names = [...new Set<string>(edges.flatMap((e: [string, string, number]) => [e[0], e[1]]))];
    const ds = DatasetSchema.parse({
      nodes: names.map((id) => ({ id, type: 'teacher' })),
      edges: edges.map(([source, target, weight]: [string, string, number]) => ({ source, target, weight })),
    });
    const s = buildSnapshot(ds);
    const c = louvainCommunities(s, { tries: 5 });
    expect(c.modularity).toBeGreaterThanOrEqual(0.15186528297519383 * 0.99);
  });

  it('is reproducible for a seed, numbers communities by size, and honours resolution', () => {
    const s = buildSnapshot(loadReference('les-miserables').dataset);
    const a = louvainCommunities(s, { seed: 7 });
    const b = louvainCommunities(s, { seed: 7 });
    expect([...a.membership]).toEqual([...b.membership]);
    expect(a.sizes).toEqual([...a.sizes].sort((x, y) => y - x));
    expect(a.sizes.reduce((x, y) => x + y, 0)).toBe(s.n);
    const fine = louvainCommunities(s, { seed: 7, resolution: 3 });
    expect(fine.count).toBeGreaterThan(a.count);
    expect(fine.settings.resolution).toBe(3);
  });

  it('finds the two triangles and keeps isolates alone', () => {
    const s = buildSnapshot(tiny(['a-b', 'b-c', 'c-a', 'c-d', 'd-e', 'e-f', 'f-d'], ['__proto__']));
    const c = louvainCommunities(s);
    const m = (id: string) => c.membership[s.index.get(id)!];
    expect(c.count).toBe(3);
    expect(m('a')).toBe(m('b'));
    expect(m('a')).toBe(m('c'));
    expect(m('d')).toBe(m('f'));
    expect(m('a')).not.toBe(m('d'));
    expect(c.sizes).toEqual([3, 3, 1]);
    expect(m('__proto__')).toBe(2);
    expect(c.modularity).toBeCloseTo(5 / 14, 12); // 2·(3/7 − (7/14)²)
  });
});

describe('splitting disconnected communities', () => {
  it('splits a community made of two unconnected parts and counts it', () => {
    const s = buildSnapshot(tiny(['a-b', 'c-d', 'b-c']));
    // a,b,d labelled 0 (a-b connected, d only via c), c labelled 1.
    const idx = (id: string) => s.index.get(id)!;
    const labels = new Int32Array(4);
    labels[idx('c')] = 1;
    const before = modularity(s, labels);
    const { membership, split } = splitDisconnected(s, labels);
    expect(split).toBe(1);
    expect(membership[idx('a')]).toBe(membership[idx('b')]);
    expect(membership[idx('d')]).not.toBe(membership[idx('a')]);
    expect(modularity(s, membership)).toBeGreaterThan(before);
    const renumbered = renumberBySize(membership);
    expect(renumbered.sizes).toEqual([2, 1, 1]);
  });
});

describe('community profiles', () => {
  it('reports composition, density, central members and brokers', () => {
    const ds = DatasetSchema.parse({
      nodes: [
        { id: 's1', type: 'school', region: 'N' },
        { id: 's2', type: 'school', region: 'N' },
        { id: 't1', type: 'teacher', region: 'N' },
        { id: 'c1', type: 'company', region: 'S', label: 'Acme' },
        { id: 'u1', type: 'university', region: 'S' },
      ],
      edges: [
        { source: 't1', target: 's1', type: 'affiliation' },
        { source: 's1', target: 's2', weight: 2 },
        { source: 't1', target: 's2' },
        { source: 'c1', target: 'u1', weight: 4 },
        { source: 's1', target: 'c1', weight: 0.5 },
      ],
    });
    const s = buildSnapshot(ds);
    const membership = s.ids.map((id) => (['s1', 's2', 't1'].includes(id) ? 0 : 1));
    const [a, b] = communityProfiles(s, membership, { top: 2 });
    expect(a.size).toBe(3);
    expect(a.types).toEqual([
      { value: 'school', count: 2 },
      { value: 'teacher', count: 1 },
    ]);
    expect(a.regions).toEqual([{ value: 'N', count: 3 }]);
    expect(a.internalTies).toBe(3);
    expect(a.internalStrength).toBe(4);
    expect(a.density).toBe(1);
    expect(a.central.map((m) => m.id)).toEqual(['s1', 's2']); // strengths 3.5, 3
    expect(a.brokers).toEqual([{ id: 's1', externalTies: 1, externalStrength: 0.5, reaches: [{ community: 1, ties: 1, strength: 0.5 }] }]);
    expect(b.brokers[0]).toMatchObject({ id: 'c1', label: 'Acme', externalTies: 1 });
    expect(b.density).toBe(1);
    // A custom centrality vector changes who is most central.
    const custom = communityProfiles(s, membership, { centrality: s.ids.map((id) => (id === 't1' ? 9 : 1)), top: 1 });
    expect(custom[0].central).toEqual([{ id: 't1', value: 9 }]);
  });
});
