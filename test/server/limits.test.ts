/** Issue 20, defects 7 and 10: upload caps refused early with the limit named, and a low-disk write refused before it starts. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { createWorkspace } from '../../src/store/workspaces.ts';
import { listVersions } from '../../src/store/versions.ts';
import { setFreeSpaceProbe } from '../../src/store/space.ts';
import { makeServer, type TestServer } from './helpers.ts';
import { smallEcosystem } from './fixtures.ts';

let s: TestServer;
beforeAll(async () => {
  s = await makeServer({ mode: 'local' });
  await createWorkspace(s.store, 'w', { actor: 'test' });
}, 120_000);
afterAll(async () => {
  setFreeSpaceProbe(undefined);
  await s?.dispose();
});

const upload = (name: string, content: string) => request(s.app).post('/api/workspaces/w/versions').attach('files', Buffer.from(content), name);

describe('upload shape caps', () => {
  it('refuses a CSV with too many columns, naming the limit, file and line', async () => {
    const header = ['id', 'type', ...Array.from({ length: 1200 }, (_, i) => `c${i}`)].join(',');
    const r = await upload('nodes.csv', `${header}\na,school${',1'.repeat(1200)}\n`).expect(422);
    expect(r.body.errors[0]).toMatchObject({ in: 'file', path: 'nodes.csv:1:columns' });
    expect(r.body.errors[0].expected).toMatch(/at most 1000 columns \(HUBGRAPH_UPLOAD_MAX_COLUMNS\)/);
    expect(r.body.errors[0].message).toMatch(/1202 columns/);
  });

  it('refuses a GraphML node with too many attribute values and too many keys', async () => {
    const data = Array.from({ length: 600 }, (_, i) => `<data key="k0">${i}</data>`).join('');
    const g = `<?xml version="1.0"?>\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n<key id="k0" for="node" attr.name="x"/>\n<graph edgedefault="undirected">\n<node id="a">${data}</node>\n</graph></graphml>`;
    const r = await upload('g.graphml', g).expect(422);
    expect(r.body.errors[0]).toMatchObject({ path: 'g.graphml:5:attributes' });
    const keys = Array.from({ length: 1100 }, (_, i) => `<key id="k${i}" for="node" attr.name="a${i}"/>`).join('\n');
    const r2 = await upload('k.graphml', `<graphml>\n${keys}\n<graph></graph></graphml>`).expect(422);
    expect(r2.body.errors[0].path).toMatch(/^k\.graphml:\d+:keys$/);
  });

  it('refuses XML nested deeper than the cap, and still accepts an ordinary dataset', async () => {
    const deep = `<graphml>\n<graph>${'<x>'.repeat(100)}${'</x>'.repeat(100)}</graph></graphml>`;
    const r = await upload('d.graphml', deep).expect(422);
    expect(r.body.errors[0]).toMatchObject({ path: 'd.graphml:2:depth' });
    expect(r.body.errors[0].expected).toMatch(/nested at most 64 deep \(HUBGRAPH_UPLOAD_MAX_DEPTH\)/);
    await upload('ok.json', JSON.stringify(smallEcosystem())).expect(201);
  });
});

describe('concurrent uploads per caller', () => {
  it('refuses a second upload while the first is still being received, before reading its body', async () => {
    const one = s.variant({ limits: { uploadsPerCaller: 1 } });
    const server = await new Promise<Server>((resolve) => {
      const x = one.app.listen(0, '127.0.0.1', () => resolve(x));
    });
    const port = (server.address() as AddressInfo).port;
    try {
      // The first upload sends its headers and part of its body, then waits.
      const first = httpRequest({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/workspaces/w/versions',
        headers: { 'Content-Type': 'multipart/form-data; boundary=XX', 'Content-Length': '100000' },
      });
      first.on('error', () => {});
      first.write('--XX\r\nContent-Disposition: form-data; name="files"; filename="nodes.csv"\r\n\r\nid,type\n');
      await new Promise((r) => setTimeout(r, 500));
      const form = new FormData();
      form.append('files', new Blob(['id,type\na,school\n']), 'nodes.csv');
      const second = await fetch(`http://127.0.0.1:${port}/api/workspaces/w/versions`, { method: 'POST', body: form });
      expect(second.status).toBe(429);
      expect(((await second.json()) as { detail: string }).detail).toMatch(/at most 1 uploads at a time per caller/);
      first.destroy();
      await new Promise((r) => setTimeout(r, 200));
      // Once the first has gone, the caller may upload again.
      const form2 = new FormData();
      form2.append('files', new Blob([JSON.stringify(smallEcosystem())]), 'd.json');
      const third = await fetch(`http://127.0.0.1:${port}/api/workspaces/w/versions`, { method: 'POST', body: form2 });
      expect(third.status).toBe(201);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

describe('free disk space', () => {
  it('refuses an import with 507 and a clear message when the disk is nearly full; nothing is written', async () => {
    const before = (await listVersions(s.store, 'w')).length;
    setFreeSpaceProbe(async () => 10 * 2 ** 20); // 10 MB free: less than the 64 MB kept free
    try {
      const r = await upload('d.json', JSON.stringify(smallEcosystem())).expect(507);
      expect(r.body.detail).toMatch(/not enough free disk space for this write: 10 MB free in .*nothing was written/);
    } finally {
      setFreeSpaceProbe(undefined);
    }
    expect((await listVersions(s.store, 'w')).length).toBe(before);
    await upload('d.json', JSON.stringify(smallEcosystem())).expect(201);
  });
});
