import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { loadDataset } from '../../src/io/load.ts';
import { parseNodeTypes, projectBipartite, ORGANISATION_TYPES } from '../../src/graph/projection.ts';
import { DatasetSchema } from '../../src/model/index.ts';

const davis = (await loadDataset('test/fixtures/reference/davis')).dataset;
const reference = JSON.parse(await readFile('test/fixtures/reference/davis/projection-women.json', 'utf8')) as { edges: [string, string, number][] };
const key = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

describe('projectBipartite', () => {
  it('agrees with NetworkX weighted_projected_graph on Davis Southern Women', () => {
    const p = projectBipartite(davis, { onto: ['teacher'] });
    expect(p.nodes).toHaveLength(18);
    const ours = new Map(p.edges.map((e) => [key(e.source, e.target), e.weight]));
    const theirs = new Map(reference.edges.map(([a, b, w]) => [key(a, b), w]));
    expect(ours.size).toBe(theirs.size);
    for (const [k, w] of theirs) expect(ours.get(k), k).toBe(w);
  });

  it("Newman's collaboration weighting matches NetworkX collaboration_weighted_projected_graph", () => {
    const p = projectBipartite(davis, { onto: ['teacher'], weighting: 'newman' });
    const w = new Map(p.edges.map((e) => [key(e.source, e.target), e.weight]));
    // Values from networkx 2.8.8 bipartite.collaboration_weighted_projected_graph.
    expect(w.get(key('Evelyn Jefferson', 'Laura Mandeville'))).toBeCloseTo(1.5626373626373624, 12);
    expect(w.get(key('Brenda Rogers', 'Dorothy Murchison'))).toBeCloseTo(0.07692307692307693, 12);
    expect(w.get(key('Nora Fayette', 'Sylvia Avondale'))).toBeCloseTo(1.652020202020202, 12);
    expect(p.edges).toHaveLength(139);
    // Each event with k women hands out k/2 in total.
    const sizes = new Map<string, number>();
    for (const e of davis.edges) sizes.set(e.target, (sizes.get(e.target) ?? 0) + 1);
    const total = [...sizes.values()].filter((k) => k > 1).reduce((s, k) => s + k / 2, 0);
    expect(p.edges.reduce((s, e) => s + e.weight, 0)).toBeCloseTo(total, 9);
  });

  it('projects onto the events as well, with the shared count kept', () => {
    const p = projectBipartite(davis, { onto: ['project'] });
    expect(p.nodes).toHaveLength(14);
    expect(p.edges.every((e) => e.attrs.shared === e.weight && e.type === 'collaboration')).toBe(true);
    expect(() => DatasetSchema.parse(p)).not.toThrow();
  });

  it('counts a project once per member whatever the edge direction or duplicates, and keeps isolated members', () => {
    const d = DatasetSchema.parse({
      nodes: [
        { id: '__proto__', type: 'school' },
        { id: 'b', type: 'company' },
        { id: 'c', type: 'university' },
        { id: 'p1', type: 'project' },
        { id: 'p2', type: 'project' },
        { id: 't', type: 'teacher' },
      ],
      edges: [
        { source: '__proto__', target: 'p1', type: 'participation' },
        { source: 'p1', target: 'b' },
        { source: '__proto__', target: 'p1', type: 'partnership' },
        { source: 'b', target: 'p2' },
        { source: '__proto__', target: 'p2' },
        { source: 't', target: 'p1' },
      ],
    });
    const p = projectBipartite(d, { onto: ORGANISATION_TYPES });
    expect(p.nodes.map((n) => n.id)).toEqual(['__proto__', 'b', 'c']);
    expect(p.edges.map((e) => [e.source, e.target, e.weight])).toEqual([['__proto__', 'b', 2]]);
  });

  it('parses --onto values', () => {
    expect(parseNodeTypes('teacher')).toEqual(['teacher']);
    expect(parseNodeTypes('school, company')).toEqual(['school', 'company']);
    expect(parseNodeTypes('organisation')).toContain('university');
    expect(parseNodeTypes('pupil')).toMatch(/unknown node type "pupil"/);
  });
});
