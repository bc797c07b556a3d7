/**
 * Issue 20: a large JSON body of an upload route is spooled to disk and parsed, checked and validated in a
 * worker instead of on the event loop. A user sees no difference: the same answers (status, problems and
 * their JSON paths) as from the body parsed on the loop, and health answers while an import and an export run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { HubgraphApp } from '../../src/server/app.ts';
import type { TaskName, TaskPayload } from '../../src/server/tasks.ts';
import { type RunOptions, WorkerPool } from '../../src/server/worker-pool.ts';
import { createWorkspace } from '../../src/store/workspaces.ts';
import { saveVersion } from '../../src/store/versions.ts';
import { writeEdgesCsv, writeNodesCsv } from '../../src/io/csv-write.ts';
import { makeServer, type TestServer } from './helpers.ts';
import { randomEcosystem, smallEcosystem } from './fixtures.ts';
import { DatasetSchema } from '../../src/model/index.ts';

/** A pool that records which tasks it ran: shows which way a body went. */
class RecordingPool extends WorkerPool {
  readonly tasks: string[] = [];
  override run<K extends TaskName>(task: K, payload: TaskPayload<K>, opts?: RunOptions) {
    this.tasks.push(task);
    return super.run(task, payload, opts);
  }
}

const JSON_CAP = 256 * 2 ** 10;
const spool = mkdtempSync(path.join(tmpdir(), 'hubgraph-json-spool-'));
let s: TestServer;
let loopParsed: HubgraphApp;
const spooledPool = new RecordingPool({ size: 1 });
const loopPool = new RecordingPool({ size: 1 });
const servers: Server[] = [];
let spooledUrl: string;
let loopUrl: string;
/** The same store with the default limits: every route under its own cap (route.ts, bodyBytes). */
let wideUrl: string;
/** Nodes of the version a layout is saved for: 4 MB of positions, 5.3 MB of base64. */
const LAYOUT_NODES = 500_000;

const listen = (app: HubgraphApp['app']) =>
  new Promise<string>((resolve) => {
    const x = app.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(x.address() as AddressInfo).port}`));
    servers.push(x);
  });

beforeAll(async () => {
  // Every JSON upload body spooled (threshold 0) against none (threshold over the cap), over one store.
  // PGlite in its own thread, as `hubgraph serve` runs it: the health probes below measure the server's event loop.
  s = await makeServer({ mode: 'local', uploadDir: spool, pool: spooledPool, limits: { jsonBytes: JSON_CAP, jsonSpoolBytes: 0 } }, { pgliteThread: true });
  loopParsed = s.variant({ pool: loopPool, limits: { jsonBytes: JSON_CAP, jsonSpoolBytes: 10 * JSON_CAP } });
  await createWorkspace(s.store, 'w', { actor: 'test' });
  spooledUrl = await listen(s.app);
  loopUrl = await listen(loopParsed.app);
  wideUrl = await listen(s.variant({ pool: spooledPool, limits: {} }).app);
  const nodes = Array.from({ length: LAYOUT_NODES }, (_, i) => ({ id: `n${i}`, type: 'school' as const }));
  await saveVersion(s.store, 'big', DatasetSchema.parse({ nodes, edges: [] }), { createWorkspace: true, author: 'test' });
}, 120_000);
afterAll(async () => {
  for (const x of servers) {
    x.closeAllConnections();
    x.close();
  }
  await s?.dispose();
  rmSync(spool, { recursive: true, force: true });
});

const post = async (base: string, body: string, ws = 'w') => {
  const r = await fetch(`${base}/api/workspaces/${ws}/versions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const j = (await r.json()) as Record<string, unknown>;
  // What a client relies on: status, title, detail and every problem; not the request's own id or URL.
  const { instance: _i, requestId: _r, version: _v, ...rest } = j;
  return { status: r.status, body: rest };
};

const small = smallEcosystem();
const ds = (over: Partial<typeof small> = {}) => ({ ...small, ...over });
const CASES: [string, string, number][] = [
  ['malformed JSON', '{"dataset": {"nodes": [', 400],
  ['a string at the top', '"just text"', 400],
  ['a NUL character in an id', JSON.stringify({ dataset: ds({ nodes: [{ id: 'a\u0000b', type: 'school' }] }) }), 400],
  ['a lone surrogate in a key', `{"dataset": {"nodes": [{"id": "a", "type": "school", "attrs": {"\\ud800": 1}}], "edges": []}}`, 400],
  ['a flag that is not one', JSON.stringify({ create: 'maybe', dataset: ds() }), 400],
  ['both files and a dataset', JSON.stringify({ dataset: ds(), files: [{ name: 'a.json', content: '{}' }] }), 400],
  ['an unknown field', JSON.stringify({ dataset: ds(), colour: 'red' }), 400],
  ['nodes that are not a list', JSON.stringify({ dataset: { nodes: { a: 1 }, edges: [] } }), 400],
  ['a node without an id', JSON.stringify({ dataset: { ...small, nodes: [...small.nodes, { type: 'school' }] } }), 422],
  [
    'a tie weight that is not a number',
    JSON.stringify({ dataset: { ...small, edges: [...small.edges, { source: 'hub', target: 'acme', type: 'collaboration', weight: 'heavy' }] } }),
    422,
  ],
  ['a body over limits.jsonBytes', JSON.stringify({ dataset: ds(), message: 'x'.repeat(JSON_CAP) }), 413],
];

