/**
 * API load benchmark: node-detail reads on a generated 10k-node workspace, served by `hubgraph serve`
 * in a child process (so the load generator does not share its event loop), driven by autocannon over
 * loopback for a bounded time (10 s per case, 10 connections). Target: ≥ 500 requests/s with p99 < 50 ms.
 * Partner suggestions are left out: the partner matcher needs ~80 s and ~3.4 GB on this graph (once per
 * version), which is the match engine's cost, not the API's.
 *
 * Then (issue 20) health latency while exports and graph reads of a 100k-node version and uploads of a 10k-node CSV pair
 * run (target p99 < 50 ms, max < 500 ms), with the server's own event-loop delay (from /api/health) beside the HTTP
 * latency; and the first case in token mode with a coordinator token against local mode (target ≥ 80 % of its rate),
 * both servers up at once and measured in alternating slices, with the server CPU time per request of each.
 * Last, on a fresh server of its own (`API_LOAD_CASES=first-read` alone), health while a 100k-node, 400k-tie version
 * is read for the first time: node detail, graph JSON, report (target max < 500 ms).
 *
 * Run alone: `node --import tsx bench/api-load.ts` (prints the rows as JSON), or `npm run bench -- --only api-load`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import type { Dataset, HubNode, HubEdge } from '../src/model/index.ts';
import { openStore } from '../src/store/open.ts';
import { saveVersion } from '../src/store/versions.ts';
import { createToken } from '../src/store/tokens.ts';
import { createRng } from '../src/util/random.ts';
import { writeEdgesCsv, writeNodesCsv } from '../src/io/csv-write.ts';
import type { Health } from '../src/server/contract/service.ts';
import { peakRssMB, probeUntil, slowGet, startServeChild, stopServeChild } from './serve-child.ts';
import type { BenchRow } from './types.ts';
import type { ProbeReport } from './api-load-probe.ts';

// API_LOAD_NODE_ARGS: flags for the server's node (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to find what holds its event loop).
const NODE_ARGS = process.env.API_LOAD_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const NODES = 10_000;
const EDGES = 40_000;
const DURATION_S = 10;
const CONNECTIONS = 10;
/** The health-under-load case: long enough for several 100k-node exports to finish on a shared machine. */
const LOAD_S = 30;
/** The version the health-under-load case reads (issue 20: four concurrent exports of a 100k-node version froze the server). */
const BIG_WS = 'big';
const BIG_NODES = 100_000;
const BIG_EDGES = 200_000;
/** Uploads in the health-under-load mix: a regional file pair (nodes.csv + edges.csv) into its own workspace, one after another. */
const UPLOAD_WS = 'uploads';
/** Token mode against local mode: both servers up at once, measured in alternating slices of this many seconds. */
const SLICE_S = 5;
const SLICES = 4;

/** A 10k-node regional ecosystem: schools with maturity, teachers affiliated to them, companies, universities, hubs. */
export function benchEcosystem(n = NODES, m = EDGES, seed = 11): Dataset {
  const rng = createRng(seed);
  const kinds: HubNode['type'][] = ['school', 'school', 'teacher', 'teacher', 'teacher', 'company', 'university', 'community', 'project', 'school'];
  const nodes: HubNode[] = [];
  for (let i = 0; i < n; i++) {
    const type = i < 20 ? 'hub' : kinds[i % kinds.length];
    nodes.push({
      id: `n${i}`,
      type,
      label: `${type} ${i}`,
      region: `Region ${i % 12}`,
      country: ['EE', 'FI', 'GE'][i % 3],
      ...(type === 'school' ? { maturity: 1 + Math.floor(rng() * 5), subjects: [['math', 'science', 'art'][i % 3]], languages: ['en'], capacity: 1 } : {}),
      ...(type === 'company' || type === 'university' ? { themes: [['AI', 'robotics', 'green'][i % 3]], capacity: 2 } : {}),
      attrs: {},
    });
  }
  const edges: HubEdge[] = [];
  for (let i = 1; i < n; i++) {
    const j = Math.floor(rng() * i);
    edges.push({ source: `n${i}`, target: `n${j}`, type: nodes[i].type === 'teacher' ? 'affiliation' : 'collaboration', weight: 1, attrs: {} });
  }
  while (edges.length < m) {
    const a = Math.floor(rng() * n),
      b = Math.floor(rng() * n);
    if (a !== b) edges.push({ source: `n${a}`, target: `n${b}`, type: 'partnership', weight: 1 + Math.floor(rng() * 3), start: '2022-01-01', attrs: {} });
  }
  return { meta: { name: 'api-load bench', synthetic: true }, nodes, edges };
}

