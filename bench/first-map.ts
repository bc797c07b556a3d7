/**
 * The first map of a large version: how long a fresh `hubgraph serve` takes to answer the graph the web map asks
 * for (GET …/graph, default parameters) on a 100k-node, 300k-tie version, with health probed every 10 ms from a
 * process of its own. Two fresh servers over copies of one store, one after the other in the same run:
 *
 * - "seed": the default. The graph answers with the seed layout while ForceAtlas2 runs in the background; then the
 *   refined positions (GET …/graph/positions) are awaited through the job the answer named.
 * - "wait": `layoutWait=true`, the behaviour before: the graph answers once ForceAtlas2 is done.
 *
 * Also, in this process on the same dataset, the parts of the first answer: the seed layout, one ForceAtlas2
 * layout (default iterations) and the graph JSON's serialisation.
 *
 * Run: `node --import tsx bench/first-map.ts` (prints the rows as JSON). FIRST_MAP_NODES / FIRST_MAP_EDGES change the size;
 * FIRST_MAP_FA2=0 leaves out the in-process ForceAtlas2 (minutes on a loaded machine).
 */
import type { ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSnapshot, degreeOf } from '../src/graph/snapshot.ts';
import { computeLayout } from '../src/server/layout.ts';
import { render } from '../src/server/render.ts';
import { seedLayout } from '../src/server/seed-layout.ts';
import { openStore } from '../src/store/open.ts';
import { saveVersion } from '../src/store/versions.ts';
import { benchEcosystem } from './api-load.ts';
import { peakRssMB, probeUntil, slowGet, startServeChild, stopServeChild } from './serve-child.ts';
import type { BenchRow } from './types.ts';

const NODES = Number(process.env.FIRST_MAP_NODES ?? 100_000);
const EDGES = Number(process.env.FIRST_MAP_EDGES ?? 300_000);
const V = '/api/workspaces/big/versions/latest';

interface Case {
  firstAnswerS: number;
  algorithm: string;
  bytes: number;
  refinedS?: number;
  healthMaxMs: number;
  healthP99Ms: number;
  probes: number;
  peakRssMB?: number;
}

