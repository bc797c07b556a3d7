/**
 * Issue 20: request bodies on every JSON route. gzip / deflate / br bodies are inflated as they are read,
 * the route's byte cap counting the inflated bytes; on the upload routes a compressed body is always
 * spooled and inflated by the spooler (never parsed on the loop). A 1 MB body that inflates to 1 GB is
 * refused at the cap, quickly and with bounded memory. Other encodings and non-UTF-8 charsets get 415
 * with the reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request as httpRequest } from 'node:http';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import type { TaskName, TaskPayload } from '../../src/server/tasks.ts';
import { type RunOptions, WorkerPool } from '../../src/server/worker-pool.ts';
import { createWorkspace } from '../../src/store/workspaces.ts';
import { listVersions } from '../../src/store/versions.ts';
import { listenLoopback, makeServer, type TestServer } from './helpers.ts';
import { smallEcosystem } from './fixtures.ts';

class RecordingPool extends WorkerPool {
  readonly tasks: string[] = [];
  override run<K extends TaskName>(task: K, payload: TaskPayload<K>, opts?: RunOptions) {
    this.tasks.push(task);
    return super.run(task, payload, opts);
  }
}

const pool = new RecordingPool({ size: 1 });
let s: TestServer;
let listening: Awaited<ReturnType<typeof listenLoopback>> | undefined;
let port = 0;
beforeAll(async () => {
  s = await makeServer({ mode: 'local', pool });
  await createWorkspace(s.store, 'w', { actor: 'test' });
  listening = await listenLoopback(s.app);
  port = listening.port;
}, 120_000);
afterAll(async () => {
  listening?.close();
  await s?.dispose();
});

/** POSTs raw bytes with these headers; the status and the parsed problem (or body). */
function post(path: string, body: Buffer, headers: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const r = httpRequest(
      { host: '127.0.0.1', port, method: 'POST', path, headers: { 'content-type': 'application/json', 'content-length': String(body.length), ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString() || '{}') }));
      },
    );
    r.on('error', reject);
    r.end(body);
  });
}
const json = (v: unknown) => Buffer.from(JSON.stringify(v));

describe('compressed JSON bodies', () => {
  it('are inflated on an ordinary JSON route and on the upload route (spooled there, whatever their size)', async () => {
    const made = await post('/api/workspaces', gzipSync(json({ name: 'zipped' })), { 'content-encoding': 'gzip' });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ name: 'zipped' });
    for (const [enc, z] of [
      ['gzip', gzipSync],
      ['deflate', deflateSync],
      ['br', brotliCompressSync],
    ] as const) {
      const before = pool.tasks.length;
      const r = await post('/api/workspaces/w/versions', z(json({ dataset: smallEcosystem(), message: enc })), { 'content-encoding': enc });
      expect(r.status, enc).toBe(201);
      expect(pool.tasks.slice(before)).toContain('jsonBody'); // parsed in the worker, not on the loop
    }
    expect((await listVersions(s.store, 'w')).map((v) => v.message)).toEqual(['gzip', 'deflate', 'br']);
  });

  it('say so when the body is not what its Content-Encoding claims', async () => {
    const r = await post('/api/workspaces/w/versions', json({ dataset: smallEcosystem() }), { 'content-encoding': 'gzip' });
    expect(r.status).toBe(400);
    expect(r.body.detail).toMatch(/^the body is not valid gzip data/);
    // Elsewhere express.json inflates the body: a 400 too, in its words.
    const other = await post('/api/workspaces', json({ name: 'plain' }), { 'content-encoding': 'gzip' });
    expect(other.status).toBe(400);
  });

  it('refuse a 1 MB body that inflates to 1 GB at the byte cap, quickly and with bounded memory, on both paths', async () => {
    // Concatenated gzip members (valid gzip, and how one builds a bomb without holding 1 GB): 1 MB → 1 GiB of JSON text.
    const first = gzipSync(Buffer.from(`{"message":"${'a'.repeat(16 * 2 ** 20)}`));
    const rest = gzipSync(Buffer.alloc(16 * 2 ** 20, 97));
    const bomb = Buffer.concat([first, ...Array<Buffer>(63).fill(rest)]);
    expect(bomb.length).toBeLessThan(1.1 * 2 ** 20);
    // Each route's own cap (route.ts, bodyBytes): the upload's 10 MiB, the default 256 KiB.
    for (const [path, cap] of [
      ['/api/workspaces/w/versions', '10485760 bytes (10 MiB)'],
      ['/api/workspaces', '262144 bytes (256 KiB)'],
    ]) {
      let peak = process.memoryUsage.rss();
      const base = peak;
      const sample = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage.rss());
      }, 10);
      const t0 = performance.now();
      const r = await post(path, bomb, { 'content-encoding': 'gzip' });
      const ms = performance.now() - t0;
      clearInterval(sample);
      expect(r.status, path).toBe(413);
      expect(r.body.detail).toBe(`the request body is larger than this route accepts: at most ${cap}, counted after decompression`);
      console.log(`gzip bomb on ${path}: 413 in ${ms.toFixed(0)} ms, RSS +${((peak - base) / 2 ** 20).toFixed(0)} MB at most`);
      expect(ms).toBeLessThan(5000);
      expect(peak - base).toBeLessThan(200 * 2 ** 20); // the cap is 10 MB of inflated text; 1 GB would be far over
    }
    expect((await listVersions(s.store, 'w')).length).toBe(3);
  });
});

describe('bodies the API does not read', () => {
  it('refuse other encodings and non-UTF-8 charsets with 415 and the reason, on ordinary and upload routes', async () => {
    for (const path of ['/api/workspaces', '/api/workspaces/w/versions']) {
      const c = await post(path, json({ name: 'x' }), { 'content-encoding': 'compress' });
      expect(c.status).toBe(415);
      expect(c.body.detail).toBe('Content-Encoding "compress" is not accepted for a JSON body: send it uncompressed, or as gzip, deflate or br');
      const latin = await post(path, Buffer.from('{"name":"caf\xe9"}', 'latin1'), { 'content-type': 'application/json; charset=ISO-8859-1' });
      expect(latin.status).toBe(415);
      expect(latin.body.detail).toBe('a JSON body must be UTF-8 (RFC 8259), this one says charset=iso-8859-1: re-encode it as UTF-8, or leave the charset out');
      const utf16 = await post(path, Buffer.from('{"name":"x"}', 'utf16le'), { 'content-type': 'application/json; charset=utf-16le' });
      expect(utf16.status).toBe(415);
    }
    // UTF-8 said out loud is fine.
    const ok = await post('/api/workspaces', json({ name: 'café' }), { 'content-type': 'application/json; charset=UTF-8' });
    expect(ok.status).toBe(201);
  });

  it('are documented: every route with a body lists 413 and 415 in the OpenAPI document', async () => {
    const { buildOpenApi } = await import('../../src/server/openapi.ts');
    const { default: request } = await import('supertest');
    const doc = (await request(s.app).get('/api/openapi.json').expect(200)).body as ReturnType<typeof buildOpenApi>;
    const withBody = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item as Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>)
        .filter(([, op]) => op.requestBody)
        .map(([method, op]) => ({ at: `${method} ${path}`, statuses: Object.keys(op.responses) })),
    );
    expect(withBody.map((o) => o.at)).toContain('post /api/workspaces');
    for (const o of withBody) expect(o.statuses, o.at).toEqual(expect.arrayContaining(['413', '415']));
  });
});
