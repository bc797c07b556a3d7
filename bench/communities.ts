/**
 * Leiden (ours) vs igraph `community_leiden` and leidenalg, modularity on weighted generated
 * ecosystem graphs (bench/generate-graph.ts) at 10k/50k, 100k/500k (and 500k/2.5M with BENCH_LARGE=1).
 * Each side is a whole process timed from here: start, read the CSV, build the graph, detect, write
 * `id,community` per node. Rows also give the algorithm's own seconds, each process's CPU seconds
 * and the modularity reached.
 *
 * Like with like: ours stops when an iteration changes nothing or adds less than 1e-3 of the quality
 * (leiden-csr.ts `tolerance`, at most 10). igraph is held to the same rule: an untimed pass runs it
 * one iteration at a time from its last membership and applies the rule to its modularity, which
 * gives its iteration count N; the timed igraph process then runs `n_iterations=N` (the same
 * trajectory, without the per-step overhead). Ours and igraph alternate, two rounds each, and the
 * faster round of each side is compared (the machine is shared). igraph's own `n_iterations=-1`
 * stops after one iteration in python-igraph 0.10: it is compared with ours limited to one
 * iteration (`maxIterations: 1`), also alternating, two rounds. leidenalg's `n_iterations=-1`
 * (until nothing improves: the quality reference) is run once. Targets: our whole process ≤
 * igraph's under the same rule; our Q ≥ igraph's and leidenalg's − 0.002. Louvain (ours) for reference. Our process runs
 * communities-child.ts bundled by esbuild, as the installed CLI runs dist/ (scripts/build.mjs), not
 * through tsx (whose on-the-fly compile would add ~0.5 s CPU that no user pays).
 * Run alone: `node --import tsx bench/communities.ts`.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { ensureGraphCsv, type GraphSpec } from './generate-graph.ts';
import { PYTHON, runJson } from './lib.ts';
import type { BenchRow } from './types.ts';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
interface Run {
  seconds: number;
  loadSeconds: number;
  processCpu: number;
  modularity: number;
  count: number;
  iterations?: number | null;
  split?: number;
  gammaSeparated?: boolean | null;
  skip?: string;
}
interface Whole {
  wall: number;
  r: Run;
}

async function whole(cmd: string, args: string[]): Promise<Whole> {
  const t0 = performance.now();
  const r = await runJson<Run>(cmd, args, { cwd: here('./peers/') });
  return { wall: (performance.now() - t0) / 1000, r };
}

const fmt = (w: Whole) =>
  `${w.wall.toFixed(2)} s (CPU ${w.r.processCpu.toFixed(2)} s, load ${w.r.loadSeconds.toFixed(2)} s, algorithm ${w.r.seconds.toFixed(2)} s)`;
const q = (x: Run) => `Q ${x.modularity.toFixed(4)}, ${x.count} communities, ${x.iterations} iterations`;
const fastest = (runs: Whole[]) => runs.reduce((a, b) => (b.wall < a.wall ? b : a));

async function sizeRows(label: string, spec: GraphSpec): Promise<BenchRow[]> {
  process.stderr.write(`  communities ${label} …\n`);
  const csv = ensureGraphCsv(spec);
  const dir = mkdtempSync(join(tmpdir(), 'hubgraph-bench-communities-'));
  try {
    const child = join(dir, 'communities-child.mjs');
    await build({ entryPoints: [here('./communities-child.ts')], bundle: true, platform: 'node', format: 'esm', outfile: child, logLevel: 'warning' });
    const ours = (method: string, maxIterations?: number) =>
      whole(process.execPath, [child, csv, method, '1', join(dir, `${method}.csv`), ...(maxIterations ? [String(maxIterations)] : [])]);
    const peer = (mode: string) => whole(PYTHON, [here('./peers/leiden_peers.py'), csv, mode, '1', join(dir, 'peer.csv')]);
    const rows: BenchRow[] = [];
    const hasPython = existsSync(PYTHON);
    const rule = hasPython ? (await peer('igraph-rule')).r : null;
    if (rule?.skip || !rule) {
      const one = await ours('leiden');
      rows.push({
        suite: 'communities',
        case: `leiden ${label}, whole process`,
        seconds: one.wall,
        note: `${q(one.r)}; ${rule?.skip ?? 'no /usr/bin/python3'}`,
      });
    } else {
      const n = rule.iterations!;
      const oursRuns: Whole[] = [],
        igraphRuns: Whole[] = [];
      for (let round = 0; round < 2; round++) {
        oursRuns.push(await ours('leiden'));
        igraphRuns.push(await peer(`igraph:${n}`));
      }
      const o = fastest(oursRuns),
        p = fastest(igraphRuns);
      const oneRuns: Whole[] = [],
        ownRuns: Whole[] = [];
      for (let round = 0; round < 2; round++) {
        oneRuns.push(await ours('leiden', 1));
        ownRuns.push(await peer('igraph:-1'));
      }
      const one = fastest(oneRuns),
        own = fastest(ownRuns);
      const la = await peer('leidenalg');
      const detail = `ours ${q(o.r)}, split ${o.r.split}, γ-separated ${o.r.gammaSeparated}; rounds ${oursRuns.map(fmt).join(' / ')}`;
      rows.push({
        suite: 'communities',
        case: `leiden ${label}, whole process vs igraph (same stopping rule: ${n} iterations)`,
        seconds: o.wall,
        peer: 'igraph',
        peerSeconds: p.wall,
        target: '≤ igraph whole process; Q ≥ igraph − 0.002',
        pass: o.wall <= p.wall && o.r.modularity >= p.r.modularity - 0.002,
        note: `${detail}; igraph n_iterations=${n} ${q(p.r)}; rounds ${igraphRuns.map(fmt).join(' / ')}`,
      });
      rows.push({
        suite: 'communities',
        case: `leiden ${label} one iteration, whole process vs igraph n_iterations=-1 (its own rule: one iteration)`,
        seconds: one.wall,
        peer: 'igraph',
        peerSeconds: own.wall,
        target: '≤ igraph whole process; Q ≥ igraph − 0.002',
        pass: one.wall <= own.wall && one.r.modularity >= own.r.modularity - 0.002,
        note: `ours maxIterations 1 ${q(one.r)}; rounds ${oneRuns.map(fmt).join(' / ')}; igraph -1 ${q(own.r)}; rounds ${ownRuns.map(fmt).join(' / ')}`,
      });
      rows.push({
        suite: 'communities',
        case: `leiden ${label}, whole process vs leidenalg (until nothing improves)`,
        seconds: o.wall,
        peer: 'leidenalg',
        peerSeconds: la.wall,
        target: 'Q ≥ leidenalg − 0.002',
        pass: o.r.modularity >= la.r.modularity - 0.002,
        note: `ours ${q(o.r)}; leidenalg Q ${la.r.modularity.toFixed(4)}, ${la.r.count} communities, ${fmt(la)}`,
      });
    }
    const louvain = await ours('louvain');
    rows.push({
      suite: 'communities',
      case: `louvain ${label}, whole process`,
      seconds: louvain.wall,
      note: `Q ${louvain.r.modularity.toFixed(4)}, ${louvain.r.count} communities, split ${louvain.r.split}, ${fmt(louvain)}`,
    });
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<BenchRow[]> {
  return [
    ...(await sizeRows('10k/50k', { nodes: 10_000, edgesPerNode: 5 })),
    ...(await sizeRows('100k/500k', { nodes: 100_000, edgesPerNode: 5, seed: 2 })),
    // 500k/2.5M takes many minutes per peer on a shared machine: opt in with BENCH_LARGE=1.
    ...(process.env.BENCH_LARGE === '1' ? await sizeRows('500k/2.5M', { nodes: 500_000, edgesPerNode: 5, seed: 3 }) : []),
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const r of await run()) console.log(JSON.stringify(r));
}
