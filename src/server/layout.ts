import fa2Module from 'graphology-layout-forceatlas2';
import type { Dataset } from '../model/index.ts';
import { buildSnapshot } from '../graph/snapshot.ts';
import { snapshotToGraph } from '../graph/graphology.ts';
import { createRng } from '../util/random.ts';

// A CommonJS module: under NodeNext its default import is module.exports (the layout function with .assign).
const forceAtlas2 = ((fa2Module as unknown as { default?: unknown }).default ?? fa2Module) as typeof fa2Module.default;

export interface LayoutOptions {
  /** ForceAtlas2 iterations; default 200 up to 5k nodes, then scaled down (≥ 40) so large graphs stay quick. */
  iterations?: number;
  /** Seed for the initial positions (default 1): same dataset + options → same layout. */
  seed?: number;
  /** Called with the fraction done every few iterations. */
  onProgress?: (fraction: number) => void;
}

export interface Layout {
  /** `seed`: the O(n + m) first layout of a large version (seed-layout.ts), while ForceAtlas2 runs in the background. */
  algorithm: 'forceatlas2' | 'seed';
  /** ForceAtlas2 iterations; 0 for the seed layout. */
  iterations: number;
  seed: number;
  /** Positions by node index, in dataset node order. */
  x: number[];
  y: number[];
}

export function defaultIterations(n: number): number {
  return n <= 5000 ? 200 : Math.max(40, Math.round((200 * 5000) / n));
}

/**
 * About how much work computeLayout does: (iterations + 15) × (nodes + ties). The 15 is building the graphology
 * graph and the Barnes–Hut set-up, which cost about as much as 15 iterations (6.4 s for one iteration at 100k nodes
 * and 300k ties against 101 s for 40, on the shared 2-core machine). One million is about 2 s there.
 */
export function layoutWork(n: number, m: number, iterations = defaultIterations(n)): number {
  return (iterations + 15) * (n + m);
}

/** Deterministic ForceAtlas2 layout: seeded random start, then FA2 in chunks so progress can be reported. */
export function computeLayout(dataset: Pick<Dataset, 'nodes' | 'edges'>, options: LayoutOptions = {}): Layout {
  const snap = buildSnapshot(dataset);
  // Keyed by index strings, never by user ids (graphology and `__proto__`).
  const g = snapshotToGraph(snap);
  const seed = options.seed ?? 1;
  const iterations = options.iterations ?? defaultIterations(snap.n);
  const rng = createRng(seed);
  const r = Math.sqrt(Math.max(1, snap.n)) * 10;
  g.forEachNode((key) => g.mergeNodeAttributes(key, { x: (rng() * 2 - 1) * r, y: (rng() * 2 - 1) * r }));
  const settings = { ...forceAtlas2.inferSettings(g), barnesHutOptimize: snap.n > 1000 };
  const chunk = Math.max(1, Math.ceil(iterations / 20));
  for (let done = 0; done < iterations; ) {
    const step = Math.min(chunk, iterations - done);
    forceAtlas2.assign(g, { iterations: step, settings, getEdgeWeight: 'weight' });
    done += step;
    options.onProgress?.(done / iterations);
  }
  const x = new Array<number>(snap.n);
  const y = new Array<number>(snap.n);
  for (let v = 0; v < snap.n; v++) {
    const a = g.getNodeAttributes(String(v));
    x[v] = Number.isFinite(a.x) ? Math.round(a.x * 1000) / 1000 : 0;
    y[v] = Number.isFinite(a.y) ? Math.round(a.y * 1000) / 1000 : 0;
  }
  return { algorithm: 'forceatlas2', iterations, seed, x, y };
}
