import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSnapshot, type Snapshot } from '../../src/graph/snapshot.ts';
import { connectedComponents } from '../../src/analysis/structure/components.ts';
import { coreNumbers } from '../../src/analysis/structure/cores.ts';
import { bridgesAndArticulationPoints, cutsToAnchors } from '../../src/analysis/structure/bridges.ts';
import { attributeAssortativity, eiIndex } from '../../src/analysis/structure/mixing.ts';
import { DatasetSchema } from '../../src/model/index.ts';
import { loadReference, REFERENCE_NETWORKS, tiny } from './structure-helpers.ts';

const ids = (s: Snapshot, xs: number[]) => xs.map((v) => s.ids[v]);
const idPairs = (s: Snapshot, ps: [number, number][]) =>
  ps.map(([u, v]) => [s.ids[u], s.ids[v]].sort()).sort((a, b) => (a.join('\u0000') < b.join('\u0000') ? -1 : 1));

describe('reference networks (NetworkX values)', () => {
  for (const name of REFERENCE_NETWORKS) {
    const { dataset, expected } = loadReference(name);
    const s = buildSnapshot(dataset);
    it(`${name}: components, exact core numbers`, () => {
      expect(connectedComponents(s).count).toBe(expected.graph.components);
      const core = coreNumbers(s);
      for (const [id, e] of Object.entries<any>(expected.nodes)) expect(core[s.index.get(id)!], id).toBe(e.core);
    });
    it(`${name}: bridges and articulation points`, () => {
      const { bridges, articulationPoints } = bridgesAndArticulationPoints(s);
      expect(ids(s, articulationPoints).sort()).toEqual([...expected.graph.articulationPoints].sort());
      const want = expected.graph.bridges
        .map((p: string[]) => [...p].sort())
        .sort((a: string[], b: string[]) => (a.join('\u0000') < b.join('\u0000') ? -1 : 1));
      expect(idPairs(s, bridges)).toEqual(want);
    });
  }

  it('attribute assortativity matches networkx attribute_assortativity_coefficient', () => {
    const karate = buildSnapshot(loadReference('karate').dataset);
    expect(attributeAssortativity(karate, (n) => n.attrs.club as string)).toBeCloseTo(0.717530864197531, 9);
    const davis = buildSnapshot(loadReference('davis').dataset);
    expect(attributeAssortativity(davis, 'type')).toBeCloseTo(-1, 9);
    // Every node the same type: r is undefined.
    expect(attributeAssortativity(karate, 'type')).toBeNaN();
  });
});

describe('davis projected onto the women (NetworkX core_number on projection-women.json)', () => {
  it('core numbers, no bridges, no cut vertices', () => {
    const { edges } = JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/reference/davis/projection-women.json'), 'utf8'));
    const names = [...new Set<string>(edges.flatMap((e: [string, string, number]) => [e[0], e[1]]))];
    const s = buildSnapshot(
      DatasetSchema.parse({
        nodes: names.map((id) => ({ id, type: 'teacher' })),
        edges: edges.map(([source, target, weight]: [string, string, number]) => ({ source, target, weight })),
      }),
    );
    const want: Record<string, number> = {
      'Brenda Rogers': 14,
      'Charlotte McDowd': 11,
      'Dorothy Murchison': 14,
      'Eleanor Nye': 14,
      'Evelyn Jefferson': 14,
      'Flora Price': 12,
      'Frances Anderson': 14,
      'Helen Lloyd': 14,
      'Katherina Rogers': 14,
      'Laura Mandeville': 14,
      'Myra Liddel': 14,
      'Nora Fayette': 14,
      'Olivia Carleton': 12,
      'Pearl Oglethorpe': 14,
      'Ruth DeSand': 14,
      'Sylvia Avondale': 14,
      'Theresa Anderson': 14,
      'Verne Sanderson': 14,
    };
    const core = coreNumbers(s);
    expect(Object.fromEntries(s.ids.map((id, v) => [id, core[v]]))).toEqual(want);
    expect(bridgesAndArticulationPoints(s)).toEqual({ bridges: [], articulationPoints: [] });
    expect(connectedComponents(s).count).toBe(1);
  });
});