/**
 * Health latency while heavy reads run (issue 20, item 4): GraphML and CSV exports and graph JSON
 * reads from 4 connections for LOAD_S, and a health probe every 20 ms meanwhile.
 */
type LoopWindow = NonNullable<Health['eventLoop']>;

/**
 * Health latencies (ms, sorted) from a probe every 20 ms for `seconds`, and the server's event-loop
 * windows (5 s each) that closed meanwhile, as /api/health reported them.
 */
async function probeHealth(url: string, seconds: number): Promise<{ lat: number[]; samples: { at: number; ms: number }[]; loop: LoopWindow[]; busy: number }> {
  const lat: number[] = [];
  const samples: { at: number; ms: number }[] = [];
  const loop = new Map<string, LoopWindow>();
  let first: string | undefined;
  let busy = 0;
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    const at = Date.now();
    const t0 = performance.now();
    const r = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(30_000) }).catch(() => null);
    const body = r ? ((await r.json()) as Health) : undefined;
    lat.push(performance.now() - t0);
    samples.push({ at, ms: lat[lat.length - 1] });
    const w = body?.eventLoop;
    // The window open when probing began started before it: left out.
    if (w)
      if (first === undefined) first = w.endedAt;
      else if (w.endedAt !== first) loop.set(w.endedAt, w);
    if (body?.store.busy) busy++;
    await new Promise((res) => setTimeout(res, 20));
  }
  return { lat: lat.sort((a, b) => a - b), samples, loop: [...loop.values()], busy };
}

/** The same probe from a process of its own (bench/api-load-probe.ts), whose loop does nothing else. */
function probeFromChild(url: string, seconds: number): Promise<ProbeReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/api-load-probe.ts'), url, String(seconds)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout!.on('data', (b: Buffer) => {
      out += b;
    });
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as ProbeReport) : reject(new Error(`health probe exited ${code}`))));
  });
}

/** A thread's scheduler totals from /proc (ns): time on a CPU, and time runnable but waiting for one. */
function schedstat(pid: number, tid: number): { run: number; wait: number } | undefined {
  try {
    const [run, wait] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ').map(Number);
    return { run, wait };
  } catch {
    return undefined;
  }
}
/** All of a process's threads' CPU (ns), for what its worker threads and PGlite took beside the main thread. */
function processRunNs(pid: number): number {
  let sum = 0;
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) sum += schedstat(pid, Number(tid))?.run ?? 0;
  } catch {
    /* gone */
  }
  return sum;
}

const loopNote = (ws: LoopWindow[]) =>
  ws.length
    ? `server event loop over ${ws.length} × ${ws[0].windowSeconds} s windows: p99 ${Math.max(...ws.map((w) => w.p99Ms)).toFixed(1)} ms (worst window), max ${Math.max(...ws.map((w) => w.maxMs)).toFixed(1)} ms`
    : 'server event loop: no window closed';

/** Uploads the CSV pair into UPLOAD_WS one after another until `until`; their durations (ms). */
async function uploadLoop(
  url: string,
  files: { name: string; text: string }[],
  until: number,
  headers: Record<string, string> = {},
): Promise<{ ms: number[]; failed: string[] }> {
  const ms: number[] = [];
  const failed: string[] = [];
  while (Date.now() < until) {
    const form = new FormData();
    for (const f of files) form.append('files', new Blob([f.text], { type: 'text/csv' }), f.name);
    const t0 = performance.now();
    const r = await fetch(`${url}/api/workspaces/${UPLOAD_WS}/versions`, { method: 'POST', body: form, headers, signal: AbortSignal.timeout(300_000) }).catch(
      (e: Error) => e,
    );
    if (r instanceof Error) failed.push(r.message);
    else {
      const text = await r.text();
      if (r.status !== 201) failed.push(`${r.status} ${text.slice(0, 200)}`);
      else ms.push(performance.now() - t0);
    }
  }
  return { ms, failed };
}

