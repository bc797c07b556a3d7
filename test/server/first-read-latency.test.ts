/**
 * Issue 20, defect 4: the first node detail of a large version must not freeze the server. Its snapshot and
 * tie-type index are built in a pool worker; this thread parses only the node records, in slices. A listening
 * server is probed for health every 10 ms while that first read runs: every answer within 300 ms (generous for
 * a loaded CI box; the build on the loop held health for over a second here).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetSchema } from '../../src/model/index.ts';
import { createApp, type HubgraphApp } from '../../src/server/app.ts';
import { openStore, type Store } from '../../src/store/open.ts';
import { saveVersion } from '../../src/store/versions.ts';
import { contractChecked, contractProblem } from './helpers.ts';
import { randomEcosystem } from './fixtures.ts';

let dir: string;
let store: Store;
let app: HubgraphApp;
let server: Server;
let base: string;
const violations: string[] = [];
/** Nodes of the version (ties: four times as many). At 50k the old build on the loop held health for 0.3–1.1 s; at 80k, 3.5 s. */
const N = 80_000;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'hubgraph-first-read-'));
  // PGlite in its own thread, as `hubgraph serve` runs it: reading the packed copy then stays off this loop too.
  store = await openStore({ dataDir: dir, env: {}, pgliteThread: true });
  await saveVersion(store, 'big', DatasetSchema.parse(randomEcosystem(N, 4 * N, 21)), { createWorkspace: true, author: 'test' });
  app = createApp({ store, logger: pino({ level: 'silent' }), poolSize: 1, mode: 'local' });
  server = contractChecked(app, violations).listen(0);
  await new Promise<void>((r) => server.once('listening', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 300_000);
afterAll(async () => {
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  await app?.close();
  await store?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  expect(violations).toEqual([]);
});

describe('the first read of a large version', () => {
  it('keeps health answering within 300 ms while the first node detail of an 80k-node version is computed', async () => {
    const lat: number[] = [];
    let stop = false;
    const probe = (async () => {
      while (!stop) {
        const t = performance.now();
        const r = await fetch(`${base}/api/health`);
        await r.arrayBuffer();
        lat.push(performance.now() - t);
        await new Promise((res) => setTimeout(res, 10));
      }
    })();
    await new Promise((r) => setTimeout(r, 200));
    const t = performance.now();
    const r = await fetch(`${base}/api/workspaces/big/versions/latest/nodes/n5?suggestions=none`);
    const body = (await r.json()) as { node: { id: string }; neighbours: { edgeTypes: string[] }[]; pending?: unknown };
    const took = performance.now() - t;
    await new Promise((res) => setTimeout(res, 200));
    stop = true;
    await probe;
    expect(r.status).toBe(200);
    expect(body.node.id).toBe('n5');
    expect(body.neighbours.length).toBeGreaterThan(0);
    expect(body.pending).toBeDefined(); // answered from the cheap figures: the analysis runs meanwhile
    const worst = Math.max(...lat);
    console.log(`first node detail ${took.toFixed(0)} ms; health ${lat.length} probes, max ${worst.toFixed(1)} ms`);
    expect(lat.length).toBeGreaterThan(5);
    expect(worst).toBeLessThan(300);
  }, 300_000);

  it('answers the first graph with a seed layout while ForceAtlas2 waits for the worker, health still within 300 ms', async () => {
    // ForceAtlas2 takes a minute or more here and would queue behind the analysis node detail started: the map
    // gets the seed layout now (seed and render on the urgent lane), and the job that computes the refined one.
    const lat: number[] = [];
    let stop = false;
    const probe = (async () => {
      while (!stop) {
        const t = performance.now();
        await (await fetch(`${base}/api/health`)).arrayBuffer();
        lat.push(performance.now() - t);
        await new Promise((res) => setTimeout(res, 10));
      }
    })();
    // Straight to the app: the contract front parses a 2xx body on this thread (50 MB here, a second or two), so this
    // body is checked against the contract below, after the probe, as this client shares the server's thread too.
    const direct = app.app.listen(0);
    await new Promise<void>((res) => direct.once('listening', () => res()));
    const t = performance.now();
    const path = '/api/workspaces/big/versions/latest/graph';
    const r = await fetch(`http://127.0.0.1:${(direct.address() as AddressInfo).port}${path}`);
    const bytes = await r.arrayBuffer();
    const took = performance.now() - t;
    stop = true;
    await probe;
    await new Promise<void>((res) => direct.close(() => res()));
    const wire = JSON.parse(Buffer.from(bytes).toString('utf8'));
    expect(contractProblem(app.routes, 'GET', path, r.status, wire)).toBeUndefined();
    const body = wire as {
      layout: { algorithm: string; refining?: { job: { status: string }; positions: string } };
      nodes: { x: number }[];
    };
    expect(r.status).toBe(200);
    expect(body.nodes).toHaveLength(N);
    expect(body.layout.algorithm).toBe('seed');
    expect(['queued', 'running']).toContain(body.layout.refining!.job.status);
    expect(body.layout.refining!.positions).toBe('/api/workspaces/big/versions/latest/graph/positions');
    // Not computed yet: asked as a job, the positions answer 202 at once rather than wait.
    const pos = await fetch(`${base}${body.layout.refining!.positions}`, { headers: { Prefer: 'respond-async' } });
    await pos.arrayBuffer();
    expect(pos.status).toBe(202);
    const worst = Math.max(...lat);
    console.log(`first graph ${took.toFixed(0)} ms (seed layout); health ${lat.length} probes, max ${worst.toFixed(1)} ms`);
    expect(took).toBeLessThan(60_000); // it waited minutes for ForceAtlas2 before
    expect(worst).toBeLessThan(300);
  }, 300_000);
});
