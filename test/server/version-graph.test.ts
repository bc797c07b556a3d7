/**
 * Issue 20, defect 4: a version's snapshot and node detail's tie-type index are built in a pool worker from the
 * shared packed copy, not on the event loop. What the routes read must be what buildSnapshot and the old index
 * (a Map of Map of Set over all ties, rebuilt here as the reference) gave.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { buildSnapshot, type Snapshot } from '../../src/graph/snapshot.ts';
import { DatasetSchema, EDGE_TYPES, type Dataset, type DatasetInput } from '../../src/model/index.ts';
import { loadDataset } from '../../src/io/load.ts';
import { shareDataset } from '../../src/server/shared-dataset.ts';
import { assembleSnapshot, indexNodes, type SnapshotArrays } from '../../src/server/version-graph.ts';
import { WorkerPool } from '../../src/server/worker-pool.ts';
import { createRng } from '../../src/util/random.ts';
import { randomEcosystem } from './fixtures.ts';
import { makeServer } from './helpers.ts';
import { saveVersion } from '../../src/store/versions.ts';

/** Parallel ties of several types in both directions, self-loops, fractional weights and ties without one. */
function tangled(n: number, m: number, seed: number): Dataset {
  const rng = createRng(seed);
  const nodes = Array.from({ length: n }, (_, i) => ({ id: `v${i}`, type: (['school', 'teacher', 'company', 'hub'] as const)[i % 4] }));
  const edges: NonNullable<DatasetInput['edges']> = [];
  const pick = () => `v${Math.floor(rng() * n)}`;
  for (let k = 0; k < m; k++) {
    const r = rng();
    const prev = edges[Math.floor(rng() * edges.length)];
    const type = EDGE_TYPES[Math.floor(rng() * EDGE_TYPES.length)];
    const weight = rng() < 0.3 ? undefined : Math.round(rng() * 1000) / 100; // undefined: the default weight
    if (prev && r < 0.3) edges.push({ source: prev.target, target: prev.source, type, weight });
    else if (r < 0.35) {
      const v = pick();
      edges.push({ source: v, target: v, type });
    } else edges.push({ source: pick(), target: pick(), type, weight });
  }
  return DatasetSchema.parse({ nodes, edges });
}

/** Node detail's index as it was built on the loop before (src/server/routes/nodes.ts, edgeTypesOf). */
function referenceTieTypes(s: Snapshot, edges: Dataset['edges']): Map<number, Map<number, Set<string>>> {
  const ix = new Map<number, Map<number, Set<string>>>();
  for (const e of edges) {
    const a = s.index.get(e.source)!;
    const b = s.index.get(e.target)!;
    if (a === b) continue;
    for (const [x, y] of [
      [a, b],
      [b, a],
    ]) {
      let m = ix.get(x);
      if (!m) ix.set(x, (m = new Map()));
      let t = m.get(y);
      if (!t) m.set(y, (t = new Set()));
      t.add(e.type);
    }
  }
  return ix;
}

let pool: WorkerPool;
beforeAll(() => {
  pool = new WorkerPool({ size: 1 });
});
afterAll(async () => {
  await pool?.close();
});

let keys = 0; // a fresh key per share: workers keep a decoded copy by key
const share = (d: Dataset) => shareDataset(`t${++keys}`, d);
const cases: [string, () => Promise<Dataset>][] = [
  ['the sample (data/sample)', async () => (await loadDataset('data/sample')).dataset],
  ['a random graph with multi-type parallel ties, self-loops and weights', async () => tangled(400, 3000, 11)],
  ['a random ecosystem', async () => DatasetSchema.parse(randomEcosystem(3000, 9000, 5))],
];

