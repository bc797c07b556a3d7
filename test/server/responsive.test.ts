import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
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
