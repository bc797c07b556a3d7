import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateEdges } from '../../bench/generate-graph.ts';
import { analyze } from '../../src/analysis/analyze.ts';
import { analyzeOptionsFromFlags } from '../../src/cli/commands/analyze.ts';
import { cpmQuality, leidenCommunities } from '../../src/analysis/communities/leiden.ts';
import { leidenCsr } from '../../src/analysis/communities/leiden-csr.ts';
import { modularity } from '../../src/analysis/communities/modularity.ts';
import { louvainCommunities } from '../../src/analysis/communities/louvain.ts';
import { buildSnapshot, type Snapshot } from '../../src/graph/snapshot.ts';
import { DatasetSchema } from '../../src/model/index.ts';
import { createRng } from '../../src/util/random.ts';
import { loadReference, REFERENCE_NETWORKS } from './reference-helpers.ts';

const SCRIPT = fileURLToPath(new URL('../fixtures/scripts/leiden_ref.py', import.meta.url));
const SEEDS = [1, 2, 3, 4, 5];

/** leidenalg / igraph on the same graph (each undirected tie once), through /usr/bin/python3. */
function reference(s: Snapshot, quality: 'modularity' | 'cpm', resolution = 1, weighted = true): { leidenalg: number[]; igraph: number[] } {
  const edges: [number, number, number][] = [];
  for (let u = 0; u < s.n; u++) {
    for (let i = s.offsets[u]; i < s.offsets[u + 1]; i++) if (u < s.targets[i]) edges.push([u, s.targets[i], s.weights[i]]);
  }
  const out = execFileSync('/usr/bin/python3', [SCRIPT], {
    input: JSON.stringify({ n: s.n, edges, seeds: SEEDS, quality, resolution, weighted }),
    maxBuffer: 1 << 26,
  });
  return JSON.parse(out.toString()) as { leidenalg: number[]; igraph: number[] };
}
const median = (xs: number[]) => {
  const a = [...xs].sort((x, y) => x - y);
  return a[Math.floor(a.length / 2)];
};

/** True when every community induces a connected subgraph (BFS inside each). */
function allConnected(s: Snapshot, membership: Int32Array): boolean {
  const seen = new Uint8Array(s.n);
  const started = new Set<number>();
  for (let v = 0; v < s.n; v++) {
    if (seen[v]) continue;
    if (started.has(membership[v])) return false; // a second piece of a community already visited
    started.add(membership[v]);
    const stack = [v];
    seen[v] = 1;
    while (stack.length) {
      const u = stack.pop()!;
      for (let i = s.offsets[u]; i < s.offsets[u + 1]; i++) {
        const w = s.targets[i];
        if (!seen[w] && membership[w] === membership[u]) {
          seen[w] = 1;
          stack.push(w);
        }
      }
    }
  }
  return true;
}

function snapshotOf(n: number, edges: [number, number, number][]): Snapshot {
  return buildSnapshot(
    DatasetSchema.parse({
      nodes: Array.from({ length: n }, (_, v) => ({ id: `v${v}`, type: 'other' })),
      edges: edges.map(([a, b, w]) => ({ source: `v${a}`, target: `v${b}`, weight: w })),
    }),
  );
}

/** Ecosystem-like graph: Holme–Kim (heavy-tailed degrees, clustering), weights 1–5 (bench/generate-graph.ts). */
function ecosystem(n: number, seed: number): Snapshot {
  const g = generateEdges({ nodes: n, edgesPerNode: 3, seed });
  return snapshotOf(
    n,
    Array.from(g.source, (a, i) => [a, g.target[i], g.weight[i]] as [number, number, number]),
  );
}

/** Planted partition with noise: 20 groups of 40, p_in 0.15, p_out 0.004, unit weights. */
function planted(seed: number): Snapshot {
  const rng = createRng(seed);
  const edges: [number, number, number][] = [];
  const n = 800;
  for (let u = 0; u < n; u++) for (let v = u + 1; v < n; v++) if (rng() < (Math.floor(u / 40) === Math.floor(v / 40) ? 0.15 : 0.004)) edges.push([u, v, 1]);
  return snapshotOf(n, edges);
}

const cases: [string, () => Snapshot][] = [
  ...REFERENCE_NETWORKS.map((name): [string, () => Snapshot] => [name, () => loadReference(name).snapshot]),
  ['Holme–Kim 3,000 (seed 3)', () => ecosystem(3000, 3)],
  ['Holme–Kim 2,000 (seed 11)', () => ecosystem(2000, 11)],
  ['planted partition 800 (seed 5)', () => planted(5)],
];