const pct = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? 0;

/**
 * Where health latency goes, per closed 5 s window of the server's loop: health p99 from the probe process and from the
 * load generator, the server loop's p99, the server main thread's time runnable but waiting for a CPU (starvation) and on
 * one, and the whole server process's CPU (all threads; 2000 ms per 1 s on two cores is everything).
 */
function windowBreakdown(
  child: ProbeReport,
  own: { at: number; ms: number }[],
  sched: { at: number; main: { run: number; wait: number } | undefined; all: number }[],
): string {
  const near = (t: number) => sched.reduce((b, x) => (Math.abs(x.at - t) < Math.abs(b.at - t) ? x : b), sched[0]);
  const rows: string[] = [];
  const start = child.probes[0]?.at ?? 0;
  for (const w of child.windows.sort((a, b) => a.endedAt.localeCompare(b.endedAt))) {
    const to = Date.parse(w.endedAt);
    const from = to - w.windowSeconds * 1000;
    if (from < start) continue; // began before probing
    const inW = (xs: { at: number; ms: number }[]) =>
      xs
        .filter((p) => p.at >= from && p.at < to)
        .map((p) => p.ms)
        .sort((a, b) => a - b);
    const c = inW(child.probes);
    const o = inW(own);
    const a = near(from);
    const b = near(to);
    const ms = (ns: number) => (ns / 1e6).toFixed(0);
    const main = a?.main && b?.main ? `main thread waited ${ms(b.main.wait - a.main.wait)} ms, ran ${ms(b.main.run - a.main.run)} ms` : 'no schedstat';
    rows.push(
      `[health p99 ${pct(c, 0.99).toFixed(0)}/${pct(o, 0.99).toFixed(0)} ms (probe/generator), loop p99 ${w.p99Ms.toFixed(0)} max ${w.maxMs.toFixed(0)} ms, ${main}, process CPU ${a && b ? ms(b.all - a.all) : '?'} ms]`,
    );
  }
  return rows.join(' ');
}

