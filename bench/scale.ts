/**
 * Scale benchmark (issue 8): seeded ecosystem-like graphs (Holme–Kim: clustered, heavy-tailed degrees;
 * node types and 20 regions; teacher–school ties typed `affiliation`) at 10k/50k, 100k/500k and
 * 1M/5M nodes/edges, written once as nodes.csv + edges.csv under bench/.cache/. For each size, ours runs
 * in a child process (`--child`) so its peak RSS is its own: load (the typed folder path of
 * src/graph/folder-csr.ts, which these plain files take; HUBGRAPH_BENCH_GENERAL_LOAD=1 forces `loadDataset` + snapshot),
 * PageRank, Louvain (+ modularity), k-core, components, sampled betweenness, and at 10k exact
 * betweenness, closeness and harmonic (all-pairs: O(n·m), hours at 1M), then the isolation scan.
 * `analyze` runs in its own child. Peers in the same run on the same edges.csv: igraph (all sizes)
 * and NetworkX (10k only: pure Python needs minutes beyond it).
 *
 * The 1M/5M case takes several minutes here (graph generation once, igraph's load in Python): it runs
 * only with HUBGRAPH_BENCH_1M=1 (HUBGRAPH_BENCH_SCALE_ONLY=1M/5M runs that size alone). Run alone: `node --import tsx bench/scale.ts` (JSON rows).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { snapshotFromFolder } from '../src/graph/folder-csr.ts';
import { buildSnapshot, type Snapshot } from '../src/graph/snapshot.ts';
import { snapshotToGraph } from '../src/graph/graphology.ts';
import { loadDataset } from '../src/io/load.ts';
import { createRng } from '../src/util/random.ts';
import { pagerank } from '../src/analysis/centrality/pagerank.ts';
import { betweennessParallel } from '../src/analysis/centrality/betweenness-parallel.ts';
import { closeness, harmonic } from '../src/analysis/centrality/closeness.ts';
import { louvainCommunities } from '../src/analysis/communities/louvain.ts';
import { coreNumbers } from '../src/analysis/structure/cores.ts';
import { connectedComponents } from '../src/analysis/structure/components.ts';
import { scanIsolation } from '../src/analysis/isolation.ts';
import { analyze } from '../src/analysis/analyze.ts';
import { METRIC_NAMES, type MetricName } from '../src/analysis/options.ts';
import { CACHE_DIR, generateEdges, type GraphSpec } from './generate-graph.ts';
import { peakRssMB, pickType, PYTHON, runJson, time, timeAsync } from './lib.ts';
import type { BenchRow } from './types.ts';
import { ensureBuilt } from './startup.ts';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
/** Pivots of the sampled betweenness at every size. */
const SAMPLES = 100;
/** All-pairs metrics: one traversal from every node, O(n·m). */
const ALL_PAIRS: MetricName[] = ['closeness', 'harmonic', 'paths'];

interface Size {
  label: string;
  spec: GraphSpec;
  exact: boolean;
  networkx: boolean;
}
const SIZES: Size[] = [
  { label: '10k/50k', spec: { nodes: 10_000, edgesPerNode: 5, seed: 1 }, exact: true, networkx: true },
  { label: '100k/500k', spec: { nodes: 100_000, edgesPerNode: 5, seed: 2 }, exact: false, networkx: false },
  { label: '1M/5M', spec: { nodes: 1_000_000, edgesPerNode: 5, seed: 3 }, exact: false, networkx: false },
];

