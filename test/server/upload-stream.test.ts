/** Issue 20, defect 7: uploads are written to disk while they arrive, refused as soon as they pass a cap, and leave no temp file behind. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type ClientRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createWorkspace } from '../../src/store/workspaces.ts';
import { listVersions } from '../../src/store/versions.ts';
import { createToken } from '../../src/store/tokens.ts';
import { listenLoopback, makeServer, type TestServer } from './helpers.ts';
import { sweepUploads } from '../../src/server/upload-stream.ts';

const CAP = 2 ** 20; // 1 MiB per file in this suite
let s: TestServer;
let listening: Awaited<ReturnType<typeof listenLoopback>> | undefined;
let port: number;
const spool = mkdtempSync(path.join(tmpdir(), 'hubgraph-spool-'));

beforeAll(async () => {
  s = await makeServer({ mode: 'local', uploadDir: spool, limits: { uploadBytes: CAP } });
  await createWorkspace(s.store, 'w', { actor: 'test' });
  listening = await listenLoopback(s.app);
  port = listening.port;
}, 120_000);
afterAll(async () => {
  listening?.close();
  await s?.dispose();
  rmSync(spool, { recursive: true, force: true });
});

/** Every file under the spool directory, with its size. */
const spooled = () =>
  readdirSync(spool, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => statSync(path.join(d.parentPath, d.name)).size);
/** Temp files are removed when the response closes; give the unlink a moment. */
async function expectSpoolEmpty() {
  for (let i = 0; i < 50 && readdirSync(spool).length; i++) await new Promise((r) => setTimeout(r, 20));
  expect(readdirSync(spool)).toEqual([]);
}

const B = 'XXB';
const part = (name: string) => `--${B}\r\nContent-Disposition: form-data; name="files"; filename="${name}"\r\nContent-Type: text/csv\r\n\r\n`;
const end = `\r\n--${B}--\r\n`;