describe('Leiden against leidenalg and igraph', () => {
  for (const [name, make] of cases) {
    it(`${name}: modularity ≥ leidenalg − 0.002, communities connected and γ-separated`, () => {
      const s = make();
      const ref = reference(s, 'modularity');
      const ours = leidenCommunities(s, { seed: 1 });
      expect(ours.modularity).toBeGreaterThanOrEqual(median(ref.leidenalg) - 0.002);
      expect(ours.modularity).toBeGreaterThanOrEqual(median(ref.igraph) - 0.002);
      expect(ours.split).toBe(0);
      expect(allConnected(s, ours.membership)).toBe(true);
      expect(ours.gammaSeparated).toBe(true);
    });
  }

  it('CPM: quality ≥ leidenalg CPMVertexPartition (which reports twice Σ_c [e_c − γ·C(n_c, 2)]) within 0.5 %', () => {
    for (const [s, gamma] of [
      [loadReference('les-miserables').snapshot, 0.05],
      [ecosystem(2000, 11), 0.01],
      [planted(5), 0.1],
    ] as const) {
      const ref = reference(s, 'cpm', gamma, false);
      const ours = leidenCommunities(s, { quality: 'cpm', resolution: gamma, weighted: false, seed: 1 });
      expect(ours.qualityValue).toBeCloseTo(cpmQuality(s, ours.membership, { resolution: gamma, weighted: false }), 9);
      const target = median(ref.leidenalg) / 2;
      expect(ours.qualityValue).toBeGreaterThanOrEqual(target - 0.005 * Math.abs(target));
      expect(allConnected(s, ours.membership)).toBe(true);
    }
  });
});

describe('Leiden behaviour', () => {
  it('is reproducible for a seed, numbers communities by size, and honours resolution', () => {
    const s = ecosystem(2000, 11);
    const a = leidenCommunities(s, { seed: 7 });
    const b = leidenCommunities(s, { seed: 7 });
    expect([...a.membership]).toEqual([...b.membership]);
    expect(a.sizes).toEqual([...a.sizes].sort((x, y) => y - x));
    expect(a.sizes.reduce((x, y) => x + y, 0)).toBe(s.n);
    const fine = leidenCommunities(s, { seed: 7, resolution: 4 });
    expect(fine.count).toBeGreaterThan(a.count);
    expect(allConnected(s, fine.membership)).toBe(true);
  });

  it('reaches at least the modularity of Louvain on the generated graphs', () => {
    for (const s of [ecosystem(3000, 3), planted(5)]) {
      expect(leidenCommunities(s, { seed: 1 }).modularity).toBeGreaterThanOrEqual(louvainCommunities(s, { seed: 1 }).modularity - 0.002);
    }
  });

  it('stops once an iteration adds less than tolerance × quality: quality never falls, and tolerance 0 runs until unchanged', () => {
    const s = ecosystem(3000, 3);
    const csr = { n: s.n, offsets: s.offsets, targets: s.targets, weights: s.weights };
    const full = leidenCsr(csr, { tolerance: 0, maxIterations: 30, rng: createRng(1) });
    const quick = leidenCsr(csr, { rng: createRng(1) });
    for (let i = 1; i < full.trace.length; i++) expect(full.trace[i]).toBeGreaterThanOrEqual(full.trace[i - 1] - 1e-9);
    // The default run is a prefix of the full run (same draws) cut where the gain first fell below 1e-3 × H.
    expect(quick.trace).toEqual(full.trace.slice(0, quick.iterations));
    const k = quick.iterations - 1;
    expect(quick.trace[k] - quick.trace[k - 1]).toBeLessThan(1e-3 * quick.trace[k]);
    for (let i = 1; i < k; i++) expect(full.trace[i] - full.trace[i - 1]).toBeGreaterThanOrEqual(1e-3 * full.trace[i]);
    expect(full.iterations).toBeGreaterThan(quick.iterations);
    // And what is left on the table is small: under 0.002 of modularity.
    expect(modularity(s, full.membership) - modularity(s, quick.membership)).toBeLessThan(0.002);
  });

  it('leaves every node alone in a graph without ties', () => {
    const s = snapshotOf(3, []);
    const c = leidenCommunities(s);
    expect(c.count).toBe(3);
  });
});

describe('Leiden in analyze', () => {
  it('is the default community method; Louvain stays reachable with communityMethod (CLI --communities louvain)', async () => {
    const { dataset } = loadReference('les-miserables');
    const leiden = await analyze(dataset, { metrics: ['communities'] });
    expect(leiden.graph).toMatchObject({ communityMethod: 'leiden', communitiesSplit: 0, gammaSeparated: true, quality: { function: 'modularity' } });
    expect(leiden.graph.quality!.value).toBeCloseTo(leiden.graph.modularity!, 12);
    const louvain = await analyze(dataset, analyzeOptionsFromFlags({ metrics: 'communities', communities: 'louvain' }));
    expect(louvain.graph.communityMethod).toBe('louvain');
    expect(louvain.graph.gammaSeparated).toBeUndefined();
    expect(() => analyzeOptionsFromFlags({ communities: 'girvan' })).toThrow(/--communities/);
    await expect(analyze(dataset, { communityMethod: 'louvain', quality: 'cpm' })).rejects.toThrow(/CPM/);
    const cpm = await analyze(dataset, { metrics: ['communities'], quality: 'cpm', resolution: 0.05, weighted: false });
    expect(cpm.graph.quality!.function).toBe('cpm');
  });
});