/** Folder with nodes.csv (id,type,region) and edges.csv (source,target,weight,type), generated on first use. */
export function ensureEcosystem(spec: GraphSpec): string {
  const dir = `${CACHE_DIR}eco-n${spec.nodes}-k${spec.edgesPerNode}-s${spec.seed ?? 1}`;
  if (existsSync(`${dir}/edges.csv`)) return dir;
  mkdirSync(dir, { recursive: true });
  const { source, target, weight } = generateEdges(spec);
  const rng = createRng((spec.seed ?? 1) + 1000);
  const types = Array.from({ length: spec.nodes }, () => pickType(rng()));
  const write = (name: string, header: string, count: number, line: (i: number) => string) => {
    // Written aside and moved into place: a half-written cache file is never picked up.
    const tmp = `${dir}/${name}.${process.pid}.tmp`;
    const fd = openSync(tmp, 'w');
    writeSync(fd, header + '\n');
    for (let i = 0; i < count; i += 50_000) {
      const chunk: string[] = [];
      for (let j = i; j < Math.min(count, i + 50_000); j++) chunk.push(line(j));
      writeSync(fd, chunk.join('\n') + '\n');
    }
    closeSync(fd);
    renameSync(tmp, `${dir}/${name}`);
  };
  write('nodes.csv', 'id,type,region', spec.nodes, (v) => `n${v},${types[v]},R${Math.floor(rng() * 20)}`);
  const affiliation = (a: number, b: number) => (types[a] === 'teacher' && types[b] === 'school') || (types[a] === 'school' && types[b] === 'teacher');
  write(
    'edges.csv',
    'source,target,weight,type',
    source.length,
    (i) => `n${source[i]},n${target[i]},${weight[i]},${affiliation(source[i], target[i]) ? 'affiliation' : 'collaboration'}`,
  );
  return dir;
}

interface Task {
  seconds: number;
  cpu: number;
  check?: unknown;
}
interface ChildResult {
  [task: string]: Task | number | string | undefined;
  peakRssMB: number;
  note?: string;
}

const task = (t: { seconds: number; cpu: number }, check?: unknown): Task => ({ seconds: t.seconds, cpu: t.cpu, check });

/** Bytes held by the snapshot's typed arrays. */
const snapshotBytes = (s: Snapshot) => s.offsets.byteLength + s.targets.byteLength + s.weights.byteLength + s.typeCode.byteLength;

async function child(dir: string, exact: boolean): Promise<ChildResult> {
  const out: ChildResult = { peakRssMB: 0 };
  // The typed folder path (src/graph/folder-csr.ts) when it takes the files, else the general loader.
  const loaded = await timeAsync(async () => {
    const fast =
      process.env.HUBGRAPH_BENCH_GENERAL_LOAD === '1'
        ? null
        : snapshotFromFolder(await readFile(`${dir}/nodes.csv`, 'utf8'), await readFile(`${dir}/edges.csv`, 'utf8'), { shared: true });
    if (fast) return { dataset: { edges: fast.affiliations }, s: fast.snapshot, path: 'typed folder path' };
    const { dataset } = await loadDataset(dir);
    return { dataset, s: buildSnapshot(dataset, { shared: true }), path: 'general loader' };
  });
  const { dataset, s } = loaded.value;
  out.load = task(loaded, [s.n, s.m]);
  out.loadPath = loaded.value.path;
  out.snapshotBytesPerEdge = snapshotBytes(s) / s.m;
  const pr = time(() => pagerank(s));
  out.pagerank = task(
    pr,
    pr.value.values.reduce((a, b) => Math.max(a, b), 0),
  );
  const lv = time(() => louvainCommunities(s, { seed: 1 }));
  out.louvain = task(lv, [lv.value.modularity, lv.value.count]);
  const core = time(() => coreNumbers(s));
  out.kcore = task(
    core,
    core.value.reduce((a, b) => Math.max(a, b), 0),
  );
  const comps = time(() => connectedComponents(s));
  out.components = task(comps, comps.value.count);
  const sampled = await timeAsync(() => betweennessParallel(s, { samples: SAMPLES, seed: 1, normalized: false }));
  out.betweennessSampled = task(sampled);
  if (exact) {
    const full = await timeAsync(() => betweennessParallel(s, { normalized: false }));
    out.betweennessExact = task(
      full,
      full.value.reduce((a, b) => a + b, 0),
    );
    out.sampledError = samplingError(sampled.value, full.value);
    out.closeness = task(time(() => closeness(s)));
    out.harmonic = task(time(() => harmonic(s)));
  }
  const iso = time(() => scanIsolation(s, { dataset, core: core.value }));
  out.isolation = task(iso, [iso.value.schools.length, iso.value.isolated, iso.value.peripheral]);
  out.peakRssMB = peakRssMB();
  return out;
}