describe('the snapshot built in a worker', () => {
  it.each(cases)('equals buildSnapshot field by field, on shared memory: %s', async (_, load) => {
    const dataset = await load();
    const a: SnapshotArrays = await pool.run('snapshot', { dataset: share(dataset) });
    for (const arr of [a.offsets, a.targets, a.weights, a.typeCode, a.ties.entry]) expect(arr.buffer).toBeInstanceOf(SharedArrayBuffer);
    const got = assembleSnapshot(dataset.nodes, await indexNodes(dataset.nodes), a);
    const want = buildSnapshot(dataset);
    expect(Object.keys(got).sort()).toEqual(Object.keys(want).sort());
    expect(got.n).toBe(want.n);
    expect(got.m).toBe(want.m);
    expect(got.weighted).toBe(want.weighted);
    expect(got.ids).toEqual(want.ids);
    expect([...got.index]).toEqual([...want.index]);
    expect(got.nodes).toBe(dataset.nodes);
    expect(Array.from(got.typeCode)).toEqual(Array.from(want.typeCode));
    expect(Array.from(got.offsets)).toEqual(Array.from(want.offsets));
    expect(Array.from(got.targets)).toEqual(Array.from(want.targets));
    expect(Array.from(got.weights)).toEqual(Array.from(want.weights));
    expect(got.m).toBeGreaterThan(0);
  });

  it.each(cases)('gives each adjacency entry the tie types the old index gave: %s', async (_, load) => {
    const dataset = await load();
    const a = await pool.run('snapshot', { dataset: share(dataset) });
    const s = buildSnapshot(dataset);
    const ref = referenceTieTypes(s, dataset.edges);
    let multi = 0;
    for (let v = 0; v < s.n; v++)
      for (let i = s.offsets[v]; i < s.offsets[v + 1]; i++) {
        const want = [...(ref.get(v)?.get(s.targets[i]) ?? [])].sort();
        expect(a.ties.sets[a.ties.entry[i]]).toEqual(want);
        if (want.length > 1) multi++;
      }
    if (dataset.edges.length === 3000) expect(multi).toBeGreaterThan(100); // the tangled graph does have multi-type pairs
  });

  it("lists the version's own tie types", async () => {
    const dataset = DatasetSchema.parse({
      nodes: [
        { id: 'a', type: 'school' },
        { id: 'b', type: 'community' },
        { id: 'c', type: 'school' },
      ],
      edges: [
        { source: 'a', target: 'b', type: 'collaboration', ownType: 'advice' },
        { source: 'b', target: 'c', type: 'affiliation', ownType: 'works at' },
        { source: 'a', target: 'c', type: 'collaboration', ownType: 'advice' },
      ],
    });
    const a = await pool.run('snapshot', { dataset: shareDataset('own', dataset) });
    expect(a.ownTypes).toEqual(['advice', 'works at']);
  });
});

describe('the urgent lane of the worker pool', () => {
  it('starts a first read at once while every worker runs a long layout', async () => {
    const big = shareDataset('big', DatasetSchema.parse(randomEcosystem(3000, 9000, 3)));
    const order: string[] = [];
    const long = pool.run('layout', { dataset: big, iterations: 600, seed: 1 }).then(() => order.push('layout'));
    const queued = pool.run('layout', { dataset: big, iterations: 5, seed: 2 }).then(() => order.push('queued layout'));
    await new Promise((r) => setTimeout(r, 200));
    const small = shareDataset('small', DatasetSchema.parse(randomEcosystem(200, 600, 4)));
    const t = performance.now();
    const a = await pool.run('snapshot', { dataset: small }, { urgent: true });
    order.push('snapshot');
    const waited = performance.now() - t; // includes starting the lane's worker thread
    expect(a.n).toBe(200);
    expect(pool.stats().size).toBe(1);
    await Promise.all([long, queued]);
    // On the pool's one regular worker it would have waited for both layouts.
    expect(order).toEqual(['snapshot', 'layout', 'queued layout']);
    expect(waited).toBeLessThan(60_000);
  }, 120_000);
});

describe('node detail tie types', () => {
  it('lists every type of the parallel ties to each neighbour, sorted, and leaves self-loops out', async () => {
    const s = await makeServer();
    try {
      const data = DatasetSchema.parse({
        nodes: [
          { id: 'a', type: 'school' },
          { id: 'b', type: 'company' },
          { id: 'c', type: 'teacher' },
          { id: 'd', type: 'hub' },
        ],
        edges: [
          { source: 'a', target: 'b', type: 'partnership', weight: 2 },
          { source: 'b', target: 'a', type: 'collaboration', weight: 0.5 },
          { source: 'a', target: 'b', type: 'partnership', weight: 1 },
          { source: 'a', target: 'b', type: 'cocreation' },
          { source: 'c', target: 'a', type: 'affiliation' },
          { source: 'a', target: 'a', type: 'mentoring' },
          { source: 'b', target: 'd', type: 'participation' },
        ],
      });
      await saveVersion(s.store, 'ties', data, { createWorkspace: true, author: 'test' });
      const detail = async (id: string) =>
        (await request(s.app).get(`/api/workspaces/ties/versions/latest/nodes/${id}?suggestions=none`).expect(200)).body as {
          neighbours: { id: string; edgeTypes: string[]; weight: number }[];
        };
      expect((await detail('a')).neighbours.map((n) => [n.id, n.edgeTypes, n.weight])).toEqual([
        ['b', ['cocreation', 'collaboration', 'partnership'], 4.5],
        ['c', ['affiliation'], 1],
      ]);
      expect((await detail('b')).neighbours.map((n) => [n.id, n.edgeTypes])).toEqual([
        ['a', ['cocreation', 'collaboration', 'partnership']],
        ['d', ['participation']],
      ]);
    } finally {
      await s.dispose();
    }
  }, 120_000);
});
