/**
 * Centrality benchmarks against igraph (and NetworkX for the sampled estimate), measured in the
 * same run on the same generated edge list (bench/generate-graph.ts). Ours runs in a child process
 * (`node --import tsx bench/centrality.ts --child TASK CSV`) so its peak RSS is its own.
 *
 * Cases: exact betweenness on 10k nodes / ~50k edges (both cores, and one core; hop counts and
 * length 1/weight), sampled betweenness (200 pivots) on the same graph, weighted PageRank on 100k
 * nodes / ~500k edges. Run alone: `node --import tsx bench/centrality.ts` (one JSON row per line),
 * or through `npm run bench -- --only centrality`.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { buildSnapshot } from '../src/graph/snapshot.ts';
import { betweenness } from '../src/analysis/centrality/betweenness.ts';
import { betweennessParallel } from '../src/analysis/centrality/betweenness-parallel.ts';
import { pagerank } from '../src/analysis/centrality/pagerank.ts';
import { ensureGraphCsv } from './generate-graph.ts';
import type { BenchRow } from './types.ts';
import { readEdgeList } from './lib.ts';

const run$ = promisify(execFile);
const PYTHON = '/usr/bin/python3';
const SAMPLES = 200;
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

interface Measured {
  seconds: number;
  peakRssMB: number;
  sum: number;
  max: number;
  argmax: string;
  /** CPU time of all threads of the process during the algorithm (wall time on a busy machine misleads). */
  cpuSeconds: number;
  loadSeconds?: number;
  note?: string;
  skip?: string;
  version?: string;
}

async function child(task: string, path: string): Promise<void> {
  const t0 = performance.now();
  const s = buildSnapshot(readEdgeList(path), { shared: true });
  const loadSeconds = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  const cpu0 = process.cpuUsage();
  let values: Float64Array;
  let note = '';
  if (task === 'betweenness') values = await betweennessParallel(s, { normalized: false });
  else if (task === 'betweenness-weighted') values = await betweennessParallel(s, { normalized: false, weightedPaths: true });
  else if (task === 'betweenness-1core') values = betweenness(s, { normalized: false });
  else if (task === 'betweenness-sampled') values = await betweennessParallel(s, { normalized: false, samples: SAMPLES, seed: 1 });
  else if (task === 'pagerank') {
    const r = pagerank(s);
    values = r.values;
    note = `${r.iterations} iterations${r.converged ? '' : ', NOT converged'}`;
  } else throw new Error(`unknown task ${task}`);
  const seconds = (performance.now() - t1) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  let best = 0;
  for (let v = 1; v < s.n; v++) if (values[v] > values[best]) best = v;
  const out: Measured = {
    seconds,
    cpuSeconds,
    loadSeconds,
    note,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    sum: values.reduce((a, b) => a + b, 0),
    max: values[best],
    argmax: s.ids[best],
  };
  process.stdout.write(JSON.stringify(out) + '\n');
}

async function measure(cmd: string, args: string[]): Promise<Measured> {
  const { stdout } = await run$(cmd, args, { maxBuffer: 1 << 24, cwd: here('..') });
  return JSON.parse(stdout.trim().split('\n').pop()!) as Measured;
}

const ours = (task: string, csv: string) => measure(process.execPath, ['--import', 'tsx', here('./centrality.ts'), '--child', task, csv]);
async function peer(script: string, args: string[]): Promise<Measured> {
  if (!existsSync(PYTHON)) return { skip: `${PYTHON} not found` } as Measured;
  try {
    return await measure(PYTHON, [here(`./peers/${script}`), ...args]);
  } catch (err) {
    return { skip: `${script} failed: ${String((err as Error).message).slice(0, 160)}` } as Measured;
  }
}