/** Relative L1 error of the estimate, and how many of the exact top 20 it also ranks top 20. */
function samplingError(est: Float64Array, exact: Float64Array): string {
  let diff = 0,
    total = 0;
  for (let v = 0; v < exact.length; v++) {
    diff += Math.abs(est[v] - exact[v]);
    total += exact[v];
  }
  const top = (x: Float64Array) => new Set([...x.keys()].sort((a, b) => x[b] - x[a]).slice(0, 20));
  const a = top(est),
    b = top(exact);
  let both = 0;
  for (const v of a) if (b.has(v)) both++;
  return `rel. L1 error ${(diff / total).toFixed(3)}, top-20 overlap ${both}/20`;
}

/** `analyze` end to end (load included), all metrics at 10k; sampled and without all-pairs metrics above. */
async function analyzeChild(dir: string, subset: boolean): Promise<ChildResult> {
  const metrics = subset ? METRIC_NAMES.filter((m) => !ALL_PAIRS.includes(m)) : undefined;
  const t = await timeAsync(async () => {
    const { dataset } = await loadDataset(dir);
    return analyze(dataset, subset ? { metrics, samples: SAMPLES } : {});
  });
  return { analyze: task(t, t.value.graph.modularity), peakRssMB: peakRssMB() };
}

/** graphology at 100k: model graph memory per edge, and its Louvain (the previous implementation). */
async function graphologyChild(dir: string): Promise<ChildResult> {
  const { default: louvainImport } = await import('graphology-communities-louvain');
  const louvain = ((louvainImport as unknown as { default?: unknown }).default ?? louvainImport) as typeof louvainImport.default;
  const { modularity } = await import('../src/analysis/communities/modularity.ts');
  const { dataset } = await loadDataset(dir);
  const s = buildSnapshot(dataset);
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage().heapUsed;
  const built = time(() => snapshotToGraph(s));
  gc?.();
  const bytes = process.memoryUsage().heapUsed - before;
  const lv = time(() => louvain(built.value, { rng: createRng(1), getEdgeWeight: 'weight' }));
  const raw = new Int32Array(s.n);
  for (let v = 0; v < s.n; v++) raw[v] = lv.value[String(v)];
  return {
    build: task(built),
    louvain: task(lv, modularity(s, raw)),
    peakRssMB: peakRssMB(),
    graphologyBytesPerEdge: gc ? bytes / s.m : undefined,
    snapshotBytesPerEdge: snapshotBytes(s) / s.m,
  };
}

const ours = (mode: string, dir: string, flag = '') =>
  runJson<ChildResult>(process.execPath, ['--expose-gc', '--import', 'tsx', here('./scale.ts'), mode, dir, ...(flag ? [flag] : [])], { cwd: here('..') });

async function peer(script: string, args: string[]): Promise<ChildResult & { skip?: string; version?: string }> {
  if (!existsSync(PYTHON)) return { skip: `${PYTHON} not found`, peakRssMB: NaN };
  try {
    return await runJson(PYTHON, [here(`./peers/${script}`), ...args]);
  } catch (err) {
    return { skip: `${script} failed: ${String((err as Error).message).slice(0, 160)}`, peakRssMB: NaN };
  }
}

const cpuNote = (t: Task) => `CPU ${t.cpu.toFixed(2)} s`;
const fmtCheck = (c: unknown) =>
  Array.isArray(c)
    ? c.map((x) => (typeof x === 'number' && !Number.isInteger(x) ? x.toFixed(4) : x)).join('/')
    : typeof c === 'number' && !Number.isInteger(c)
      ? c.toFixed(4)
      : String(c);

