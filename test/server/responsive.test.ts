import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { serializeDataset } from '../../src/io/export.ts';
import { pino } from 'pino';
import { createApp } from '../../src/server/app.ts';
import { DatasetSchema } from '../../src/model/index.ts';
import { saveVersion } from '../../src/store/versions.ts';
import { makeServer, type TestServer } from './helpers.ts';
import { randomEcosystem } from './fixtures.ts';

let s: TestServer;
let server: Server;
let base: string;

beforeAll(async () => {
  s = await makeServer();
  await saveVersion(s.store, 'big', DatasetSchema.parse(randomEcosystem(6000, 24000)), { createWorkspace: true, author: 'test' });
  server = await new Promise<Server>((resolve) => {
    const x = s.app.listen(0, '127.0.0.1', () => resolve(x));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 120_000);
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  await s?.dispose();
});

describe('the event loop stays free while the workers compute', () => {
  it('answers /api/health in under 50 ms while a large analysis runs', async () => {
    const idle: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      await (await fetch(`${base}/api/health`)).json();
      idle.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 25));
    }
    const start = await fetch(`${base}/api/workspaces/big/versions/latest/analysis`, { headers: { Prefer: 'respond-async' } });
    expect(start.status).toBe(202);
    const job = (await start.json()) as { url: string };
    const times: number[] = [];
    let status = 'queued';
    // Sample while the job is still running (it takes seconds on 6k nodes / 24k ties: exact betweenness, closeness, diameter…).
    while (times.length < 40) {
      const t0 = performance.now();
      const h = await fetch(`${base}/api/health`);
      await h.json();
      const dt = performance.now() - t0;
      expect(h.status).toBe(200);
      status = ((await (await fetch(`${base}${job.url}`)).json()) as { status: string }).status;
      if (status !== 'running') break;
      times.push(dt);
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(times.length).toBeGreaterThanOrEqual(10); // the analysis really was running during the samples
    // Were the analysis on the event loop, every sample would wait seconds. The machine is shared (2 cores,
    // other processes), so a scheduling hiccup may delay a sample: hold the 90th percentile, not the max.
    const sorted = [...times].sort((a, b) => a - b);
    const p90 = sorted[Math.floor(0.9 * (sorted.length - 1))];
    expect(p90, `health latencies (ms): ${times.map((t) => t.toFixed(1)).join(' ')}; idle: ${idle.map((t) => t.toFixed(1)).join(' ')}`).toBeLessThan(50);
    expect(sorted[Math.floor(sorted.length / 2)]).toBeLessThan(20);
    // Let the job finish before the store closes.
    for (let i = 0; i < 600 && status !== 'succeeded' && status !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 200));
      status = ((await (await fetch(`${base}${job.url}`)).json()) as { status: string }).status;
    }
    expect(status).toBe('succeeded');
  }, 180_000);
});

describe('exports, dataset and graph JSON are serialised off the event loop (issue 20, defect 4)', () => {
  it('keeps the event loop free while four exports and graph reads run, and sends the same bytes as the serialiser', async () => {
    // The app without the test's contract check (which parses every JSON body on this thread), on its own port.
    const raw = createApp({ store: s.store, logger: pino({ level: 'silent' }), poolSize: 1, mode: 'local' });
    const srv = await new Promise<Server>((resolve) => {
      const x = raw.app.listen(0, '127.0.0.1', () => resolve(x));
    });
    const v = `http://127.0.0.1:${(srv.address() as AddressInfo).port}/api/workspaces/big/versions/latest`;
    try {
      await (await fetch(`${v}/graph?layoutIterations=1`)).arrayBuffer(); // decode and layout once, outside the measurement
      // The client only counts bytes: it shares this thread, and decoding 20 MB of text is not the server's cost.
      const drain = async (path: string) => {
        const r = await fetch(`${v}${path}`);
        let bytes = 0;
        const reader = r.body!.getReader();
        for (let c = await reader.read(); !c.done; c = await reader.read()) bytes += c.value.byteLength;
        return { status: r.status, type: r.headers.get('content-type') ?? '', bytes };
      };
      const h = monitorEventLoopDelay({ resolution: 10 });
      h.enable();
      const t0 = performance.now();
      const got = await Promise.all(['/export?format=graphml', '/export?format=csv&part=edges', '/graph?layoutIterations=1', '/dataset'].map(drain));
      const wall = performance.now() - t0;
      h.disable();
      for (const r of got) expect(r.status).toBe(200);
      expect(got[1].type).toMatch(/^text\/csv/);
      // Serialising these on the event loop blocks it for hundreds of milliseconds at a time; in the workers
      // its longest stall stays short (a shared machine adds scheduling noise, hence the margin).
      const maxStallMs = h.max / 1e6;
      expect(maxStallMs, `longest event-loop stall ${maxStallMs.toFixed(0)} ms over ${wall.toFixed(0)} ms of exports`).toBeLessThan(250);
      // The same bytes as the serialisers give on the main thread.
      const dataset = DatasetSchema.parse(await (await fetch(`${v}/dataset`)).json());
      expect(dataset.nodes).toHaveLength(6000);
      const graphml = await (await fetch(`${v}/export?format=graphml`)).text();
      expect(graphml).toBe(serializeDataset(dataset, 'graphml')[0].content);
      expect(Buffer.byteLength(graphml)).toBe(got[0].bytes);
    } finally {
      srv.closeAllConnections();
      await new Promise((r) => srv.close(r));
      await raw.close();
    }
  }, 180_000);
});
