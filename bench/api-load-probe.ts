/**
 * Health prober of the api-load bench, run as its own small process (`node --import tsx bench/api-load-probe.ts URL SECONDS [EVERY_MS]`)
 * so that the load generator's event loop, busy reading 100k-node exports, is not part of the measured latency.
 * Probes `/api/health` every 20 ms (or every `EVERY_MS`, a third argument) and prints one JSON line: each probe's start (epoch ms), latency (ms), whether the
 * store said busy, and the server's event-loop windows seen; and this process's own loop delay (should be ~0).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

interface Window {
  endedAt: string;
  windowSeconds: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface ProbeReport {
  probes: { at: number; ms: number; busy: boolean }[];
  windows: Window[];
  ownLoop: { p99Ms: number; maxMs: number };
}

async function main(url: string, seconds: number, everyMs: number): Promise<ProbeReport> {
  const own = monitorEventLoopDelay({ resolution: 10 });
  own.enable();
  const probes: ProbeReport['probes'] = [];
  const windows = new Map<string, Window>();
  const end = Date.now() + seconds * 1000;
  // SIGUSR2 ends the probing early (the first-read case probes until its reads are done).
  let stopped = false;
  process.on('SIGUSR2', () => {
    stopped = true;
  });
  while (!stopped && Date.now() < end) {
    const at = Date.now();
    const t0 = performance.now();
    const r = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(30_000) }).catch(() => null);
    const body = r ? ((await r.json()) as { store: { busy?: boolean }; eventLoop?: Window | null }) : undefined;
    probes.push({ at, ms: performance.now() - t0, busy: !!body?.store.busy });
    if (body?.eventLoop) windows.set(body.eventLoop.endedAt, body.eventLoop);
    await new Promise((res) => setTimeout(res, everyMs));
  }
  own.disable();
  const ms = (ns: number) => Math.max(0, ns / 1e6 - 10);
  return { probes, windows: [...windows.values()], ownLoop: { p99Ms: ms(own.percentile(99)), maxMs: ms(own.max) } };
}

const [url, seconds, every] = process.argv.slice(2);
process.stdout.write(`${JSON.stringify(await main(url, Number(seconds), Number(every ?? 20)))}\n`);