async function sizeRows(size: Size): Promise<BenchRow[]> {
  const dir = ensureEcosystem(size.spec);
  const edges = `${dir}/edges.csv`;
  // One at a time: the machine has two cores.
  const ig = await peer('igraph_scale.py', [edges, ...(size.exact ? ['--exact-betweenness'] : [])]);
  const nx = size.networkx ? await peer('networkx_scale.py', [edges, String(SAMPLES)]) : null;
  const me = await ours('--child', dir, size.exact ? '--exact' : '');
  const rows: BenchRow[] = [];
  const L = size.label;
  const add = (
    name: string,
    key: string,
    peerKey = key,
    extra = '',
    target?: { text: string; pass: (ours: number, peer: number) => boolean; withLoad?: boolean },
  ) => {
    const t = me[key] as Task | undefined;
    if (!t) return;
    for (const [p, label] of [
      [ig, 'igraph'],
      [nx, 'networkx'],
    ] as const) {
      if (!p) continue;
      const pt = p.skip ? undefined : (p[peerKey] as Task | undefined);
      if (label === 'networkx' && !pt) continue;
      const mine = target?.withLoad ? t.seconds + (me.load as Task).seconds : t.seconds;
      const theirs = pt ? (target?.withLoad ? pt.seconds + (p.load as Task).seconds : pt.seconds) : undefined;
      const withLoad = target?.withLoad ? ' (whole: load + task)' : '';
      rows.push({
        suite: 'scale',
        case: `${name} ${L}${withLoad}`,
        seconds: mine,
        peakRssMB: me.peakRssMB,
        ...(pt ? { peer: `${label} ${p.version}`, peerSeconds: theirs, peerPeakRssMB: p.peakRssMB } : {}),
        ...(target && pt && label === 'igraph' ? { target: target.text, pass: target.pass(mine, theirs!) } : {}),
        note: [
          (target?.withLoad
            ? `CPU ${(t.cpu + (me.load as Task).cpu).toFixed(2)} s` + (pt ? ` vs ${(pt.cpu + (p.load as Task).cpu).toFixed(2)} s` : '')
            : cpuNote(t) + (pt ? ` vs ${pt.cpu.toFixed(2)} s` : '')) +
            (target?.withLoad ? ` (task alone ${t.seconds.toFixed(2)} s${pt ? ` vs ${pt.seconds.toFixed(2)} s` : ''})` : ''),
          t.check !== undefined ? `ours ${fmtCheck(t.check)}` : '',
          pt ? `${label} ${fmtCheck(pt.check)}` : (p.skip ?? (label === 'igraph' && !pt ? 'no igraph counterpart' : '')),
          extra,
        ]
          .filter(Boolean)
          .join('; '),
      });
    }
  };
  add('load (CSV → snapshot)', 'load', 'load', `${me.loadPath as string}; snapshot ${(me.snapshotBytesPerEdge as number).toFixed(1)} B/edge`);
  add('pagerank', 'pagerank', 'pagerank', '', size.exact ? undefined : { text: '≤ 2× igraph incl. load', pass: (a, b) => a <= 2 * b, withLoad: true });
  add(
    'louvain + modularity',
    'louvain',
    'louvain',
    '',
    size.exact
      ? undefined
      : {
          text: '≤ igraph incl. load, Q ≥ igraph',
          pass: (a, b) => a <= b && ((me.louvain as Task).check as number[])[0] >= ((ig.louvain as Task).check as number[])[0] - 1e-3,
          withLoad: true,
        },
  );
  add('k-core', 'kcore');
  add('components', 'components');
  add(`betweenness sampled k=${SAMPLES}`, 'betweennessSampled', 'betweennessSampled', me.sampledError ? `vs exact: ${me.sampledError as string}` : '');
  add('betweenness exact (2 threads)', 'betweennessExact');
  add('closeness', 'closeness', 'closeness', 'all-pairs: 10k only');
  add('harmonic', 'harmonic', 'harmonic', 'all-pairs: 10k only');
  add('isolation scan', 'isolation');
  const pipeline = ['load', 'pagerank', 'louvain', 'betweennessSampled', 'isolation'].map((k) => me[k] as Task);
  const total = pipeline.reduce((a, t) => a + t.seconds, 0);
  rows.push({
    suite: 'scale',
    case: `pipeline load+pagerank+louvain+sampled betweenness+isolation ${L}`,
    seconds: total,
    peakRssMB: me.peakRssMB,
    ...(size.spec.nodes >= 1_000_000 ? { target: '< 60 s, < 2 GB', pass: total < 60 && me.peakRssMB < 2 * 1024 } : {}),
    note: `CPU ${pipeline.reduce((a, t) => a + t.cpu, 0).toFixed(1)} s; peak RSS of the whole child (all tasks above)`,
  });

  const subset = size.spec.nodes > 10_000;
  const an = await ours('--analyze', dir, subset ? '--subset' : '');
  rows.push({
    suite: 'scale',
    case: `analyze ${subset ? `(samples ${SAMPLES}, without ${ALL_PAIRS.join('/')})` : '(all metrics, exact)'} ${L}`,
    seconds: (an.analyze as Task).seconds,
    peakRssMB: an.peakRssMB,
    note: `${cpuNote(an.analyze as Task)}; load included; modularity ${fmtCheck((an.analyze as Task).check)}`,
  });

  if (size.spec.nodes === 100_000) {
    const g = await ours('--graphology', dir);
    const csr = me.louvain as Task;
    rows.push({
      suite: 'scale',
      case: `louvain graphology-communities-louvain (previous) ${L}`,
      seconds: (g.louvain as Task).seconds + (g.build as Task).seconds,
      peakRssMB: g.peakRssMB,
      note:
        `graph build ${(g.build as Task).seconds.toFixed(2)} s + louvain ${(g.louvain as Task).seconds.toFixed(2)} s (CPU ${((g.build as Task).cpu + (g.louvain as Task).cpu).toFixed(2)} s), ` +
        `Q ${fmtCheck((g.louvain as Task).check)}; CSR: ${csr.seconds.toFixed(2)} s (CPU ${csr.cpu.toFixed(2)} s), Q ${fmtCheck((csr.check as number[])[0])}`,
    });
    rows.push({
      suite: 'scale',
      case: `memory per edge ${L}`,
      seconds: NaN,
      note:
        `snapshot typed arrays ${(g.snapshotBytesPerEdge as number).toFixed(1)} B/edge; graphology UndirectedGraph ` +
        `${g.graphologyBytesPerEdge ? (g.graphologyBytesPerEdge as number).toFixed(0) : '?'} B/edge (heap growth after gc)`,
    });
  }
  return rows;
}

