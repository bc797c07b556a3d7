/**
 * `hubgraph analyze` with its default options on a network the size of the CORDIS H2020 participation
 * network of issue 17 (67,322 nodes, 144,726 ties; here a seeded Holme–Kim ecosystem, k = 2, topped up
 * with seeded random ties to the same count), whole process as a user runs it: the time budget
 * (src/analysis/budget.ts) picks sampled betweenness; the same process with `--exact --metrics
 * betweenness` gives the exact values; the row says how many of the exact top-20 brokers the default
 * run ranks in its top 20. Target: under 60 s, ≥ 17 of 20.
 * Rerun: `npm run bench -- --only defaults` (the exact run takes minutes).
 */
import { execFile } from 'node:child_process';
import { appendFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createRng } from '../src/util/random.ts';
import { ensureEcosystem } from './scale.ts';
import type { BenchRow } from './types.ts';

const run$ = promisify(execFile);
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const NODES = 67_322, TIES = 144_726;

function ensureNetwork(): string {
  const dir = ensureEcosystem({ nodes: NODES, edgesPerNode: 2, seed: 17 });
  const marker = join(dir, '.topped-up');
  if (existsSync(marker)) return dir;
  // Holme–Kim with k = 2 gives 2 ties per node; add seeded random ties up to the CORDIS count.
  const have = NODES * 2 - 3;
  const rng = createRng(1717);
  const lines: string[] = [];
  for (let i = have; i < TIES; i++) {
    const a = Math.floor(rng() * NODES);
    let b = Math.floor(rng() * NODES);
    if (b === a) b = (a + 1) % NODES;
    lines.push(`n${a},n${b},1,collaboration`);
  }
  appendFileSync(join(dir, 'edges.csv'), lines.join('\n') + '\n');
  appendFileSync(marker, `${lines.length}\n`);
  return dir;
}

interface Doc { graph: { nodes: number; edges: number; settings: { allPairs: { mode: string; samples?: number; message: string } | null } }; nodes: { id: string; betweenness: number }[] }

/** Whole process, wall seconds and peak RSS (GNU time), the JSON document parsed. */
async function analyzeProcess(args: string[]): Promise<{ seconds: number; rssMB: number; doc: Doc }> {
  const t0 = performance.now();
  const { stdout, stderr } = await run$('/usr/bin/time', ['-f', 'peak-rss-kb %M', process.execPath, join(ROOT, 'bin/hubgraph.js'), 'analyze', ...args, '--json', '--no-progress'], { cwd: ROOT, maxBuffer: 1 << 28 });
  const seconds = (performance.now() - t0) / 1000;
  const rss = Number(/peak-rss-kb (\d+)/.exec(stderr)?.[1] ?? NaN) / 1024;
  return { seconds, rssMB: rss, doc: JSON.parse(stdout) as Doc };
}

const top = (d: Doc, k: number) => new Set([...d.nodes].sort((a, b) => b.betweenness - a.betweenness).slice(0, k).map((n) => n.id));

export async function run(): Promise<BenchRow[]> {
  const dir = ensureNetwork();
  const dflt = await analyzeProcess([dir, '--fields', 'betweenness']);
  const exact = await analyzeProcess([dir, '--metrics', 'betweenness', '--exact', '--fields', 'betweenness']);
  const exactTop = top(exact.doc, 20);
  const agree = [...top(dflt.doc, 20)].filter((id) => exactTop.has(id)).length;
  const plan = dflt.doc.graph.settings.allPairs;
  const size = `${dflt.doc.graph.nodes} nodes / ${dflt.doc.graph.edges} ties`;
  return [
    {
      suite: 'defaults', case: `analyze, default options, whole process (${size})`, seconds: dflt.seconds, peakRssMB: dflt.rssMB,
      target: '< 60 s, top-20 brokers ≥ 17 of 20 exact', pass: dflt.seconds < 60 && agree >= 17,
      note: `${plan?.mode === 'sampled' ? `sampled betweenness, ${plan.samples} pivots` : plan?.mode ?? 'no plan'}; top-20 brokers: ${agree} of 20 in the exact top 20`,
    },
    { suite: 'defaults', case: `analyze --metrics betweenness --exact, whole process (${size})`, seconds: exact.seconds, peakRssMB: exact.rssMB, note: 'the exact reference for the row above' },
  ];
}
