/**
 * The store: write a 100k-node / 500k-edge version (target < 15 s on PGlite) and load it back into an
 * analysable snapshot (target < 3 s). PGlite always; the PostgreSQL server too when DATABASE_URL is set.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Dataset, HubNode } from '../src/model/index.ts';
import { buildSnapshot } from '../src/graph/snapshot.ts';
import { loadWorkspaceDataset, openStore, saveVersion, type Store } from '../src/store/index.ts';
import { generateEdges } from './generate-graph.ts';
import type { BenchRow } from './types.ts';

const NODES = 100_000;
const TYPES: HubNode['type'][] = ['school', 'school', 'school', 'teacher', 'company', 'university', 'vet', 'community', 'hub', 'public'];

function dataset(): Dataset {
  const g = generateEdges({ nodes: NODES, edgesPerNode: 5, seed: 5 });
  const nodes: HubNode[] = Array.from({ length: NODES }, (_, i) => ({
    id: `org-${i}`,
    type: TYPES[i % TYPES.length],
    label: `Organisation ${i}`,
    region: `R${i % 12}`,
    country: 'EU',
    ...(i % 3 === 0 ? { maturity: 1 + (i % 5), themes: ['STEM', 'AI'] } : {}),
    attrs: {},
  }));
  const edges = Array.from(g.source, (s, k) => ({
    source: `org-${s}`,
    target: `org-${g.target[k]}`,
    type: 'collaboration' as const,
    weight: g.weight[k],
    ...(k % 4 === 0 ? { start: '2024-09-01' } : {}),
    attrs: {},
  }));
  return { meta: { name: 'bench 100k', synthetic: true }, nodes, edges };
}

const rss = () => Math.round(process.memoryUsage().rss / 2 ** 20);

async function measure(engine: string, store: Store, ds: Dataset, openSeconds: number): Promise<BenchRow[]> {
  let t = performance.now();
  await saveVersion(store, 'bench', ds, { createWorkspace: true, author: 'bench' });
  const write = (performance.now() - t) / 1000;
  t = performance.now();
  const { dataset } = await loadWorkspaceDataset(store, 'bench');
  const snap = buildSnapshot(dataset);
  const read = (performance.now() - t) / 1000;
  if (dataset.edges.length !== ds.edges.length || snap.n !== NODES) throw new Error('store bench: loaded dataset differs');
  const size = `${NODES / 1000}k nodes / ${Math.round(ds.edges.length / 1000)}k edges`;
  return [
    {
      suite: 'store',
      case: `${engine}: store a version (${size})`,
      seconds: write,
      peakRssMB: rss(),
      target: engine === 'pglite' ? '< 15 s' : undefined,
      pass: engine === 'pglite' ? write < 15 : undefined,
      note: `open + migrate ${openSeconds.toFixed(1)} s not included`,
    },
    { suite: 'store', case: `${engine}: load it into a snapshot`, seconds: read, peakRssMB: rss(), target: '< 3 s', pass: read < 3 },
  ];
}

export async function run(): Promise<BenchRow[]> {
  const ds = dataset();
  const rows: BenchRow[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'hubgraph-bench-store-'));
  try {
    const t = performance.now();
    const store = await openStore({ dataDir: dir });
    try {
      rows.push(...(await measure('pglite', store, ds, (performance.now() - t) / 1000)));
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const url = process.env.DATABASE_URL;
  if (url) {
    const schema = `hubgraph_bench_${process.pid}`;
    const t = performance.now();
    const store = await openStore({ databaseUrl: url, schema });
    try {
      rows.push(...(await measure('postgres', store, ds, (performance.now() - t) / 1000)));
    } finally {
      await store.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    }
  } else {
    rows.push({
      suite: 'store',
      case: 'postgres: skipped',
      seconds: Number.NaN,
      note: 'set DATABASE_URL (e.g. eval "$(bash .ci/postgres.sh start)") to measure the server engine',
    });
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await run()) console.log(JSON.stringify(r));
}