/**
 * Whole process as a user runs it, start-up included: `hubgraph analyze ties.csv --metrics TASK --json`
 * (the compiled CLI; a bare edge list, so PageRank and Louvain take the typed-array load of
 * src/graph/edge-list-csr.ts) against one python3 process reading the same file with igraph and
 * printing the same values (peers/igraph_whole.py). Rounds alternate ours/igraph; medians are
 * reported (HUBGRAPH_BENCH_WHOLE_ROUNDS, default 3).
 */
const WHOLE: { label: string; spec: GraphSpec; task: string; args: string[]; target: number }[] = [
  {
    label: '5k/25k',
    spec: { nodes: 5_000, edgesPerNode: 5, seed: 5 },
    task: 'betweenness',
    args: ['--metrics', 'betweenness', '--exact', '--fields', 'betweenness'],
    target: 0.7,
  },
  {
    label: '10k/50k',
    spec: { nodes: 10_000, edgesPerNode: 5, seed: 1 },
    task: 'betweenness',
    args: ['--metrics', 'betweenness', '--exact', '--fields', 'betweenness'],
    target: 0.7,
  },
  {
    label: '100k/500k',
    spec: { nodes: 100_000, edgesPerNode: 5, seed: 2 },
    task: 'pagerank',
    args: ['--metrics', 'pagerank', '--fields', 'pagerank'],
    target: 1.0,
  },
  {
    label: '100k/500k',
    spec: { nodes: 100_000, edgesPerNode: 5, seed: 2 },
    task: 'louvain',
    args: ['--metrics', 'communities', '--communities', 'louvain', '--tries', '1', '--fields', 'community'],
    target: 0.5,
  },
];

