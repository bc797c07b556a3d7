/**
 * The server's memory for one large upload: a fresh `hubgraph serve`, a nodes.csv + edges.csv pair of about 40 MB
 * sent as multipart (as the web app and `curl -F` send it), and the process's RSS sampled every 50 ms from
 * /proc/<pid>/status before, during and after (threads included: the pool worker that parses it and PGlite's).
 *
 * Run: `node --import tsx bench/server-upload-rss.ts` (prints one JSON row). UPLOAD_RSS_EDGES sets the tie count (default 950k: 41 MB).
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeEdgesCsv, writeNodesCsv } from '../src/io/csv-write.ts';
import { benchEcosystem } from './api-load.ts';
import { startServeChild } from './serve-child.ts';
import type { BenchRow } from './types.ts';

const EDGES = Number(process.env.UPLOAD_RSS_EDGES ?? 950_000);
const NODES = Math.round(EDGES / 7000) * 1000;

const rssMB = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

export async function run(): Promise<BenchRow[]> {
  const ds = benchEcosystem(NODES, EDGES, 17);
  const nodes = Buffer.from(writeNodesCsv(ds));
  const edges = Buffer.from(writeEdgesCsv(ds));
  const mb = (nodes.length + edges.length) / 2 ** 20;
  const dir = mkdtempSync(join(tmpdir(), 'hubgraph-upload-rss-'));
  let child: ChildProcess | undefined;
  try {
    const s = await startServeChild(dir);
    child = s.child;
    const pid = child.pid!;
    await fetch(`${s.url}/api/health`);
    await new Promise((r) => setTimeout(r, 2000));
    const idle = rssMB(pid);
    let peak = idle;
    const timer = setInterval(() => {
      peak = Math.max(peak, rssMB(pid));
    }, 50);
    const form = new FormData();
    form.append('create', 'true');
    form.append('files', new Blob([nodes], { type: 'text/csv' }), 'nodes.csv');
    form.append('files', new Blob([edges], { type: 'text/csv' }), 'edges.csv');
    const t0 = Date.now();
    const r = await fetch(`${s.url}/api/workspaces/big/versions`, { method: 'POST', body: form, signal: AbortSignal.timeout(900_000) });
    const seconds = (Date.now() - t0) / 1000;
    const body = await r.text();
    await new Promise((res) => setTimeout(res, 1000));
    clearInterval(timer);
    const after = rssMB(pid);
    if (r.status !== 201) throw new Error(`upload: ${r.status} ${body.slice(0, 300)}`);
    return [
      {
        suite: 'server-upload-rss',
        case: `multipart upload of a ${mb.toFixed(0)} MB CSV pair (${NODES / 1000}k nodes, ${EDGES / 1000}k ties) to a fresh server`,
        seconds,
        peakRssMB: peak,
        note: `server RSS idle ${idle.toFixed(0)} MB, peak ${peak.toFixed(0)} MB during the upload (+${(peak - idle).toFixed(0)} MB), ${after.toFixed(0)} MB 1 s after; load average ${loadavg()[0].toFixed(1)} (shared 2-core machine)`,
      },
    ];
  } finally {
    child?.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 2000));
    if (child && child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.stdout.write(`${JSON.stringify(await run(), null, 2)}\n`);
}