function agreement(a: Measured, b: Measured): string {
  if (b.skip) return b.skip;
  const cpu = `CPU ${a.cpuSeconds.toFixed(1)} s vs peer ${b.cpuSeconds.toFixed(1)} s`;
  const rel = Math.abs(a.sum - b.sum) / Math.max(1e-300, Math.abs(b.sum));
  return `${cpu}; sum rel. diff ${rel.toExponential(1)}, top ${a.argmax}${a.argmax === b.argmax ? ' = peer' : ` vs peer ${b.argmax}`}`;
}

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const small = ensureGraphCsv({ nodes: 10_000, edgesPerNode: 5, seed: 1 });
  const large = ensureGraphCsv({ nodes: 100_000, edgesPerNode: 5, seed: 2 });

  // Exact betweenness: peers first and ours after, one at a time: the machine has two cores.
  const ig = await peer('igraph_centrality.py', ['betweenness', small]);
  const par = await ours('betweenness', small);
  const target = 1.5;
  rows.push({
    suite: 'centrality',
    case: 'betweenness exact 10k/50k (2 threads)',
    seconds: par.seconds,
    peakRssMB: par.peakRssMB,
    peer: ig.skip ? undefined : `igraph ${ig.version}`,
    peerSeconds: ig.skip ? undefined : ig.seconds,
    peerPeakRssMB: ig.skip ? undefined : ig.peakRssMB,
    target: `≤ ${target}× igraph`,
    pass: ig.skip ? undefined : par.seconds <= target * ig.seconds,
    note: `load ${par.loadSeconds!.toFixed(2)} s; ${agreement(par, ig)}`,
  });
  const one = await ours('betweenness-1core', small);
  rows.push({
    suite: 'centrality',
    case: 'betweenness exact 10k/50k (1 thread)',
    seconds: one.seconds,
    peakRssMB: one.peakRssMB,
    peer: ig.skip ? undefined : `igraph ${ig.version}`,
    peerSeconds: ig.skip ? undefined : ig.seconds,
    note: agreement(one, ig),
  });

  const igW = await peer('igraph_centrality.py', ['betweenness-weighted', small]);
  const weighted = await ours('betweenness-weighted', small);
  rows.push({
    suite: 'centrality',
    case: 'betweenness exact, length 1/weight, 10k/50k (2 threads)',
    seconds: weighted.seconds,
    peakRssMB: weighted.peakRssMB,
    peer: igW.skip ? undefined : `igraph ${igW.version}`,
    peerSeconds: igW.skip ? undefined : igW.seconds,
    note: agreement(weighted, igW),
  });

  const nx = await peer('networkx_centrality.py', ['betweenness-sampled', small, String(SAMPLES)]);
  const sampled = await ours('betweenness-sampled', small);
  rows.push({
    suite: 'centrality',
    case: `betweenness sampled k=${SAMPLES} 10k/50k`,
    seconds: sampled.seconds,
    peakRssMB: sampled.peakRssMB,
    peer: nx.skip ? undefined : `networkx ${nx.version} k=${SAMPLES}`,
    peerSeconds: nx.skip ? undefined : nx.seconds,
    note:
      nx.skip ??
      `CPU ${sampled.cpuSeconds.toFixed(1)} s vs peer ${nx.cpuSeconds.toFixed(1)} s; different pivots: sums ${sampled.sum.toExponential(3)} vs ${nx.sum.toExponential(3)}; exact sum ${par.sum.toExponential(3)}`,
  });

  const igPr = await peer('igraph_centrality.py', ['pagerank', large]);
  const pr = await ours('pagerank', large);
  rows.push({
    suite: 'centrality',
    case: 'pagerank weighted 100k/500k',
    seconds: pr.seconds,
    peakRssMB: pr.peakRssMB,
    peer: igPr.skip ? undefined : `igraph ${igPr.version} (PRPACK)`,
    peerSeconds: igPr.skip ? undefined : igPr.seconds,
    note: `${pr.note}; load ${pr.loadSeconds!.toFixed(2)} s; ${agreement(pr, igPr)}`,
  });
  return rows;
}

if (process.argv[2] === '--child') await child(process.argv[3], process.argv[4]);
else if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await run()) process.stdout.write(JSON.stringify(r) + '\n');
}