describe('hand-checked small networks', () => {
  it('star: one component, all core 1, every tie a bridge, the centre the only cut vertex', () => {
    const s = buildSnapshot(tiny(['c-a', 'c-b', 'c-d', 'c-e']));
    expect(connectedComponents(s)).toMatchObject({ count: 1, sizes: [5], largest: 0 });
    expect([...coreNumbers(s)]).toEqual([1, 1, 1, 1, 1]);
    const cuts = bridgesAndArticulationPoints(s);
    expect(cuts.bridges).toHaveLength(4);
    expect(ids(s, cuts.articulationPoints)).toEqual(['c']);
  });

  it('path: inner nodes are cut vertices, every tie is a bridge', () => {
    const s = buildSnapshot(tiny(['a-b', 'b-c', 'c-d']));
    const cuts = bridgesAndArticulationPoints(s);
    expect(ids(s, cuts.articulationPoints)).toEqual(['b', 'c']);
    expect(idPairs(s, cuts.bridges)).toEqual([
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'd'],
    ]);
  });

  it('two triangles joined by a bridge', () => {
    const s = buildSnapshot(tiny(['a-b', 'b-c', 'c-a', 'c-d', 'd-e', 'e-f', 'f-d']));
    const cuts = bridgesAndArticulationPoints(s);
    expect(idPairs(s, cuts.bridges)).toEqual([['c', 'd']]);
    expect(ids(s, cuts.articulationPoints)).toEqual(['c', 'd']);
    expect([...coreNumbers(s)]).toEqual([2, 2, 2, 2, 2, 2]);
  });

  it('disconnected pieces and isolates: components numbered by size, isolates core 0', () => {
    const s = buildSnapshot(tiny(['x-y', 'a-b', 'b-c', 'c-a', 'c-d'], ['lonely']));
    const comps = connectedComponents(s);
    expect(comps.count).toBe(3);
    expect(comps.sizes).toEqual([4, 2, 1]);
    expect(comps.membership[s.index.get('a')!]).toBe(0);
    expect(comps.membership[s.index.get('x')!]).toBe(1);
    expect(comps.membership[s.index.get('lonely')!]).toBe(2);
    const core = coreNumbers(s);
    expect(core[s.index.get('lonely')!]).toBe(0);
    expect(core[s.index.get('d')!]).toBe(1);
    expect(core[s.index.get('a')!]).toBe(2);
    expect(bridgesAndArticulationPoints(s).bridges).toHaveLength(2);
  });

  it('works with hostile ids and stays iterative on a long path', () => {
    const s = buildSnapshot(tiny(['__proto__-constructor', 'constructor-toString']));
    expect(ids(s, bridgesAndArticulationPoints(s).articulationPoints)).toEqual(['constructor']);
    const n = 100_000;
    const nodes = Array.from({ length: n }, (_, i) => ({ id: `n${i}`, type: 'other' as const }));
    const edges = Array.from({ length: n - 1 }, (_, i) => ({ source: `n${i}`, target: `n${i + 1}` }));
    const long = buildSnapshot(DatasetSchema.parse({ nodes, edges }));
    const cuts = bridgesAndArticulationPoints(long);
    expect(cuts.bridges).toHaveLength(n - 1);
    expect(cuts.articulationPoints).toHaveLength(n - 2);
  });

  it('cutsToAnchors finds the nearest single point of failure towards the anchor', () => {
    // anchor h in a triangle h-a-b; b-c bridge; c-d, c-e; d-e triangle with c; e-f leaf.
    const s = buildSnapshot(tiny(['h-a', 'a-b', 'b-h', 'b-c', 'c-d', 'd-e', 'e-c', 'e-f', 'h-z']));
    const at = (id: string) => s.index.get(id)!;
    const r = cutsToAnchors(s, [at('h')]);
    expect(r.cut[at('a')]).toBe(-1);
    expect(s.ids[r.cut[at('c')]]).toBe('b');
    expect(s.ids[r.bridgeEnd[at('c')]]).toBe('c');
    // d's nearest single point of failure is c; beyond c comes the bridge b–c.
    expect(s.ids[r.cut[at('d')]]).toBe('c');
    expect(r.bridgeEnd[at('d')]).toBe(-1);
    expect(s.ids[r.cut[r.cut[at('d')]]]).toBe('b');
    expect(s.ids[r.cut[at('f')]]).toBe('e');
    // A bridge straight into the anchor counts; removing the anchor itself does not.
    expect(s.ids[r.cut[at('z')]]).toBe('h');
    expect(r.cut[at('h')]).toBe(-1);
  });
});

describe('E-I index', () => {
  it('counts each tie once, overall and per group', () => {
    const ds = DatasetSchema.parse({
      nodes: [
        { id: 'a', type: 'school', region: 'N' },
        { id: 'b', type: 'school', region: 'N' },
        { id: 'c', type: 'company', region: 'S' },
        { id: 'd', type: 'company', region: 'S' },
        { id: 'e', type: 'hub' },
      ],
      edges: [
        { source: 'a', target: 'b' },
        { source: 'b', target: 'a' }, // merged: one internal tie
        { source: 'a', target: 'c', weight: 3 },
        { source: 'c', target: 'd' },
        { source: 'b', target: 'd' },
        { source: 'e', target: 'a' },
      ],
    });
    const s = buildSnapshot(ds);
    const byRegion = eiIndex(s, 'region');
    expect(byRegion).toMatchObject({ external: 2, internal: 2, index: 0, skipped: 1 });
    expect(byRegion.groups).toEqual([
      { group: 'N', size: 2, external: 2, internal: 1, index: 1 / 3 },
      { group: 'S', size: 2, external: 2, internal: 1, index: 1 / 3 },
    ]);
    const byType = eiIndex(s, 'type');
    expect(byType.external).toBe(3); // a-c, b-d, e-a
    expect(byType.internal).toBe(2);
    expect(byType.index).toBeCloseTo(0.2, 12);
    // Weighted: a-b merged weight 2, a-c 3.
    const w = eiIndex(s, 'region', { weighted: true });
    expect(w.external).toBe(4);
    expect(w.internal).toBe(3);
  });
});
