/**
 * Significance runtime: 1,000 degree-preserving null samples (10·m double edge swaps each) and the
 * four statistics, on a generated 10k-node / 50k-tie ecosystem graph, over the worker threads (one
 * per core). Also 100 G(n, m) samples. The note gives the CPU seconds of all threads besides the
 * wall time: on this shared machine the wall time mostly measures the other sessions' load.
 * Then Borgatti–Everett core–periphery (same suite: the research extras) on 100k/500k, valued and
 * unvalued. Run alone: `node --import tsx bench/significance.ts`.
 */
import { fileURLToPath } from 'node:url';
import { significance } from '../src/analysis/significance/significance.ts';
import { corePeriphery } from '../src/analysis/structure/core-periphery.ts';
import { buildSnapshot } from '../src/graph/snapshot.ts';
import { createRng } from '../src/util/random.ts';
import { ensureGraphCsv } from './generate-graph.ts';
import { peakRssMB, readEdgeList, time, timeAsync } from './lib.ts';
import type { BenchRow } from './types.ts';

export async function run(): Promise<BenchRow[]> {
  const rng = createRng(3);
  const data = readEdgeList(ensureGraphCsv({ nodes: 10_000, edgesPerNode: 5 }), (id) => ({
    id,
    type: 'other',
    region: `R${Math.floor(rng() * 20)}`,
    attrs: {},
  }));
  const rows: BenchRow[] = [];
  for (const [model, samples] of [
    ['degree', 1000],
    ['erdos-renyi', 100],
  ] as const) {
    const t = await timeAsync(() => significance(data, { null: model, samples, seed: 1 }));
    const mod = t.value.tests.find((x) => x.stat === 'modularity')!;
    rows.push({
      suite: 'significance',
      case: `${samples} ${model} samples, 10k/50k, 4 statistics`,
      seconds: t.seconds,
      peakRssMB: peakRssMB(),
      note: `${t.value.settings.threads} threads; ${((t.seconds / samples) * 1000).toFixed(0)} ms per sample; CPU ${t.cpu.toFixed(0)} s (${((t.cpu / samples) * 1000).toFixed(0)} ms per sample); modularity z ${mod.z?.toFixed(1)}; mean swaps ${t.value.settings.meanSwaps?.toFixed(0) ?? '—'} (m = ${t.value.edges})`,
    });
  }
  const big = readEdgeList(ensureGraphCsv({ nodes: 100_000, edgesPerNode: 5, seed: 2 }));
  const s = buildSnapshot(big);
  for (const weighted of [true, false]) {
    const t = time(() => corePeriphery(s, { weighted }));
    rows.push({
      suite: 'significance',
      case: `core–periphery (Borgatti–Everett), 100k/500k, ${weighted ? 'valued' : 'unvalued'}`,
      seconds: t.seconds,
      peakRssMB: peakRssMB(),
      target: 'converges',
      pass: t.value.converged,
      note: `${t.value.iterations} iterations (tolerance 1e-9); fit ${t.value.fit?.toFixed(4)}; CPU ${t.cpu.toFixed(1)} s`,
    });
  }
  return rows;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const r of await run()) console.log(JSON.stringify(r));
}
