/**
 * API load benchmark: node-detail reads on a generated 10k-node workspace, served by `hubgraph serve`
 * in a child process (so the load generator does not share its event loop), driven by autocannon over
 * loopback for a bounded time (10 s per case, 10 connections). Target: ≥ 500 requests/s with p99 < 50 ms.
 * Partner suggestions are left out: the partner matcher needs ~80 s and ~3.4 GB on this graph (once per
 * version), which is the match engine's cost, not the API's.
 *
 * Then (issue 20) health latency while exports and graph reads of a 100k-node version run (target p99 < 50 ms, max < 500 ms),
 * and the first case again in token mode with a viewer token (target ≥ 80 % of local mode's rate).
 *
 * Run alone: `node --import tsx bench/api-load.ts` (prints the rows as JSON), or `npm run bench -- --only api-load`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { get as httpGet } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import type { Dataset, HubNode, HubEdge } from '../src/model/index.ts';
import { openStore } from '../src/store/open.ts';
import { saveVersion } from '../src/store/versions.ts';
import { createToken } from '../src/store/tokens.ts';
import { createRng } from '../src/util/random.ts';
import type { BenchRow } from './types.ts';

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

function startServer(dataDir: string, extra: string[] = []): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/hubgraph.js'), 'serve', '--port', '0', '--data', dataDir, ...extra], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'info', PORT: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 120_000);
    child.stdout!.on('data', (b: Buffer) => {
      out += b;
      const m = /hubgraph serving on (http:\/\/[^"\s]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1] });
      }
    });
    child.stderr!.on('data', (b: Buffer) => {
      out += b;
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited ${code}: ${out}`));
    });
  });
}

function peakRssMB(pid: number | undefined): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** A GET without fetch's 300 s header timeout: the warm-up computes for minutes on a busy machine. */
function slowGet(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    httpGet(url, { headers }, (res) => {
      let body = '';
      res
        .setEncoding('utf8')
        .on('data', (c: string) => {
          body += c;
        })
        .on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

let localNodeDetailRps: number | undefined;

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

/**
 * Health latency while heavy reads run (issue 20, item 4): GraphML and CSV exports and graph JSON
 * reads from 4 connections for LOAD_S, and a health probe every 20 ms meanwhile.
 */
/** Health latencies (ms, sorted) from a probe every 20 ms for `seconds`. */
async function probeHealth(url: string, seconds: number): Promise<number[]> {
  const lat: number[] = [];
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    const t0 = performance.now();
    const r = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(30_000) }).catch(() => null);
    if (r) await r.arrayBuffer();
    lat.push(performance.now() - t0);
    await new Promise((res) => setTimeout(res, 20));
  }
  return lat.sort((a, b) => a - b);
}

const pct = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? 0;

async function healthUnderLoad(url: string): Promise<BenchRow> {
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
  const idle = await probeHealth(url, DURATION_S);
  let k = 0;
  const load = autocannon({
    url,
    connections: 4,
    duration: LOAD_S,
    timeout: 60,
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: paths[k++ % paths.length] }) }],
  });
  const lat = await probeHealth(url, LOAD_S);
  const heavy = await load;
  const p99 = pct(lat, 0.99);
  const max = lat[lat.length - 1] ?? 0;
  return {
    suite: 'api-load',
    case: `health while exports (GraphML, CSV), graph JSON and dataset reads of a ${BIG_NODES / 1000}k-node version run, 4 connections`,
    seconds: LOAD_S,
    target: 'health p99 < 50 ms, max < 500 ms',
    pass: p99 < 50 && max < 500,
    note:
      `health p50 ${pct(lat, 0.5).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${max.toFixed(1)} ms over ${lat.length} probes ` +
      `(idle just before: p50 ${pct(idle, 0.5).toFixed(1)}, p99 ${pct(idle, 0.99).toFixed(1)}, max ${(idle[idle.length - 1] ?? 0).toFixed(1)} ms); ` +
      `${heavy.requests.total} heavy requests (${heavy.requests.average.toFixed(1)}/s, ${heavy.non2xx + heavy.errors + heavy.timeouts} errors/non-2xx); ` +
      `warm-up: first dataset read (decode) ${decodeSeconds.toFixed(1)} s, first graph (layout in a worker) ${layoutSeconds.toFixed(1)} s; ` +
      `load average ${loadavg()[0].toFixed(1)} (shared machine)`,
  };
}

export async function run(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'hubgraph-bench-api-'));
  let child: ChildProcess | undefined;
  try {
    const store = await openStore({ dataDir: dir, env: {} });
    const dataset = benchEcosystem();
    await saveVersion(store, 'bench', dataset, { createWorkspace: true, author: 'bench' });
    await saveVersion(store, BIG_WS, benchEcosystem(BIG_NODES, BIG_EDGES, 12), { createWorkspace: true, author: 'bench' });
    await store.close();
    const s = await startServer(dir);
    child = s.child;
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
    for (const c of cases) {
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
      localNodeDetailRps ??= rps;
      const p99 = result.latency.p99;
      const bad = result.non2xx + result.errors + result.timeouts;
      rows.push({
        suite: 'api-load',
        case: `${c.name}, ${EDGES / 1000}k edges, ${CONNECTIONS} connections`,
        seconds: result.duration,
        peakRssMB: peakRssMB(child.pid),
        target: '≥ 500 req/s, p99 < 50 ms',
        pass: rps >= 500 && p99 < 50 && bad === 0,
        note:
          `${rps.toFixed(0)} req/s, p50 ${result.latency.p50} ms, p99 ${p99} ms, ${result.requests.total} requests, ${bad} errors/non-2xx; ` +
          `warm-up (analysis + mentor matchings in workers) ${warmSeconds.toFixed(1)} s; load average ${loadavg()[0].toFixed(1)}`,
      });
    }
    rows.push(await healthUnderLoad(s.url));

    // Token mode on the same store (issue 20, item 8): the same node-detail case with a viewer token.
    await stop(child);
    const st = await openStore({ dataDir: dir, env: {} });
    // A coordinator sees real ids, so the same ids answer 200 as in local mode (a viewer would get 404 for teachers).
    const { token } = await createToken(st, { name: 'bench coordinator', role: 'coordinator', actor: 'bench' });
    await st.close();
    const t = await startServer(dir, ['--auth', 'token']);
    child = t.child;
    const auth = { authorization: `Bearer ${token}` };
    for (const id of ['n20', 'n21']) await slowGet(`${t.url}/api/workspaces/bench/versions/latest/nodes/${id}?suggestions=none`, auth);
    let k = 0;
    const tok = await autocannon({
      url: t.url,
      connections: CONNECTIONS,
      duration: DURATION_S,
      headers: auth,
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
    const localRps = localNodeDetailRps ?? 0;
    const ratio = localRps ? tok.requests.average / localRps : 0;
    rows.push({
      suite: 'api-load',
      case: `token mode: node detail without suggestions (coordinator token), ${CONNECTIONS} connections`,
      seconds: tok.duration,
      target: '≥ 80 % of local mode',
      pass: ratio >= 0.8 && tok.non2xx + tok.errors === 0,
      note:
        `${tok.requests.average.toFixed(0)} req/s vs ${localRps.toFixed(0)} local = ${(ratio * 100).toFixed(0)} %, p99 ${tok.latency.p99} ms, ` +
        `${tok.non2xx + tok.errors} errors/non-2xx; load average ${loadavg()[0].toFixed(1)} (shared machine)`,
    });
    return rows;
  } finally {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(JSON.stringify(await run(), null, 2));
}
