/**
 * Import benchmark: a generated 100k-node / 500k-edge folder (nodes.csv + edges.csv with types,
 * lists, numbers, weights and dates), imported by `loadDataset` in a child process so that the
 * peak RSS reported is the import's own. Target: ≤ 3 s and ≤ 1.5 GB.
 *
 * Run alone: `node --import tsx bench/import.ts` (prints the rows as JSON).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import { createRng } from '../src/util/random.ts';
import type { BenchRow } from './types.ts';

const SELF = fileURLToPath(import.meta.url);

/** Writes the benchmark folder; node and edge mix shaped like a large regional ecosystem. */
export async function writeBenchFolder(dir: string, nodes = 100_000, edges = 500_000, seed = 7): Promise<void> {
  const rng = createRng(seed);
  const types = ['teacher', 'teacher', 'teacher', 'teacher', 'school', 'company', 'project', 'university'];
  const themes = ['AI', 'robotics', 'coding', 'green tech', 'media literacy', 'STEAM'];
  const out: string[] = ['id,type,label,region,country,lat,lon,themes,maturity,capacity'];
  for (let i = 0; i < nodes; i++) {
    const t = types[i % types.length];
    out.push(
      `n${i},${t},Node ${i},Region ${i % 40},${['EE', 'FI', 'GE', 'LT'][i % 4]},${(54 + rng() * 11).toFixed(4)},${(21 + rng() * 24).toFixed(4)},${themes[i % 6]};${themes[(i + 2) % 6]},${(1 + rng() * 4).toFixed(1)},${i % 4}`,
    );
  }
  await writeFile(join(dir, 'nodes.csv'), out.join('\n') + '\n');
  const etypes = ['collaboration', 'affiliation', 'partnership', 'participation', 'mentoring', 'cocreation'];
  const rows: string[] = ['source,target,type,weight,start,end'];
  for (let k = 0; k < edges; k++) {
    const s = Math.floor(rng() * nodes);
    let t = Math.floor(rng() * nodes);
    if (t === s) t = (t + 1) % nodes;
    const y = 2021 + (k % 5);
    const dated = k % 3 !== 0;
    rows.push(`n${s},n${t},${etypes[k % 6]},${1 + (k % 5)},${dated ? `${y}-09-01` : ''},${dated && k % 2 ? `${y + 1}-06-30` : ''}`);
  }
  await writeFile(join(dir, 'edges.csv'), rows.join('\n') + '\n');
}

interface ChildResult {
  seconds: number;
  cpuSeconds: number;
  peakRssMB: number;
  nodes: number;
  edges: number;
}

function child(dir: string): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', SELF, '--child', dir], { maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`import child failed: ${stderr || err.message}`));
      else resolve(JSON.parse(stdout));
    });
  });
}

/**
 * Peer: the same folder read with Python's csv module into a networkx Graph (attributes kept,
 * parallel edges summed), in its own process — a yardstick for this machine's speed at the time.
 */
const PEER = `
import csv, json, resource, sys, time
import networkx as nx
d = sys.argv[1]
t0 = time.perf_counter()
g = nx.Graph()
with open(d + '/nodes.csv', encoding='utf-8-sig', newline='') as f:
    for r in csv.DictReader(f):
        g.add_node(r.pop('id'), **r)
with open(d + '/edges.csv', encoding='utf-8-sig', newline='') as f:
    for r in csv.DictReader(f):
        s, t, w = r['source'], r['target'], float(r['weight'] or 1)
        if g.has_edge(s, t): g[s][t]['weight'] += w
        else: g.add_edge(s, t, weight=w, type=r['type'], start=r['start'], end=r['end'])
print(json.dumps({'seconds': time.perf_counter() - t0, 'peakRssMB': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 'nodes': g.number_of_nodes()}))
`;

function peer(dir: string): Promise<{ seconds: number; peakRssMB: number } | null> {
  return new Promise((resolve) => {
    execFile('/usr/bin/python3', ['-c', PEER, dir], { maxBuffer: 1 << 20 }, (err, stdout) => {
      if (err) resolve(null);
      else resolve(JSON.parse(stdout));
    });
  });
}

export async function run(): Promise<BenchRow[]> {
  const dir = await mkdtemp(join(tmpdir(), 'hubgraph-bench-import-'));
  try {
    await writeBenchFolder(dir);
    const runs = [await child(dir), await child(dir), await child(dir)];
    const best = runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
    const peak = Math.max(...runs.map((r) => r.peakRssMB));
    const p = await peer(dir);
    return [
      {
        suite: 'import',
        case: `folder ${best.nodes} nodes / ${best.edges} edges (csv)`,
        seconds: best.seconds,
        peakRssMB: peak,
        target: '≤ 3 s, ≤ 1536 MB',
        pass: best.seconds <= 3 && peak <= 1536,
        ...(p ? { peer: 'python3 csv + networkx.Graph (same folder, weights summed)', peerSeconds: p.seconds, peerPeakRssMB: p.peakRssMB } : {}),
        note: `best of 3 child processes: wall ${runs.map((r) => r.seconds.toFixed(2)).join(', ')} s, CPU ${runs.map((r) => r.cpuSeconds.toFixed(2)).join(', ')} s; load average ${loadavg()[0].toFixed(1)} on ${process.env.BENCH_CORES ?? '2'} cores`,
      },
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === SELF) {
  const i = process.argv.indexOf('--child');
  if (i >= 0) {
    const { loadDataset } = await import('../src/io/load.ts');
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const { dataset } = await loadDataset(process.argv[i + 1]);
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(c0);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const peakRssMB = process.resourceUsage().maxRSS / 1024;
    process.stdout.write(JSON.stringify({ seconds, cpuSeconds, peakRssMB, nodes: dataset.nodes.length, edges: dataset.edges.length }));
  } else {
    console.log(JSON.stringify(await run(), null, 2));
  }
}