async function healthUnderLoad(url: string, pid: number | undefined, uploadFiles: { name: string; text: string }[]): Promise<BenchRow> {
  const v = `/api/workspaces/${BIG_WS}/versions/latest`;
  // One layout iteration: ForceAtlas2 on 100k nodes is the layout's cost (minutes on a shared machine), not the API's.
  const graph = `${v}/graph?layoutIterations=1`;
  const paths = [`${v}/export?format=graphml`, graph, `${v}/export?format=csv&part=edges`, `${v}/dataset`];
  // Warm-up: decode the version and compute its layout once (both cached), timed; then the steady state is measured.
  const w0 = performance.now();
  const d = await slowGet(`${url}${v}/dataset`);
  const decodeSeconds = (performance.now() - w0) / 1000;
  const g = await slowGet(`${url}${graph}`);
  const layoutSeconds = (performance.now() - w0) / 1000 - decodeSeconds;
  if (d.status !== 200 || g.status !== 200) throw new Error(`big warm-up: ${d.status} ${g.status}`);
  // Baseline in the same run: health with nothing else running (the machine is shared; its noise shows here too).
  const { lat: idle, loop: idleLoop } = await probeHealth(url, DURATION_S);
  let k = 0;
  const load = autocannon({
    url,
    connections: 4,
    duration: LOAD_S,
    timeout: 60,
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: paths[k++ % paths.length] }) }],
  });
  const uploads = uploadLoop(url, uploadFiles, Date.now() + LOAD_S * 1000);
  // Two probes at once: from this process, whose loop also reads the heavy responses (its lag counts too), and from a
  // process of its own, which is the headline figure (a monitoring probe is not the load generator).
  const client = monitorEventLoopDelay({ resolution: 10 });
  client.enable();
  const sched: { at: number; main: { run: number; wait: number } | undefined; all: number }[] = [];
  const sample = () => pid && sched.push({ at: Date.now(), main: schedstat(pid, pid), all: processRunNs(pid) });
  sample();
  const sampler = setInterval(sample, 250);
  const [inProcess, child] = await Promise.all([probeHealth(url, LOAD_S), probeFromChild(url, LOAD_S)]);
  clearInterval(sampler);
  sample();
  client.disable();
  const heavy = await load;
  const up = await uploads;
  if (up.failed.length) throw new Error(`uploads under load failed: ${up.failed.slice(0, 3).join('; ')}`);
  const { lat: ownLat, loop, busy } = inProcess;
  const lat = child.probes.map((p) => p.ms).sort((a, b) => a - b);
  const p99 = pct(lat, 0.99);
  const max = lat[lat.length - 1] ?? 0;
  const breakdown = windowBreakdown(child, inProcess.samples, sched);
  return {
    suite: 'api-load',
    case: `health while exports (GraphML, CSV), graph JSON and dataset reads of a ${BIG_NODES / 1000}k-node version (4 connections) and ${NODES / 1000}k-node CSV uploads run`,
    seconds: LOAD_S,
    target: 'health p99 < 50 ms, max < 500 ms',
    pass: p99 < 50 && max < 500,
    note:
      `health from a probe process of its own: p50 ${pct(lat, 0.5).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${max.toFixed(1)} ms over ${lat.length} probes ` +
      `(its own loop p99 ${child.ownLoop.p99Ms.toFixed(1)} ms); from the load generator's process at the same time: p50 ${pct(ownLat, 0.5).toFixed(1)}, ` +
      `p99 ${pct(ownLat, 0.99).toFixed(1)}, max ${(ownLat[ownLat.length - 1] ?? 0).toFixed(1)} ms (${busy} said the store was busy), ` +
      `its loop p99 ${Math.max(0, client.percentile(99) / 1e6 - 10).toFixed(1)} ms, max ${Math.max(0, client.max / 1e6 - 10).toFixed(1)} ms; ` +
      `${loopNote(loop)}; per 5 s server window ${breakdown}; ` +
      `(idle just before: health p50 ${pct(idle, 0.5).toFixed(1)}, p99 ${pct(idle, 0.99).toFixed(1)}, max ${(idle[idle.length - 1] ?? 0).toFixed(1)} ms; ${loopNote(idleLoop)}); ` +
      `${heavy.requests.total} heavy reads (${heavy.requests.average.toFixed(1)}/s, ${heavy.non2xx + heavy.errors + heavy.timeouts} errors/non-2xx), ` +
      `${up.ms.length} uploads of ${NODES / 1000}k nodes + ${EDGES / 1000}k edges (${(uploadFiles.reduce((a, f) => a + f.text.length, 0) / 2 ** 20).toFixed(1)} MiB, median ${pct(
        up.ms.sort((a, b) => a - b),
        0.5,
      ).toFixed(0)} ms); ` +
      `warm-up: first dataset read (decode) ${decodeSeconds.toFixed(1)} s, first graph (layout in a worker) ${layoutSeconds.toFixed(1)} s; ` +
      `load average ${loadavg()[0].toFixed(1)} (shared machine)`,
  };
}

/** Server CPU time (user + system, all threads) in ms, from /proc; undefined off Linux. */
function cpuMs(pid: number | undefined): number | undefined {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) * 10; // clock ticks of 10 ms
  } catch {
    return undefined;
  }
}

/** Node-detail reads (all ids, no suggestions) for `seconds`: requests, non-2xx/errors, and the server's CPU ms. */
async function nodeDetailSlice(url: string, pid: number | undefined, ids: string[], seconds: number, headers: Record<string, string> = {}) {
  let k = 0;
  const c0 = cpuMs(pid);
  const r = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    headers,
    requests: [
      {
        method: 'GET',
        setupRequest: (req) => ({
          ...req,
          path: `/api/workspaces/bench/versions/latest/nodes/${encodeURIComponent(ids[(k++ * 7919) % ids.length])}?suggestions=none`,
        }),
      },
    ],
  });
  const c1 = cpuMs(pid);
  return {
    requests: r.requests.total,
    seconds: r.duration,
    bad: r.non2xx + r.errors + r.timeouts,
    p99: r.latency.p99,
    cpu: c0 === undefined || c1 === undefined ? NaN : c1 - c0,
  };
}