/** One fresh server over a copy of `store`: the first graph, then (seed case) the refined positions. */
async function runCase(store: string, wait: boolean): Promise<Case> {
  const dir = mkdtempSync(join(tmpdir(), 'hubgraph-first-map-'));
  let server: ChildProcess | undefined;
  try {
    cpSync(store, dir, { recursive: true });
    const s = await startServeChild(dir);
    server = s.child;
    const p = probeUntil(s.url, 900, 10);
    await new Promise((r) => setTimeout(r, 3000)); // the probe process starts (tsx) and probes the idle server
    const t0 = Date.now();
    const r = await slowGet(`${s.url}${V}/graph${wait ? '?layoutWait=true' : ''}`);
    const firstAnswerS = (Date.now() - t0) / 1000;
    if (r.status !== 200) throw new Error(`graph: ${r.status} ${r.body.slice(0, 300)}`);
    const layout = (JSON.parse(r.body) as { layout: { algorithm: string; refining?: { job: { url: string }; positions: string } } }).layout;
    let refinedS: number | undefined;
    if (layout.refining) {
      for (;;) {
        const job = JSON.parse((await slowGet(`${s.url}${layout.refining.job.url}`)).body) as { status: string };
        if (job.status === 'succeeded') break;
        if (job.status !== 'queued' && job.status !== 'running') throw new Error(`layout job ${job.status}`);
        await new Promise((res) => setTimeout(res, 500));
      }
      const pos = await slowGet(`${s.url}${layout.refining.positions}`);
      if (pos.status !== 200) throw new Error(`positions: ${pos.status}`);
      refinedS = (Date.now() - t0) / 1000;
    }
    const t1 = Date.now();
    p.stop();
    const lat = (await p.report).probes
      .filter((x) => x.at >= t0 && x.at <= t1)
      .map((x) => x.ms)
      .sort((a, b) => a - b);
    return {
      firstAnswerS,
      algorithm: layout.algorithm,
      bytes: Buffer.byteLength(r.body),
      refinedS,
      healthMaxMs: lat[lat.length - 1] ?? 0,
      healthP99Ms: lat[Math.min(lat.length - 1, Math.floor(lat.length * 0.99))] ?? 0,
      probes: lat.length,
      peakRssMB: peakRssMB(s.child.pid),
    };
  } finally {
    if (server) await stopServeChild(server);
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<BenchRow[]> {
  const dataset = benchEcosystem(NODES, EDGES, 13);
  // The parts, in this process: what the first answer is made of.
  const snap = buildSnapshot(dataset);
  let t = performance.now();
  seedLayout(snap);
  const seedMs = performance.now() - t;
  // FIRST_MAP_FA2=0 skips this one (minutes on a loaded machine); the graph JSON is then serialised with the seed layout.
  t = performance.now();
  const fa2 =
    process.env.FIRST_MAP_FA2 === '0'
      ? { algorithm: 'seed' as const, iterations: 0, seed: 0, ...(({ x, y }) => ({ x: Array.from(x), y: Array.from(y) }))(seedLayout(snap)) }
      : computeLayout(dataset, {});
  const fa2S = (performance.now() - t) / 1000;
  const degree = new Int32Array(snap.n);
  for (let i = 0; i < snap.n; i++) degree[i] = degreeOf(snap, i);
  t = performance.now();
  render(dataset, { kind: 'graph', input: { workspace: 'big', version: 1, layout: fa2, degree } });
  const renderS = (performance.now() - t) / 1000;

  const store = mkdtempSync(join(tmpdir(), 'hubgraph-first-map-store-'));
  try {
    const s = await openStore({ dataDir: store, env: {} });
    await saveVersion(s, 'big', dataset, { createWorkspace: true, author: 'bench' });
    await s.close();
    const seed = await runCase(store, false);
    const wait = await runCase(store, true);
    const size = `${NODES / 1000}k-node, ${EDGES / 1000}k-tie version`;
    const load = `load average ${loadavg()[0].toFixed(1)} (shared 2-core machine)`;
    return [
      {
        suite: 'first-map',
        case: `first GET …/graph of a ${size} on a fresh server: seed layout at once vs waiting for ForceAtlas2 (layoutWait=true)`,
        seconds: seed.firstAnswerS,
        peer: 'layoutWait=true (before)',
        peerSeconds: wait.firstAnswerS,
        ratio: seed.firstAnswerS / wait.firstAnswerS,
        peakRssMB: seed.peakRssMB,
        peerPeakRssMB: wait.peakRssMB,
        target: 'first map in a few seconds; health max < 500 ms',
        pass: seed.firstAnswerS < 10 && seed.healthMaxMs < 500,
        note:
          `seed: ${seed.algorithm} layout in ${seed.firstAnswerS.toFixed(1)} s (${(seed.bytes / 2 ** 20).toFixed(1)} MiB), refined positions after ${seed.refinedS?.toFixed(1)} s, ` +
          `health max ${seed.healthMaxMs.toFixed(0)} ms / p99 ${seed.healthP99Ms.toFixed(0)} ms over ${seed.probes} probes; ` +
          `wait: ${wait.algorithm} in ${wait.firstAnswerS.toFixed(1)} s, health max ${wait.healthMaxMs.toFixed(0)} ms / p99 ${wait.healthP99Ms.toFixed(0)} ms over ${wait.probes} probes; ` +
          `in-process parts: seed layout ${seedMs.toFixed(0)} ms, ${fa2.algorithm === 'seed' ? 'ForceAtlas2 not run (FIRST_MAP_FA2=0)' : `ForceAtlas2 (${fa2.iterations} iterations) ${fa2S.toFixed(1)} s`}, graph JSON ${renderS.toFixed(1)} s; ${load}`,
      },
    ];
  } finally {
    rmSync(store, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.stdout.write(`${JSON.stringify(await run(), null, 2)}\n`);
}