describe('JSON bodies of the import route parsed in a worker', () => {
  it.each(CASES)('answers %s exactly as the body parsed on the event loop', async (_name, body, status) => {
    const before = spooledPool.tasks.length;
    const viaWorker = await post(spooledUrl, body);
    const onLoop = await post(loopUrl, body);
    expect(viaWorker.status).toBe(status);
    expect(viaWorker).toEqual(onLoop);
    if (status !== 413) expect(spooledPool.tasks.slice(before)).toContain('jsonBody');
    expect(loopPool.tasks).not.toContain('jsonBody');
  });

  it('stores the same version from a dataset body and from a files body, and leaves no temp file', async () => {
    const d = DatasetSchema.parse(small);
    const files = {
      files: [
        { name: 'nodes.csv', content: writeNodesCsv(d) },
        { name: 'edges.csv', content: writeEdgesCsv(d) },
      ],
    };
    for (const body of [
      { dataset: small, message: 'as a dataset' },
      { ...files, message: 'as files' },
    ]) {
      const a = await post(spooledUrl, JSON.stringify(body));
      const b = await post(loopUrl, JSON.stringify(body));
      expect(a.status).toBe(201);
      expect(b.status).toBe(201);
      expect(a.body.report).toEqual(b.body.report);
    }
    const v = await (await fetch(`${spooledUrl}/api/workspaces/w/versions`)).json();
    expect(v.versions.map((x: { origin: unknown; message: string }) => [x.message, x.origin])).toEqual([
      ['as files', { kind: 'import', source: 'nodes.csv, edges.csv' }],
      ['as files', { kind: 'import', source: 'nodes.csv, edges.csv' }],
      ['as a dataset', { kind: 'import', source: 'dataset.json' }],
      ['as a dataset', { kind: 'import', source: 'dataset.json' }],
    ]);
    await new Promise((r) => setTimeout(r, 200)); // removal runs when the response closes
    expect(readdirSync(spool).filter((n) => n.startsWith('upload-json-'))).toEqual([]);
  });

  it('answers health while a large JSON import and a GraphML export run', async () => {
    const big = DatasetSchema.parse(randomEcosystem(20_000, 60_000, 3));
    const body = JSON.stringify({ dataset: randomEcosystem(8_000, 20_000, 4), create: true });
    const app = (await makeServer({ mode: 'local', uploadDir: spool, limits: { jsonSpoolBytes: 0 } })) as TestServer;
    const url = await listen(app.app);
    try {
      await saveVersion(app.store, 'exported', big, { createWorkspace: true, author: 'test' });
      let running = 2;
      const work = [
        fetch(`${url}/api/workspaces/imported/versions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then(async (r) => {
          running--;
          return [r.status, await r.text()] as const;
        }),
        fetch(`${url}/api/workspaces/exported/versions/latest/export?format=graphml`).then(async (r) => {
          const text = await r.text();
          running--;
          return [r.status, text.slice(0, 5)] as const;
        }),
      ];
      const during: number[] = [];
      while (running > 0) {
        const t0 = performance.now();
        const h = await fetch(`${url}/api/health`);
        expect(h.status).toBe(200);
        if (running > 0) during.push(performance.now() - t0);
        await new Promise((r) => setTimeout(r, 20));
      }
      const [imported, exported] = await Promise.all(work);
      expect(imported[0]).toBe(201);
      expect(exported).toEqual([200, '<?xml']);
      // Health kept answering throughout: many probes while both ran, none stuck behind them.
      expect(during.length).toBeGreaterThanOrEqual(5);
      expect(Math.max(...during)).toBeLessThan(2000);
    } finally {
      await app.dispose();
    }
  });
});

describe('each route reads a JSON body only up to its own cap (route.ts, bodyBytes)', () => {
  const send = (method: string, path: string, body: string) =>
    fetch(`${wideUrl}${path}`, { method, headers: { 'content-type': 'application/json' }, body }).then(async (r) => ({
      status: r.status,
      body: (await r.json()) as { detail?: string; errors?: { path: string }[]; saved?: { positions: string } },
    }));

  it("refuses a body over a small route's cap with 413 naming that cap, without parsing it; takes one under it", async () => {
    // Malformed JSON: parsed, it would be a 400.
    const over = await send('POST', '/api/workspaces', `{"name": "x", "description": "${'x'.repeat(300 * 2 ** 10)}`);
    expect(over.status).toBe(413);
    expect(over.body.detail).toBe('the request body is larger than this route accepts: at most 262144 bytes (256 KiB), counted after decompression');
    // Under the cap it is read, and validated by the route (a description is at most 2000 characters).
    const under = await send('POST', '/api/workspaces', JSON.stringify({ name: 'x', description: 'x'.repeat(200 * 2 ** 10) }));
    expect(under.status).toBe(400);
    expect(under.body.errors?.map((e) => e.path)).toEqual(['description']);
    // A route that needs more declares it: 300 KiB of round decisions are read, in a worker as they are over
    // limits.jsonLoopBytes, and refused for the round, not the size.
    const before = spooledPool.tasks.length;
    const decisions = Array.from({ length: 3000 }, (_, i) => ({
      left: `teacher-${i}-${'x'.repeat(40)}`,
      right: `mentor-${i}-${'x'.repeat(40)}`,
      status: 'accepted',
    }));
    const d = await send('PATCH', '/api/workspaces/big/rounds/1/pairs', JSON.stringify({ decisions }));
    expect(d.status).toBe(404);
    // So is a view export of 20,000 ids on screen (its cap 32 MiB): validated in the worker, then no such workspace.
    const ids = Array.from({ length: 20_000 }, (_, i) => `participant-${String(i).padStart(7, '0')}`);
    const v = await send('POST', '/api/workspaces/nope/versions/1/export/view', JSON.stringify({ format: 'json', nodes: ids }));
    expect(v.status).toBe(404);
    const revoke = await send('POST', '/api/workspaces/nope/surveys/1/revoke', JSON.stringify({ respondents: ids }));
    expect(revoke.status).toBe(404);
    expect(spooledPool.tasks.slice(before)).toEqual(['jsonValue', 'jsonValue', 'jsonValue']);
    // The saved layout's cap, 10.5 MiB, refused by its declared length before the spool reads it.
    const huge = await send('PUT', '/api/workspaces/big/versions/1/layout', ' '.repeat(11 * 2 ** 20));
    expect(huge.status).toBe(413);
    expect(huge.body.detail).toContain('at most 11010048 bytes (10.5 MiB)');
  });

  it(`saves a ${LAYOUT_NODES / 1000}k-node layout, parsed and validated in a worker, while health keeps answering`, async () => {
    const positions = Buffer.from(new Float32Array(2 * LAYOUT_NODES).map((_, i) => i % 977).buffer).toString('base64');
    const lat: number[] = [];
    let stop = false;
    const probe = (async () => {
      while (!stop) {
        const t = performance.now();
        const h = await fetch(`${wideUrl}/api/health`);
        await h.arrayBuffer();
        expect(h.status).toBe(200);
        lat.push(performance.now() - t);
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    const before = spooledPool.tasks.length;
    const t = performance.now();
    const put = await send('PUT', '/api/workspaces/big/versions/1/layout', JSON.stringify({ nodes: LAYOUT_NODES, positions }));
    const took = performance.now() - t;
    await new Promise((r) => setTimeout(r, 50));
    stop = true;
    await probe;
    expect(put.status, JSON.stringify(put.body).slice(0, 500)).toBe(200);
    expect(put.body.saved?.positions).toBe(positions);
    expect(spooledPool.tasks.slice(before)).toContain('jsonValue');
    console.log(`${LAYOUT_NODES}-node layout saved in ${took.toFixed(0)} ms; health ${lat.length} probes, max ${Math.max(...lat).toFixed(1)} ms`);
    expect(lat.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...lat)).toBeLessThan(300);
    // The worker's answers are the route's own: bad base64 at its field, a wrong node count from the handler.
    const bad = await send('PUT', '/api/workspaces/big/versions/1/layout', JSON.stringify({ nodes: LAYOUT_NODES, positions: `${positions.slice(0, -4)}ab!c` }));
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.map((e) => e.path)).toEqual(['positions']);
    const wrong = await send('PUT', '/api/workspaces/big/versions/1/layout', JSON.stringify({ nodes: LAYOUT_NODES - 1, positions }));
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors?.map((e) => e.path)).toEqual(['nodes']);
  });
});