function wallOf(cmd: string, args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { cwd: here('..'), stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr?.toString().slice(0, 300)}`);
  return (performance.now() - t0) / 1000;
}

function wholeProcessRows(): BenchRow[] {
  ensureBuilt();
  const rounds = Number(process.env.HUBGRAPH_BENCH_WHOLE_ROUNDS ?? 3);
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  const rows: BenchRow[] = [];
  for (const c of WHOLE) {
    const dir = ensureEcosystem(c.spec);
    // A bare edge list of its own name: edges.csv would mean the folder (nodes.csv too).
    const ties = `${dir}/ties.csv`;
    if (!existsSync(ties)) copyFileSync(`${dir}/edges.csv`, ties);
    const ours: number[] = [],
      theirs: number[] = [];
    for (let i = 0; i < rounds; i++) {
      ours.push(wallOf(process.execPath, [here('../bin/hubgraph.js'), 'analyze', ties, '--json', ...c.args]));
      if (existsSync(PYTHON)) theirs.push(wallOf(PYTHON, [here('./peers/igraph_whole.py'), c.task, ties]));
    }
    const a = med(ours),
      b = theirs.length ? med(theirs) : NaN;
    rows.push({
      suite: 'scale',
      case: `whole process: ${c.task === 'betweenness' ? 'exact betweenness (2 threads)' : c.task} ${c.label}, start-up and load included`,
      seconds: a,
      ...(theirs.length ? { peer: 'igraph (python3, one process)', peerSeconds: b, target: `≤ ${c.target}× igraph`, pass: a <= c.target * b } : {}),
      note: `median of ${rounds} alternating runs; ours ${ours.map((x) => x.toFixed(2)).join('/')} s, igraph ${theirs.map((x) => x.toFixed(2)).join('/')} s; load average ${loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')}`,
    });
  }
  return rows;
}

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  if (process.env.HUBGRAPH_BENCH_SCALE_ONLY === 'whole') return wholeProcessRows();
  // HUBGRAPH_BENCH_SCALE_ONLY=1M/5M (comma-separated labels) runs only those sizes.
  const only = process.env.HUBGRAPH_BENCH_SCALE_ONLY?.split(',');
  for (const size of SIZES) {
    if (only && !only.includes(size.label)) continue;
    if (size.spec.nodes >= 1_000_000 && process.env.HUBGRAPH_BENCH_1M !== '1') {
      rows.push({
        suite: 'scale',
        case: `${size.label} skipped`,
        seconds: NaN,
        note: 'set HUBGRAPH_BENCH_1M=1 (several minutes; see docs/scale.md for the last run)',
      });
      continue;
    }
    process.stderr.write(`  scale ${size.label} …\n`);
    rows.push(...(await sizeRows(size)));
  }
  if (!only || only.includes('whole')) rows.push(...wholeProcessRows());
  return rows;
}

const mode = process.argv[2];
if (mode === '--child') process.stdout.write(JSON.stringify(await child(process.argv[3], process.argv[4] === '--exact')) + '\n');
else if (mode === '--analyze') process.stdout.write(JSON.stringify(await analyzeChild(process.argv[3], process.argv[4] === '--subset')) + '\n');
else if (mode === '--graphology') process.stdout.write(JSON.stringify(await graphologyChild(process.argv[3])) + '\n');
else if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const r of await run()) process.stdout.write(JSON.stringify(r) + '\n');
}