/**
 * Token mode against local mode (issue 20, item 8). Both servers are up at once on copies of one store
 * and are read in alternating slices, so the machine's other load falls on both alike; each is warmed by
 * one slice first (JIT, decoded version, cached analysis). The server CPU time per request is the figure
 * the machine's load does not move.
 */
async function tokenVersusLocal(local: { url: string; pid?: number }, token: { url: string; pid?: number }, secret: string, ids: string[]): Promise<BenchRow> {
  const auth = { authorization: `Bearer ${secret}` };
  for (const id of ['n20', 'n21']) {
    const r = await slowGet(`${token.url}/api/workspaces/bench/versions/latest/nodes/${id}?suggestions=none`, auth);
    if (r.status !== 200) throw new Error(`token warm-up ${id}: ${r.status} ${r.body}`);
  }
  await nodeDetailSlice(local.url, local.pid, ids, SLICE_S);
  await nodeDetailSlice(token.url, token.pid, ids, SLICE_S, auth);
  const sum = { local: { requests: 0, seconds: 0, cpu: 0, bad: 0 }, token: { requests: 0, seconds: 0, cpu: 0, bad: 0 } };
  const rates: string[] = [];
  for (let i = 0; i < SLICES; i++) {
    const a = await nodeDetailSlice(local.url, local.pid, ids, SLICE_S);
    const b = await nodeDetailSlice(token.url, token.pid, ids, SLICE_S, auth);
    for (const [m, x] of [
      ['local', a],
      ['token', b],
    ] as const) {
      sum[m].requests += x.requests;
      sum[m].seconds += x.seconds;
      sum[m].cpu += x.cpu;
      sum[m].bad += x.bad;
    }
    rates.push(`${(a.requests / a.seconds).toFixed(0)}/${(b.requests / b.seconds).toFixed(0)}`);
  }
  const rate = (m: 'local' | 'token') => sum[m].requests / sum[m].seconds;
  const cpuPerReq = (m: 'local' | 'token') => sum[m].cpu / sum[m].requests;
  const ratio = rate('token') / rate('local');
  return {
    suite: 'api-load',
    case: `token mode (coordinator token) vs local mode: node detail without suggestions, ${CONNECTIONS} connections, ${SLICES} alternating ${SLICE_S} s slices each`,
    seconds: sum.local.seconds + sum.token.seconds,
    target: '≥ 80 % of local mode',
    pass: ratio >= 0.8 && sum.token.bad + sum.local.bad === 0,
    note:
      `token ${rate('token').toFixed(0)} req/s vs local ${rate('local').toFixed(0)} = ${(ratio * 100).toFixed(0)} % (slices local/token: ${rates.join(', ')}); ` +
      `server CPU per request: token ${cpuPerReq('token').toFixed(3)} ms, local ${cpuPerReq('local').toFixed(3)} ms (${((cpuPerReq('token') / cpuPerReq('local')) * 100).toFixed(0)} %); ` +
      `${sum.token.bad + sum.local.bad} errors/non-2xx; load average ${loadavg()[0].toFixed(1)} (shared machine)`,
  };
}

/** The first-read case: a fresh server, one version of this size, read for the first time. */
const FIRST_NODES = 100_000;
const FIRST_EDGES = 400_000;
/** The first report waits for the analysis, the layout and the indicators at each date: given this long, then left. */
const FIRST_REPORT_S = 240;

/**
 * Issue 20, defect 4: health while a large version is read for the first time. A fresh server (nothing decoded,
 * no worker started) with a 100k-node, 400k-tie version; health probed every 10 ms from a process of its own while
 * the first node detail, the first graph JSON (one layout iteration) and the first report of the version are read
 * one after another. Target: health max < 500 ms.
 */
