import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze, type NodeResult } from '../../src/analysis/analyze.ts';
import { loadDataset } from '../../src/io/load.ts';

// End to end through the public `analyze` (the registry, the weight conventions, the JSON shape)
// against the NetworkX values in test/fixtures/reference. The kernels have their own tests.
const NETWORKS = ['karate', 'les-miserables', 'florentine', 'davis'] as const;
const dir = (name: string) => new URL(`../fixtures/reference/${name}/`, import.meta.url).pathname;

interface Expected {
  graph: Record<string, number | unknown>;
  nodes: Record<string, Record<string, number>>;
}

const UNWEIGHTED_FIELDS: [keyof NodeResult, string][] = [
  ['degree', 'degree'],
  ['betweenness', 'betweenness'],
  ['closeness', 'closeness'],
  ['harmonic', 'harmonic'],
  ['pagerank', 'pagerank'],
  ['eigenvector', 'eigenvector'],
  ['core', 'core'],
  ['clustering', 'clustering'],
  ['constraint', 'constraint'],
  ['effectiveSize', 'effectiveSize'],
];

describe.each(NETWORKS)('analyze(%s) agrees with NetworkX', (name) => {
  const expected = JSON.parse(readFileSync(`${dir(name)}expected.json`, 'utf8')) as Expected;

  it('weighted: false: every per-node metric and graph figure', async () => {
    const { dataset } = await loadDataset(dir(name));
    const r = await analyze(dataset, { weighted: false, workers: 1 });
    expect(r.graph.nodes).toBe(expected.graph.nodes);
    expect(r.graph.edges).toBe(expected.graph.edges);
    expect(r.graph.components).toBe(expected.graph.components);
    expect(r.graph.diameter).toBe(expected.graph.diameter);
    expect(r.graph.density).toBeCloseTo(expected.graph.density as number, 6);
    expect(r.graph.transitivity).toBeCloseTo(expected.graph.transitivity as number, 6);
    expect(r.graph.averageClustering).toBeCloseTo(expected.graph.averageClustering as number, 6);
    expect(r.graph.degreeAssortativity).toBeCloseTo(expected.graph.degreeAssortativity as number, 6);
    expect(r.graph.modularity!).toBeGreaterThanOrEqual((expected.graph.louvainBestModularity as number) * 0.99);
    const sortPairs = (ps: [string, string][]) => ps.map((p) => [...p].sort().join('|')).sort();
    expect(sortPairs(r.bridges!)).toEqual(sortPairs(expected.graph.bridges as [string, string][]));
    expect([...r.articulationPoints!].sort()).toEqual([...(expected.graph.articulationPoints as string[])].sort());
    for (const node of r.nodes) {
      const want = expected.nodes[node.id];
      for (const [ours, theirs] of UNWEIGHTED_FIELDS) {
        if (want[theirs] === undefined) continue;
        const got = node[ours] as number | null;
        if (want[theirs] === null || Number.isNaN(want[theirs])) expect(got, `${node.id}.${ours}`).toBeNull();
        else expect(got, `${node.id}.${ours}`).toBeCloseTo(want[theirs], 6);
      }
      expect(node.strength).toBe(want.degree);
    }
  });

  it('weighted by default: strength and PageRank use tie strengths, paths stay in hops', async () => {
    const { dataset } = await loadDataset(dir(name));
    const r = await analyze(dataset, { metrics: ['strength', 'pagerank', 'betweenness'], workers: 1 });
    for (const node of r.nodes) {
      const want = expected.nodes[node.id];
      expect(node.strength, node.id).toBeCloseTo(want.strength, 9);
      expect(node.pagerank, node.id).toBeCloseTo(want.pagerankWeighted, 6);
      expect(node.betweenness, node.id).toBeCloseTo(want.betweenness, 6);
      expect(node.closeness).toBeUndefined();
    }
    expect(r.graph.settings.metrics).toEqual(['strength', 'betweenness', 'pagerank']);
  });
});

describe('analyze options', () => {
  it('is reproducible for a seed and reports what it used', async () => {
    const { dataset } = await loadDataset(dir('les-miserables'));
    const a = await analyze(dataset, { metrics: ['communities'], seed: 7 });
    const b = await analyze(dataset, { metrics: ['communities'], seed: 7 });
    expect(a.nodes.map((n) => n.community)).toEqual(b.nodes.map((n) => n.community));
    expect(a.graph.settings).toMatchObject({ seed: 7, resolution: 1, weighted: true, weightedPaths: false });
    expect(a.communities!.reduce((sum, c) => sum + c.size, 0)).toBe(77);
  });

  it('sampled betweenness says so and stays close to exact on a small graph', async () => {
    const { dataset } = await loadDataset(dir('les-miserables'));
    const r = await analyze(dataset, { metrics: ['betweenness'], samples: 60, seed: 3, workers: 1 });
    expect(r.graph.settings.betweenness).toEqual({ sampled: 60 });
    const top = [...r.nodes].sort((x, y) => (y.betweenness ?? 0) - (x.betweenness ?? 0))[0];
    expect(top.id).toBe('Valjean');
  });

  it('rejects bad options with the field named', async () => {
    const { dataset } = await loadDataset(dir('florentine'));
    await expect(analyze(dataset, { resolution: -1 })).rejects.toThrow(/resolution/);
    await expect(analyze(dataset, { metrics: ['nonsense' as never] })).rejects.toThrow(/metrics/);
  });
});

describe('analyze on the sample region (the coordinator view)', () => {
  const sample = new URL('../../data/sample/', import.meta.url).pathname;

  it('lists isolated schools with reasons, filtered by region, and indicators per region and hub', async () => {
    const { dataset } = await loadDataset(sample);
    const all = await analyze(dataset, { metrics: ['isolation', 'indicators'] });
    const isolated = all.isolation!.filter((e) => e.status === 'isolated');
    expect(isolated.length).toBeGreaterThan(0);
    for (const e of isolated) expect(e.reasons.length).toBeGreaterThan(0);
    // Ranked: scores never increase down the list.
    for (let i = 1; i < all.isolation!.length; i++) expect(all.isolation![i].score).toBeLessThanOrEqual(all.isolation![i - 1].score);

    const region = isolated[0].region!;
    const some = await analyze(dataset, { metrics: ['isolation'], region });
    expect(some.isolation!.length).toBeGreaterThan(0);
    expect(some.isolation!.every((e) => e.region === region)).toBe(true);

    const ind = all.indicators!;
    expect(ind.regions.map((r) => r.key)).toContain(region);
    expect(ind.hubs.length).toBe(dataset.nodes.filter((n) => n.type === 'hub').length);
    expect(ind.overall.isolatedSchools).toBe(all.isolationSummary!.isolated);
    const schoolNodes = all.nodes.filter((n) => n.type === 'school');
    expect(schoolNodes.every((n) => n.isolation && n.isolation.score >= 0 && n.isolation.score <= 1)).toBe(true);
  });
});
