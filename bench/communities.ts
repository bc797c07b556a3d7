/**
 * Leiden (ours) vs igraph `community_leiden` and leidenalg, modularity on weighted generated
 * ecosystem graphs (bench/generate-graph.ts) at 10k/50k, 100k/500k (and 500k/2.5M with BENCH_LARGE=1): each side as a
 * whole process (start, read the CSV, build the graph, detect) timed from here, plus the algorithm's
 * own seconds and the modularity reached (quality target: ours ≥ leidenalg − 0.002; speed target:
 * our whole process ≤ igraph's). Louvain (ours) for reference.
 * Run alone: `node --import tsx bench/communities.ts`.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ensureGraphCsv, type GraphSpec } from './generate-graph.ts';
import { PYTHON, runJson } from './lib.ts';
import type { BenchRow } from './types.ts';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
interface Run {
  seconds: number;
  modularity: number;
  count: number;
  split?: number;
  gammaSeparated?: boolean | null;
  skip?: string;
}

async function whole(cmd: string, args: string[]): Promise<{ wall: number; r: Run }> {
  const t0 = performance.now();
  const r = await runJson<Run>(cmd, args, { cwd: here('./peers/') });
  return { wall: (performance.now() - t0) / 1000, r };
}

async function sizeRows(label: string, spec: GraphSpec): Promise<BenchRow[]> {
  process.stderr.write(`  communities ${label} …\n`);
  const csv = ensureGraphCsv(spec);
  const node = [process.execPath, ['--import', 'tsx', here('./communities-child.ts'), csv]] as const;
  const ours = await whole(node[0], [...node[1], 'leiden', '1']);
  const louvain = await whole(node[0], [...node[1], 'louvain', '1']);
  const peers = existsSync(PYTHON)
    ? {
        igraph: await whole(PYTHON, [here('./peers/leiden_peers.py'), csv, 'igraph', '1']),
        leidenalg: await whole(PYTHON, [here('./peers/leiden_peers.py'), csv, 'leidenalg', '1']),
      }
    : null;
  const rows: BenchRow[] = [];
  const q = (x: Run) => `Q ${x.modularity.toFixed(4)}, ${x.count} communities`;
  for (const [name, p] of Object.entries(peers ?? {})) {
    if (p.r.skip) {
      rows.push({ suite: 'communities', case: `leiden ${label} vs ${name}`, seconds: ours.wall, note: p.r.skip });
      continue;
    }
    const qualityOk = ours.r.modularity >= p.r.modularity - 0.002;
    const speedOk = name === 'igraph' ? ours.wall <= p.wall : undefined;
    rows.push({
      suite: 'communities',
      case: `leiden ${label}, whole process vs ${name}`,
      seconds: ours.wall,
      peer: name,
      peerSeconds: p.wall,
      target: name === 'igraph' ? '≤ igraph whole process; Q ≥ peer − 0.002' : 'Q ≥ leidenalg − 0.002',
      pass: qualityOk && (speedOk ?? true),
      note: `ours ${q(ours.r)}, split ${ours.r.split}, γ-separated ${ours.r.gammaSeparated}, algorithm ${ours.r.seconds.toFixed(2)} s; ${name} ${q(p.r)}, algorithm ${p.r.seconds.toFixed(2)} s`,
    });
  }
  rows.push({
    suite: 'communities',
    case: `louvain ${label}, whole process`,
    seconds: louvain.wall,
    note: `${q(louvain.r)}, split ${louvain.r.split}, algorithm ${louvain.r.seconds.toFixed(2)} s`,
  });
  return rows;
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