async function firstRead(): Promise<BenchRow> {
  const dir = mkdtempSync(join(tmpdir(), 'hubgraph-bench-first-'));
  let server: ChildProcess | undefined;
  try {
    const store = await openStore({ dataDir: dir, env: {} });
    await saveVersion(store, BIG_WS, benchEcosystem(FIRST_NODES, FIRST_EDGES, 13), { createWorkspace: true, author: 'bench' });
    await store.close();
    const s = await startServeChild(dir, [], NODE_ARGS);
    server = s.child;
    const probe = probeUntil(s.url, 600, 10);
    await new Promise((r) => setTimeout(r, 3000)); // the probe process starts (tsx) and probes the idle server
    const v = `${s.url}/api/workspaces/${BIG_WS}/versions/latest`;
    const reads: { name: string; path: string; from: number; to: number; status: number | string }[] = [];
    for (const [name, path, capS] of [
      ['node detail', `${v}/nodes/n25`, 300],
      ['graph JSON', `${v}/graph?layoutIterations=1`, 300],
      ['report', `${v}/report`, FIRST_REPORT_S],
    ] as const) {
      const from = Date.now();
      const status = await Promise.race([
        slowGet(path).then((r) => r.status),
        new Promise<string>((r) => setTimeout(() => r(`not done in ${capS} s`), capS * 1000)),
      ]);
      reads.push({ name, path, from, to: Date.now(), status });
    }
    await new Promise((r) => setTimeout(r, 1000));
    probe.stop();
    const { probes } = await probe.report;
    if (!probes.length || probes[0].at > reads[0].from) throw new Error('the health probe started after the first read');
    const stats = (ps: { ms: number }[]) => {
      const lat = ps.map((p) => p.ms).sort((a, b) => a - b);
      return { n: lat.length, p50: pct(lat, 0.5), p99: pct(lat, 0.99), max: lat[lat.length - 1] ?? 0 };
    };
    const all = stats(probes.filter((p) => p.at >= reads[0].from));
    const per = reads.map((r) => {
      const h = stats(probes.filter((p) => p.at >= r.from && p.at < r.to));
      return `${r.name} ${typeof r.status === 'number' ? `${r.status} in ${((r.to - r.from) / 1000).toFixed(1)} s` : r.status} (health meanwhile: max ${h.max.toFixed(0)} ms over ${h.n} probes)`;
    });
    const done = reads.every((r) => typeof r.status === 'number' && r.status < 300);
    return {
      suite: 'api-load',
      case: `health while the first node detail, graph JSON and report of a ${FIRST_NODES / 1000}k-node, ${FIRST_EDGES / 1000}k-tie version are read (fresh server)`,
      seconds: (reads[reads.length - 1].to - reads[0].from) / 1000,
      peakRssMB: peakRssMB(s.child.pid),
      target: 'health max < 500 ms (p99 < 50 ms)',
      pass: done && all.max < 500 && all.p99 < 50,
      note:
        `health every 10 ms from a probe process of its own: p50 ${all.p50.toFixed(1)} ms, p99 ${all.p99.toFixed(1)} ms, max ${all.max.toFixed(1)} ms over ${all.n} probes; ` +
        `${per.join('; ')}; load average ${loadavg()[0].toFixed(1)} (shared machine)`,
    };
  } finally {
    if (server) await stopServeChild(server);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Which parts run (`API_LOAD_CASES=detail,health,token,first-read`, default all): for iterating on one of them. */
const CASES = new Set((process.env.API_LOAD_CASES ?? 'detail,health,token,first-read').split(','));

export async function run(): Promise<BenchRow[]> {
  if ([...CASES].every((c) => c === 'first-read')) return [await firstRead()]; // no 10k-node server to warm up
  const dir = mkdtempSync(join(tmpdir(), 'hubgraph-bench-api-'));
  const tokenDir = `${dir}-token`;
  const children: ChildProcess[] = [];
  try {
    const store = await openStore({ dataDir: dir, env: {} });
    const dataset = benchEcosystem();
    await saveVersion(store, 'bench', dataset, { createWorkspace: true, author: 'bench' });
    if (CASES.has('health')) {
      await saveVersion(store, BIG_WS, benchEcosystem(BIG_NODES, BIG_EDGES, 12), { createWorkspace: true, author: 'bench' });
      await saveVersion(store, UPLOAD_WS, dataset, { createWorkspace: true, author: 'bench' });
    }
    // A coordinator sees real ids, so the same ids answer 200 as in local mode (a viewer would get 404 for teachers).
    const { token } = await createToken(store, { name: 'bench coordinator', role: 'coordinator', actor: 'bench' });
    await store.close();
    cpSync(dir, tokenDir, { recursive: true }); // PGlite: one process per data directory
    const s = await startServeChild(dir, [], NODE_ARGS);
    children.push(s.child);
    const base = `${s.url}/api/workspaces/bench/versions/latest/nodes/`;
    const ids = dataset.nodes.map((n) => n.id);
    const mentorSide = dataset.nodes.filter((n) => n.type === 'school' || n.type === 'teacher').map((n) => n.id);
    // Warm-up: the first requests compute the analysis and the default mentor matchings in the workers.
    const t0 = performance.now();
    for (const id of ['n20', 'n21', 'n22']) {
      const r = await slowGet(base + id);
      if (r.status !== 200) throw new Error(`warm-up ${id}: ${r.status} ${r.body}`);
    }
    const warmSeconds = (performance.now() - t0) / 1000;
    const rows: BenchRow[] = [];
    const cases = [
      { name: `node detail without suggestions, all ${NODES / 1000}k nodes`, ids, query: '?suggestions=none' },
      { name: `node detail with mentor suggestions, ${mentorSide.length} schools and teachers`, ids: mentorSide, query: '' },
    ];
    for (const c of CASES.has('detail') ? cases : []) {
      let k = 0;
      const result = await autocannon({
        url: s.url,
        connections: CONNECTIONS,
        duration: DURATION_S,
        requests: [
          {
            method: 'GET',
            setupRequest: (req) => ({
              ...req,
              path: `/api/workspaces/bench/versions/latest/nodes/${encodeURIComponent(c.ids[(k++ * 7919) % c.ids.length])}${c.query}`,
            }),
          },
        ],
      });
      const rps = result.requests.average;
      const p99 = result.latency.p99;
      const bad = result.non2xx + result.errors + result.timeouts;
      rows.push({
        suite: 'api-load',
        case: `${c.name}, ${EDGES / 1000}k edges, ${CONNECTIONS} connections`,
        seconds: result.duration,
        peakRssMB: peakRssMB(s.child.pid),
        target: '≥ 500 req/s, p99 < 50 ms',
        pass: rps >= 500 && p99 < 50 && bad === 0,
        note:
          `${rps.toFixed(0)} req/s, p50 ${result.latency.p50} ms, p99 ${p99} ms, ${result.requests.total} requests, ${bad} errors/non-2xx; ` +
          `warm-up (analysis + mentor matchings in workers) ${warmSeconds.toFixed(1)} s; load average ${loadavg()[0].toFixed(1)}`,
      });
    }
    if (CASES.has('health'))
      rows.push(
        await healthUnderLoad(s.url, s.child.pid, [
          { name: 'nodes.csv', text: writeNodesCsv(dataset) },
          { name: 'edges.csv', text: writeEdgesCsv(dataset) },
        ]),
      );
    if (CASES.has('token')) {
      const t = await startServeChild(tokenDir, ['--auth', 'token'], NODE_ARGS);
      children.push(t.child);
      rows.push(await tokenVersusLocal({ url: s.url, pid: s.child.pid }, { url: t.url, pid: t.child.pid }, token, ids));
    }
    for (const c of children.splice(0)) await stopServeChild(c); // the first-read case has the machine to itself
    if (CASES.has('first-read')) rows.push(await firstRead());
    return rows;
  } finally {
    for (const c of children) await stopServeChild(c);
    rmSync(dir, { recursive: true, force: true });
    rmSync(tokenDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(JSON.stringify(await run(), null, 2));
}