/** A multipart POST written by hand, so the test decides when each piece is sent (chunked: no Content-Length). */
function open(headers: Record<string, string> = {}, at = port): { req: ClientRequest; response: Promise<{ res: IncomingMessage; body: string }> } {
  const req = httpRequest({
    host: '127.0.0.1',
    port: at,
    method: 'POST',
    path: '/api/workspaces/w/versions',
    headers: { 'Content-Type': `multipart/form-data; boundary=${B}`, ...headers },
  });
  const response = new Promise<{ res: IncomingMessage; body: string }>((resolve, reject) => {
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ res, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
  return { req, response };
}

const edges = (n: number) => `source,target,type\n${Array.from({ length: n }, (_, i) => `s${i % 40},c${i % 7},partnership`).join('\n')}\n`;
const nodes = `id,type\n${Array.from({ length: 40 }, (_, i) => `s${i},school`).join('\n')}\n${Array.from({ length: 7 }, (_, i) => `c${i},company`).join('\n')}\n`;

describe('uploads streamed to disk', () => {
  it('writes the file to a temp file while it arrives, imports it from there, and removes it after the answer', async () => {
    const big = edges(30_000); // ~0.7 MB, under the cap
    const { req, response } = open();
    req.write(part('nodes.csv') + nodes + `\r\n`);
    req.write(part('edges.csv') + big.slice(0, 400_000));
    // Mid-upload: the part received so far is on disk, not held in memory.
    let onDisk: number[] = [];
    for (let i = 0; i < 100 && !(onDisk = spooled()).some((n) => n >= 300_000); i++) await new Promise((r) => setTimeout(r, 20));
    expect(onDisk.some((n) => n >= 300_000)).toBe(true);
    req.end(big.slice(400_000) + end);
    const { res, body } = await response;
    expect(res.statusCode, body).toBe(201);
    // 30,000 rows over 40 × 7 distinct pairs: the whole file was read, from its temp file.
    expect(JSON.parse(body).version.counts).toMatchObject({ nodes: 47, edges: 280 });
    await expectSpoolEmpty();
  });

  it('keeps the 422 naming file, line and field, and removes the temp files', async () => {
    const { req, response } = open();
    req.end(`${part('nodes.csv')}id,type\na,school\n\r\n${part('edges.csv')}source,target\na,ghost\n${end}`);
    const { res, body } = await response;
    expect(res.statusCode).toBe(422);
    expect(JSON.parse(body).errors[0].path).toBe('edges.csv:2:target');
    await expectSpoolEmpty();
  });

  it('refuses a file over the cap as soon as it passes it, before the rest of the body is sent', async () => {
    const before = (await listVersions(s.store, 'w')).length;
    const { req, response } = open();
    req.write(part('edges.csv') + 'source,target\n');
    // 1.25 MiB written, then the client waits: the answer must come without the rest of the body.
    const line = 'a,b\n'.repeat(2 ** 14);
    for (let i = 0; i < 20; i++) req.write(line);
    const { res, body } = await response;
    expect(res.statusCode).toBe(413);
    expect(res.headers.connection).toBe('close');
    expect(JSON.parse(body).detail).toMatch(/the file "edges\.csv" is larger than 1048576 bytes \(limits\.uploadBytes\)/);
    req.destroy();
    await expectSpoolEmpty();
    expect((await listVersions(s.store, 'w')).length).toBe(before);
  });

  it('refuses a declared Content-Length over the total before reading any of it', async () => {
    const { req, response } = open({ 'Content-Length': String(500 * CAP) });
    req.write(part('edges.csv'));
    const { res, body } = await response;
    expect(res.statusCode).toBe(413);
    expect(JSON.parse(body).detail).toMatch(/declares 524288000 bytes; at most \d+ are accepted/);
    req.destroy();
    expect(readdirSync(spool)).toEqual([]);
  });

  it('removes the temp files of an upload the client abandons mid-body, and the caller may upload again', async () => {
    const { req, response } = open();
    response.catch(() => {}); // the socket is destroyed: no answer
    req.write(part('edges.csv') + edges(10_000).slice(0, 150_000));
    for (let i = 0; i < 100 && !spooled().some((n) => n > 0); i++) await new Promise((r) => setTimeout(r, 20));
    expect(spooled().length).toBe(1);
    req.destroy();
    await expectSpoolEmpty();
    const again = open();
    again.req.end(`${part('nodes.csv')}${nodes}\r\n${part('edges.csv')}${edges(100)}${end}`);
    expect((await again.response).res.statusCode).toBe(201);
    await expectSpoolEmpty();
  });

  it('answers a viewer 403 without reading the upload', async () => {
    const viewer = (await createToken(s.store, { name: 'v', role: 'viewer', actor: 'test' })).token;
    const tokenApp = s.variant({ mode: 'token' });
    const other = await new Promise<Server>((resolve) => {
      const x = tokenApp.app.listen(0, '127.0.0.1', () => resolve(x));
    });
    try {
      const { req, response } = open({ Authorization: `Bearer ${viewer}` }, (other.address() as AddressInfo).port);
      req.write(part('edges.csv') + 'source,target\na,b\n');
      const { res, body } = await response;
      expect(res.statusCode).toBe(403);
      expect(JSON.parse(body).detail).toMatch(/needs the coordinator role/);
      req.destroy();
      expect(readdirSync(spool)).toEqual([]);
    } finally {
      other.closeAllConnections();
      other.close();
    }
  });

  it('sweeps upload directories a stopped process left behind, not those of uploads still arriving', () => {
    const left = path.join(spool, 'upload-left');
    const live = path.join(spool, 'upload-live');
    for (const d of [left, live]) {
      mkdirSync(d);
      writeFileSync(path.join(d, '0'), 'x');
    }
    const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
    utimesSync(left, twoHoursAgo, twoHoursAgo);
    expect(sweepUploads(spool)).toBe(1);
    expect(readdirSync(spool)).toEqual(['upload-live']);
    rmSync(live, { recursive: true });
  });
});
